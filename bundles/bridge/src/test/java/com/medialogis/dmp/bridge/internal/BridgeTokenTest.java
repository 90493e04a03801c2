package com.medialogis.dmp.bridge.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class BridgeTokenTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private static String shown(BridgeToken token) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        token.writeTo(out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    public void aTokenIsMadeOnceKeptPrivateAndAcceptedAloneUntilRenewed() throws Exception {
        Path file = folder.getRoot().toPath().resolve("bridge/token");
        BridgeToken token = new BridgeToken(file);
        String first = shown(token);
        assertTrue(first, first.matches("[A-Za-z0-9_-]{43}"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals("the same token after a restart", first, shown(new BridgeToken(file)));
        assertTrue(token.accepts(first));
        assertFalse(token.accepts(first.substring(1)));
        assertFalse(token.accepts(first + "x"));
        assertFalse(token.accepts(""));
        token.renew();
        String second = shown(token);
        assertFalse(first.equals(second));
        assertFalse("the former token is refused at once", token.accepts(first));
        assertTrue(token.accepts(second));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(second, Files.readString(file));
    }
}
