package com.medialogis.dmp.bridge.internal.licence;

import com.medialogis.dmp.support.files.PrivateFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * {@code bin/dmp-licence}, the vendor's tool: makes the key pair that signs licences, and issues
 * a licence code with the private key. The private key is a file readable by its owner only,
 * created so, never printed; the public key's line goes into the bridge's {@code licence-keys.txt}.
 */
public final class LicenceTool {

    static final String USAGE = "usage: dmp-licence keypair FOLDER\n"
            + "       dmp-licence issue --key PRIVATE-KEY-FILE --practice PRACTICE --expires YYYY-MM-DD [--option OPTION]...\n"
            + "       (the default option is \"" + Licence.EFFICIENCE + "\")";
    static final String PRIVATE_KEY_FILE = "licence-private.key";

    private LicenceTool() {}

    public static void main(String[] arguments) {
        System.exit(run(List.of(arguments), System.out, System.err));
    }

    /** @return the exit status: 0 done, 1 failed, 2 misused */
    static int run(List<String> arguments, PrintStream out, PrintStream err) {
        try {
            if (arguments.size() == 2 && arguments.get(0).equals("keypair")) {
                out.println(keypair(Path.of(arguments.get(1))));
                return 0;
            }
            if (!arguments.isEmpty() && arguments.get(0).equals("issue")) {
                out.println(issue(arguments.subList(1, arguments.size())));
                return 0;
            }
            err.println(USAGE);
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("dmp-licence: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IOException e) {
            err.println("dmp-licence: " + e.getMessage());
            return 1;
        }
    }

    /** @return the line of the public key for {@code licence-keys.txt} */
    static String keypair(Path folder) throws IOException {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
        byte[] raw = key.getEncoded();
        byte[] encoded = Base64.getEncoder().encode(raw);
        Arrays.fill(raw, (byte) 0);
        Path file = folder.resolve(PRIVATE_KEY_FILE);
        try (SeekableByteChannel channel = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PrivateFiles.FILE))) {
            channel.write(ByteBuffer.wrap(encoded));
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " exists: a key pair is made once, and its private key never overwritten", e);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
        byte[] publicKey = key.generatePublicKey().getEncoded();
        return "vendor " + LicenceCodes.keyId(publicKey) + " " + Base64.getEncoder().encodeToString(publicKey);
    }

    static String issue(List<String> options) throws IOException {
        Path keyFile = null;
        String practice = null;
        LocalDate expires = null;
        Set<String> licensed = new LinkedHashSet<>();
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            if (i + 1 == options.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = options.get(++i);
            switch (option) {
                case "--key" -> keyFile = Path.of(value);
                case "--practice" -> practice = value.strip();
                case "--option" -> licensed.add(value.strip());
                case "--expires" -> {
                    try {
                        expires = LocalDate.parse(value);
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException("--expires takes a date YYYY-MM-DD, not " + value);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (keyFile == null || practice == null || practice.isEmpty() || expires == null) {
            throw new IllegalArgumentException("--key, --practice and --expires are required");
        }
        if (licensed.isEmpty()) {
            licensed.add(Licence.EFFICIENCE);
        }
        byte[] encoded = Files.readAllBytes(keyFile);
        byte[] privateKey = null;
        try {
            privateKey = decode(encoded);
            if (privateKey.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
                throw new IOException(keyFile + " is not a private key made by dmp-licence keypair");
            }
            return LicenceCodes.issue(new Licence(practice, licensed, LocalDate.now(), expires, false), privateKey);
        } catch (IllegalArgumentException e) {
            throw new IOException(keyFile + " is not a private key made by dmp-licence keypair", e);
        } finally {
            Arrays.fill(encoded, (byte) 0);
            if (privateKey != null) {
                Arrays.fill(privateKey, (byte) 0);
            }
        }
    }

    /** The key file's base64, without the final line break an editor may add, decoded with no copy left behind. */
    private static byte[] decode(byte[] encoded) {
        int end = encoded.length;
        while (end > 0 && (encoded[end - 1] == '\n' || encoded[end - 1] == '\r')) {
            end--;
        }
        ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(encoded, 0, end));
        byte[] key = new byte[decoded.remaining()];
        decoded.get(key);
        if (decoded.hasArray()) {
            Arrays.fill(decoded.array(), (byte) 0);
        }
        return key;
    }
}
