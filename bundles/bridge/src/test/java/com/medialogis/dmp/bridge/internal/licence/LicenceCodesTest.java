package com.medialogis.dmp.bridge.internal.licence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.Test;

public class LicenceCodesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 30);
    private static final Licence CABINET = new Licence("Cabinet Gene", Set.of(Licence.EFFICIENCE), LocalDate.of(2026, 1, 5),
            LocalDate.of(2027, 12, 31), false);

    private final byte[] vendorKey = new Ed25519PrivateKeyParameters(new SecureRandom()).getEncoded();
    private final LicenceCodes codes = codesTrusting(vendorKey, "vendor");

    private static LicenceCodes codesTrusting(byte[] privateKey, String kind) {
        byte[] publicKey = new Ed25519PrivateKeyParameters(privateKey, 0).generatePublicKey().getEncoded();
        return new LicenceCodes(Map.of(LicenceCodes.keyId(publicKey), new LicenceCodes.TrustedKey(kind, publicKey)));
    }

    @Test
    public void aCodeOfATrustedKeyIsValidWithWhatItHolds() {
        LicenceCodes.Check check = codes.check(LicenceCodes.issue(CABINET, vendorKey), "Cabinet Gene", TODAY);
        assertEquals(check.detail(), LicenceCodes.Verdict.VALID, check.verdict());
        assertEquals(CABINET, check.licence().orElseThrow());
        assertEquals("licence of Cabinet Gene until 2027-12-31", check.detail());
        assertEquals("its last day is valid", LicenceCodes.Verdict.VALID,
                codes.check(LicenceCodes.issue(CABINET, vendorKey), "", LocalDate.of(2027, 12, 31)).verdict());
    }

    @Test
    public void aChangedCodeIsTampered() {
        String code = LicenceCodes.issue(CABINET, vendorKey);
        String[] parts = code.split("\\.");
        String content = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String longer = content.replace("2027-12-31", "2099-12-31");
        assertFalse(content.equals(longer));
        String changed = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(longer.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertEquals(LicenceCodes.Verdict.TAMPERED, codes.check(changed, "", TODAY).verdict());
        char last = parts[2].charAt(10);
        String otherSignature = code.substring(0, code.lastIndexOf('.') + 11) + (last == 'A' ? 'B' : 'A')
                + code.substring(code.lastIndexOf('.') + 12);
        assertEquals(LicenceCodes.Verdict.TAMPERED, codes.check(otherSignature, "", TODAY).verdict());
    }

    @Test
    public void aCodeOfAnotherKeyIsForeign() {
        byte[] someoneElse = new Ed25519PrivateKeyParameters(new SecureRandom()).getEncoded();
        LicenceCodes.Check check = codes.check(LicenceCodes.issue(CABINET, someoneElse), "", TODAY);
        assertEquals(LicenceCodes.Verdict.FOREIGN, check.verdict());
        assertTrue(check.detail(), check.detail().endsWith("which is not a Médialogis key"));
    }

    @Test
    public void anExpiredCodeOrAnotherPracticesIsRefusedWithTheReason() {
        LicenceCodes.Check expired = codes.check(LicenceCodes.issue(CABINET, vendorKey), "", LocalDate.of(2028, 1, 1));
        assertEquals(LicenceCodes.Verdict.EXPIRED, expired.verdict());
        assertEquals("expired on 2027-12-31", expired.detail());
        LicenceCodes.Check other = codes.check(LicenceCodes.issue(CABINET, vendorKey), "Cabinet Martin", TODAY);
        assertEquals(LicenceCodes.Verdict.OTHER_PRACTICE, other.verdict());
        assertEquals("issued for practice Cabinet Gene, not Cabinet Martin", other.detail());
    }

    @Test
    public void aDemoKeysCodeIsADemonstrationLicenceForAnyPractice() {
        LicenceCodes demo = codesTrusting(vendorKey, "demo");
        LicenceCodes.Check check = demo.check(LicenceCodes.issue(CABINET, vendorKey), "Cabinet Martin", TODAY);
        assertEquals(LicenceCodes.Verdict.VALID, check.verdict());
        assertTrue(check.licence().orElseThrow().demo());
        assertEquals("demonstration licence of Cabinet Gene until 2027-12-31", check.detail());
    }

    @Test
    public void whatIsNotACodeIsMissingOrMalformed() {
        assertEquals(LicenceCodes.Verdict.MISSING, codes.check("  ", "", TODAY).verdict());
        for (String bad : new String[] {"hello", "MDL1.abc", "MDL2.e30.AAAA", "MDL1.!!!.AAAA", "MDL1.e30.AAAA",
            "MDL1." + b64("{\"practice\":\"A\"}") + ".AAAA", "MDL1." + b64("{\"practice\":\"A\",\"extra\":1}") + ".AAAA",
            "MDL1." + b64("not json") + ".AAAA", "MDL1." + "A".repeat(5000) + ".AAAA"}) {
            assertEquals(bad, LicenceCodes.Verdict.MALFORMED, codes.check(bad, "", TODAY).verdict());
        }
    }

    @Test
    public void theShippedKeysTrustTheDemoKeyOfTheTests() throws Exception {
        byte[] demoKey;
        try (InputStream in = getClass().getResourceAsStream("demo-private.key")) {
            demoKey = Base64.getDecoder().decode(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        }
        LicenceCodes.Check check = LicenceCodes.shipped().check(LicenceCodes.issue(CABINET, demoKey), "", TODAY);
        assertEquals(check.detail(), LicenceCodes.Verdict.VALID, check.verdict());
        assertTrue("signed by the demo key: a demonstration licence", check.licence().orElseThrow().demo());
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
