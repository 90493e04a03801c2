package com.medialogis.dmp.bridge.internal;

import com.medialogis.dmp.support.files.DataFolder;
import com.medialogis.dmp.support.files.PrivateFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The bridge token every call carries ({@code Authorization: Bearer <token>}): 32 random bytes in
 * base64url, made at the first start in {@code bridge/token} of the data folder (readable by its
 * owner only), shown and replaced by the {@code bridge:token} command. It is kept as bytes and
 * compared in constant time; it is never logged.
 */
@Component(service = BridgeToken.class)
public class BridgeToken {

    private static final int RANDOM_BYTES = 32;

    private final Path file;
    private volatile byte[] token;

    @Activate
    public BridgeToken(BundleContext context) {
        this(DataFolder.resolve(context, "", "bridge").resolve("token"));
    }

    BridgeToken(Path file) {
        this.file = file;
        try {
            PrivateFiles.folder(file.getParent());
            this.token = readOrWrite(file);
        } catch (IOException e) {
            throw new UncheckedIOException("the bridge token cannot be kept in " + file, e);
        }
    }

    /** @return whether the presented token is this one */
    boolean accepts(String presented) {
        return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes the token, for its owner to give the practice program. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(token);
    }

    /** Replaces the token: calls with the former one are refused from now on. */
    public synchronized void renew() throws IOException {
        byte[] former = token;
        token = write(file);
        Arrays.fill(former, (byte) 0);
    }

    /** The token kept, its file made private whatever left it (an older version, a restore), or a new one. */
    private static byte[] readOrWrite(Path file) throws IOException {
        try {
            PrivateFiles.file(file);
            return Files.readAllBytes(file);
        } catch (NoSuchFileException absent) {
            return write(file);
        }
    }

    /** A new token, written to a private file then moved in place. */
    private static byte[] write(Path file) throws IOException {
        byte[] random = new byte[RANDOM_BYTES];
        new SecureRandom().nextBytes(random);
        byte[] token = Base64.getUrlEncoder().withoutPadding().encode(random);
        Arrays.fill(random, (byte) 0);
        PrivateFiles.replace(file, token);
        return token;
    }
}
