package com.medialogis.dmp.bridge.internal.licence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class LicenceToolTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... arguments) {
        out.reset();
        err.reset();
        return LicenceTool.run(List.of(arguments), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    public void aKeyPairIsMadeOnceAndItsCodesCheckWithItsPublicKey() throws Exception {
        Path keys = folder.getRoot().toPath();
        assertEquals(0, run("keypair", keys.toString()));
        String line = out.toString(StandardCharsets.UTF_8).strip();
        String[] fields = line.split(" ");
        assertEquals("vendor", fields[0]);
        Path privateKey = keys.resolve(LicenceTool.PRIVATE_KEY_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey)));
        byte[] before = Files.readAllBytes(privateKey);
        assertEquals(44, before.length);
        assertTrue("the private key is never printed", !line.contains(new String(before, StandardCharsets.US_ASCII)));
        assertEquals(1, run("keypair", keys.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8).contains("never overwritten"));
        assertEquals("the private key is kept", new String(before, StandardCharsets.US_ASCII),
                Files.readString(privateKey));

        assertEquals(0, run("issue", "--key", privateKey.toString(), "--practice", "Cabinet Gene", "--expires", "2027-12-31"));
        String code = out.toString(StandardCharsets.UTF_8).strip();
        LicenceCodes codes = new LicenceCodes(Map.of(fields[1], new LicenceCodes.TrustedKey(fields[0],
                Base64.getDecoder().decode(fields[2]))));
        LicenceCodes.Check check = codes.check(code, "Cabinet Gene", LocalDate.of(2026, 11, 30));
        assertEquals(check.detail(), LicenceCodes.Verdict.VALID, check.verdict());
        assertEquals(java.util.Set.of(Licence.EFFICIENCE), check.licence().orElseThrow().options());
    }

    @Test
    public void misuseSaysHow() throws Exception {
        assertEquals(2, run());
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage: dmp-licence keypair FOLDER"));
        assertEquals(2, run("issue", "--practice", "A"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("dmp-licence: --key, --practice and --expires are required"));
        assertEquals(2, run("issue", "--key", "k", "--practice", "A", "--expires", "31/12/2027"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("dmp-licence: --expires takes a date YYYY-MM-DD"));
        Path notAKey = folder.newFile("not-a-key").toPath();
        Files.writeString(notAKey, "hello\n");
        assertEquals(1, run("issue", "--key", notAKey.toString(), "--practice", "A", "--expires", "2027-12-31"));
        assertTrue(err.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8).endsWith(
                "is not a private key made by dmp-licence keypair\n"));
    }
}
