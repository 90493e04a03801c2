package com.medialogis.dmp.efficience.internal;

import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.ConnectorException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The DC parameters of the practice's Efficience licence (EFFICIENCE-API.md §2.1, §4.3), a secret
 * kept in a file readable by its owner only, read as bytes at each session's opening and never
 * made a {@code String} nor logged.
 */
final class DcParameters {

    private static final Set<PosixFilePermission> SHARED = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private DcParameters() {}

    /** @throws IllegalArgumentException naming the setting, when the file is missing, not a file, or readable by others */
    static void checkPrivate(Path file) {
        problem(file).ifPresent(problem -> {
            throw new IllegalArgumentException(EfficienceConnector.PID + ": dc.parameters.file " + problem);
        });
    }

    private static Optional<String> problem(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(file + " is not a file");
        }
        try {
            Set<PosixFilePermission> shared = EnumSet.copyOf(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
            shared.retainAll(SHARED);
            return shared.isEmpty() ? Optional.empty()
                    : Optional.of(file + " may be read by others (" + shared + "): chmod 600 it, it is a secret of the licence");
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of(file + " cannot be checked: " + e);
        }
    }

    /**
     * @return the parameters, base64 without its trailing line break; the caller wipes them
     * @throws ConnectorException when the file is no longer private, cannot be read, or is not base64
     */
    static byte[] read(Path file) throws ConnectorException {
        Optional<String> problem = problem(file);
        if (problem.isPresent()) {
            throw new ConnectorException(Kind.PERMANENT, "DC_PARAMETERS", "the DC parameters were not sent: " + problem.get());
        }
        byte[] read;
        try {
            read = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConnectorException(Kind.PERMANENT, "DC_PARAMETERS", "the DC parameters could not be read from " + file + ": " + e);
        }
        int end = read.length;
        while (end > 0 && (read[end - 1] == '\n' || read[end - 1] == '\r' || read[end - 1] == ' ')) {
            end--;
        }
        byte[] parameters = Arrays.copyOf(read, end);
        Arrays.fill(read, (byte) 0);
        for (byte b : parameters) {
            if (!(b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '+' || b == '/' || b == '=')) {
                Arrays.fill(parameters, (byte) 0);
                throw new ConnectorException(Kind.PERMANENT, "DC_PARAMETERS", "the DC parameters in " + file
                        + " are not base64 (one line of A-Z, a-z, 0-9, +, / and =): they were not sent");
            }
        }
        if (parameters.length == 0) {
            throw new ConnectorException(Kind.PERMANENT, "DC_PARAMETERS", file + " is empty: no DC parameters were sent");
        }
        return parameters;
    }
}
