package com.medialogis.dmp.support.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which process listens on a TCP port of this machine, where the system can tell: Linux's
 * {@code /proc} (the sockets in {@code net/tcp} and {@code net/tcp6}, the processes' open files),
 * for the processes this user may look into (all of them for root).
 */
public final class PortHolder {

    private static final Path PROC = Path.of("/proc");
    private static final String LISTEN = "0A";
    private static final int LONGEST_PROGRAM = 120;

    private PortHolder() {}

    /** @return "pid N: its program" (without its arguments), or empty when the system does not tell */
    public static Optional<String> of(int port) {
        try {
            Set<String> sockets = listeningSockets(port);
            if (sockets.isEmpty()) {
                return Optional.empty();
            }
            try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, entry -> entry.getFileName().toString()
                    .chars().allMatch(Character::isDigit))) {
                for (Path process : processes) {
                    if (holds(process, sockets)) {
                        return Optional.of("pid " + process.getFileName() + ": " + program(process));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The inodes of the sockets listening on the port, from lines such as {@code 0: 0100007F:26EE 00000000:0000 0A … inode}. */
    private static Set<String> listeningSockets(int port) throws IOException {
        String hexPort = ":" + String.format(Locale.ROOT, "%04X", port);
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            Path file = PROC.resolve(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9 && fields[1].endsWith(hexPort) && fields[3].equals(LISTEN)) {
                    inodes.add(fields[9]);
                }
            }
        }
        return inodes;
    }

    private static boolean holds(Path process, Set<String> sockets) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path file : files) {
                if (isOneOf(file, sockets)) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false; // the process has ended, or this user may not look into it
        }
        return false;
    }

    /** A file the process closes while it is looked at is passed over: the process's other files are still looked at. */
    private static boolean isOneOf(Path file, Set<String> sockets) {
        try {
            String target = Files.readSymbolicLink(file).toString();
            return target.startsWith("socket:[") && sockets.contains(target.substring(8, target.length() - 1));
        } catch (IOException e) {
            return false;
        }
    }

    /** The program only: its arguments may hold another program's secrets, and this goes to logs and monitoring. */
    private static String program(Path process) throws IOException {
        byte[] line = Files.readAllBytes(process.resolve("cmdline"));
        int end = 0;
        while (end < line.length && line[end] != 0) {
            end++;
        }
        String program = new String(line, 0, end, StandardCharsets.UTF_8).strip();
        return program.length() > LONGEST_PROGRAM ? program.substring(0, LONGEST_PROGRAM) + "…" : program;
    }
}
