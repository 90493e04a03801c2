package com.medialogis.dmp.card.internal.profile;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.card.CpsCategory;
import com.medialogis.dmp.card.CpsHolder;
import com.medialogis.dmp.card.PinOutcome;
import com.medialogis.dmp.card.PinOutcome.Status;
import com.medialogis.dmp.cardsimulator.internal.VirtualCards;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.After;
import org.junit.Test;

/** The CPS read through its public IAS-ECC/PKCS#15 layout: the simulator's card, then recorded exchanges. */
public class IasCpsProfileTest {

    private static final String SELECT_CONTACT = "00A404000DE828BD080F8025000001FF001000";
    private static final String SELECT_CONTACTLESS = "00A404000DE828BD080F8025000001FF002000";
    private static final String SELECT_MF = "00A40000023F00";
    private static final String GET_PIN_OBJECT = "00CB3FFF0A4D087006BF810102A08000";
    /** 5A 0A and a PAN of the ANS (80 25 00 00 01) whose last digit is its Luhn digit, padded with F. */
    private static final String CARD_NUMBER = "5A0A8025000001000123452F";
    private static final PinPolicy SIMULATOR_PIN = new PinPolicy(0x81, true, 4, 8, Optional.of(8), (byte) 0xFF);
    private static final String AIDS_NOT_FOUND = "6A82";

    private final IasCpsProfile profile = new IasCpsProfile();
    private final VirtualCards cards = VirtualCards.standard();

    @After
    public void closeCards() {
        cards.close();
    }

    @Test
    public void theSimulatorsCpsIsReadFromItsCertificateAndDirectories() throws Exception {
        CpsIdentity identity = profile.identify(new SimulatorSession(cards, "cps")).orElseThrow();
        assertEquals(new CpsHolder("DUPONT", "JEANNE", "899700000001", "Médecin", Optional.empty()), identity.holder());
        assertEquals(CpsCategory.CPS, identity.category());
        assertTrue("a national identifier 8997… is a test card's", identity.test());
        assertEquals("the PAN without its Luhn digit", "802500000100012345", identity.cardNumber());
        assertEquals("the AODF's reference, encoding, lengths and padding", SIMULATOR_PIN, identity.pin());
    }

    @Test
    public void theSimulatorsPinIsCountedAndVerifiedAsTheAodfSays() throws Exception {
        SimulatorSession cps = new SimulatorSession(cards, "cps");
        assertEquals(new PinOutcome(Status.TRIES_LEFT, 3, "3 tries left"), profile.triesLeft(cps, SIMULATOR_PIN));
        assertEquals(Status.WRONG_PIN, profile.verify(cps, SIMULATOR_PIN, ascii("0000")).status());
        assertEquals(2, profile.triesLeft(cps, SIMULATOR_PIN).triesLeft());
        assertEquals(Status.VERIFIED, profile.verify(cps, SIMULATOR_PIN, ascii("1234")).status());
        assertEquals(3, profile.triesLeft(cps, SIMULATOR_PIN).triesLeft());
    }

    @Test
    public void aCardWithoutTheIasApplicationIsNoCps() throws Exception {
        ScriptedSession card = new ScriptedSession().onCommand(SELECT_CONTACT, "6A82").onCommand(SELECT_CONTACTLESS, "6A82");
        assertEquals(Optional.empty(), profile.identify(card));
        assertEquals("both interfaces' AIDs tried, nothing else", 2, card.sent.size());
    }

    @Test
    public void theContactlessAidIsTriedWhenTheContactOneIsNotFound() throws Exception {
        ScriptedSession card = new ScriptedSession().onCommand(SELECT_CONTACT, "6A82").onCommand(SELECT_CONTACTLESS, "9000")
                .onCommand("00A4090402D00300", "6A82");
        CardDataException missing = assertThrows(CardDataException.class, () -> profile.identify(card));
        assertEquals("the card number (D003) could not be selected (6A82, file or application not found)", missing.getMessage());
        assertEquals("the contact AID, the contactless one, then the file from the contactless application's root",
                List.of(SELECT_CONTACT, SELECT_CONTACTLESS, SELECT_CONTACTLESS, "00A4090402D00300"), sent(card));
    }

    @Test
    public void aCardNumberThatFailsItsLuhnCheckOrIsNotTheAnssIsRefused() throws Exception {
        CardDataException luhn = assertThrows(CardDataException.class, () -> profile.identify(withCardNumber("5A0A8025000001000123453F")));
        assertEquals("the card number fails its Luhn check", luhn.getMessage());
        CardDataException issuer = assertThrows(CardDataException.class, () -> profile.identify(withCardNumber("5A0A4970000001000123452F")));
        assertTrue(issuer.getMessage(), issuer.getMessage().contains("issuer number 8025000001"));
        CardDataException truncated = assertThrows(CardDataException.class, () -> profile.identify(withCardNumber("5A0A80250000")));
        assertTrue(truncated.getMessage(), truncated.getMessage().contains("tag 5A announces 10 bytes but only 4 follow"));
    }

    @Test
    public void aTruncatedOdfIsRefusedSayingWhere() throws Exception {
        ScriptedSession card = withCardNumber(CARD_NUMBER).file("00015031", "A408300404024404");
        CardDataException odf = assertThrows(CardDataException.class, () -> profile.identify(card));
        assertEquals("the ODF: tag A4 announces 8 bytes but only 6 follow", odf.getMessage());
    }

    @Test
    public void aCdfWithoutTheAuthenticationCertificateIsRefused() throws Exception {
        ScriptedSession card = withDirectories(cdf("Certificat de Signature CPS", "4405"));
        CardDataException missing = assertThrows(CardDataException.class, () -> profile.identify(card));
        assertEquals("the CDF lists no \"Certificat d'Authentification CPS\"", missing.getMessage());
    }

    @Test
    public void aCertificateThatDoesNotParseIsRefused() throws Exception {
        ScriptedSession card = withDirectories(cdf("Certificat d'Authentification CPS", "4405")).file("00014405", "3082010A020100");
        CardDataException certificate = assertThrows(CardDataException.class, () -> profile.identify(card));
        assertTrue(certificate.getMessage(), certificate.getMessage().startsWith("the authentication certificate does not parse"));
    }

    @Test
    public void pinTriesComeFromThePinObjectWithoutSpendingOne() throws Exception {
        ScriptedSession card = new ScriptedSession().onCommand(SELECT_MF, "9000")
                .onCommand(GET_PIN_OBJECT, "700CBF810108A0069A01039B0102" + "9000");
        assertEquals(new PinOutcome(Status.TRIES_LEFT, 2, "2 tries left"), profile.triesLeft(card, SIMULATOR_PIN));
        assertEquals("the MF selected, then GET DATA of the PIN object; no VERIFY", List.of(SELECT_MF, GET_PIN_OBJECT), sent(card));

        card.onCommand(GET_PIN_OBJECT, "700CBF810108A0069A01039B0100" + "9000");
        assertEquals(Status.BLOCKED, profile.triesLeft(card, SIMULATOR_PIN).status());
        card.onCommand(GET_PIN_OBJECT, "6A88");
        assertEquals(new PinOutcome(Status.CARD_ERROR, -1, "the card answered 6A88, referenced data not found"),
                profile.triesLeft(card, SIMULATOR_PIN));
        card.onCommand(GET_PIN_OBJECT, "700CBF810108A0069A0103" + "9000");
        assertEquals(Status.CARD_ERROR, profile.triesLeft(card, SIMULATOR_PIN).status());
        card.onCommand(GET_PIN_OBJECT, "7007BF810103A0059A" + "9000");
        PinOutcome truncated = profile.triesLeft(card, SIMULATOR_PIN);
        assertEquals(Status.CARD_ERROR, truncated.status());
        assertTrue(truncated.detail(), truncated.detail().contains("tag A0 announces 5 bytes but only 1 follow"));
    }

    @Test
    public void verifySendsThePinAsTheAodfDescribesItOnce() throws Exception {
        ScriptedSession card = new ScriptedSession().onCommand(SELECT_CONTACT, "9000")
                .onCommand("00200081083132333 4FFFFFFFF".replace(" ", ""), "9000");
        assertEquals(Status.VERIFIED, profile.verify(card, SIMULATOR_PIN, ascii("1234")).status());
        assertEquals("select, then one VERIFY", 2, card.sent.size());

        PinPolicy unpadded = new PinPolicy(0x01, true, 4, 6, Optional.empty(), (byte) 0);
        ScriptedSession other = new ScriptedSession().onCommand(SELECT_CONTACT, "9000").onCommand("00200001043132333 4".replace(" ", ""), "63C1");
        assertEquals(new PinOutcome(Status.WRONG_PIN, 1, "wrong PIN, 1 try left"), profile.verify(other, unpadded, ascii("1234")));
    }

    @Test
    public void verifyStatusWordsBecomeOutcomes() throws Exception {
        String verify = "002000810831323334FFFFFFFF";
        assertEquals(Status.BLOCKED, verifyAnswered(verify, "6983").status());
        assertEquals(new PinOutcome(Status.CARD_ERROR, -1, "the card answered 6700, wrong length"), verifyAnswered(verify, "6700"));
        ScriptedSession gone = new ScriptedSession().onCommand(SELECT_CONTACT, AIDS_NOT_FOUND).onCommand(SELECT_CONTACTLESS, AIDS_NOT_FOUND);
        assertEquals(new PinOutcome(Status.CARD_ERROR, -1, "the CPS application could not be selected: the PIN was not sent"),
                profile.verify(gone, SIMULATOR_PIN, ascii("1234")));
        assertTrue("no VERIFY", gone.sent.stream().noneMatch(apdu -> apdu.getINS() == 0x20));
    }

    @Test
    public void aPinOutsideTheAodfsLengthsOrEncodingIsNotSent() throws Exception {
        ScriptedSession card = new ScriptedSession();
        assertEquals(Status.INVALID_PIN, profile.verify(card, SIMULATOR_PIN, ascii("123456789")).status());
        assertEquals(Status.INVALID_PIN, profile.verify(card, new PinPolicy(1, true, 6, 8, Optional.empty(), (byte) 0), ascii("1234")).status());
        assertThrows("a policy padding a PIN shorter than its maximum", IllegalArgumentException.class,
                () -> new PinPolicy(1, true, 4, 8, Optional.of(6), (byte) 0));
        assertEquals(Status.CARD_ERROR, profile.verify(card, new PinPolicy(1, false, 4, 8, Optional.empty(), (byte) 0), ascii("1234")).status());
        assertEquals("nothing sent", 0, card.sent.size());
    }

    private PinOutcome verifyAnswered(String verify, String answer) throws Exception {
        return profile.verify(new ScriptedSession().onCommand(SELECT_CONTACT, "9000").onCommand(verify, answer), SIMULATOR_PIN, ascii("1234"));
    }

    private static ScriptedSession withCardNumber(String file) {
        return new ScriptedSession().onCommand(SELECT_CONTACT, "9000").file("D003", file);
    }

    /** The card number, an ODF pointing at 0001/4404 (CDF) and 0001/4401 (AODF), and this CDF. */
    private static ScriptedSession withDirectories(String cdf) {
        return withCardNumber(CARD_NUMBER).file("00015031", "A406300404024404A806300404024401").file("00014404", cdf);
    }

    /** A CDF of one certificate with this label, at this path relative to 3F00/0001. */
    private static String cdf(String label, String path) {
        String text = HexFormat.of().formatHex(label.getBytes(StandardCharsets.ISO_8859_1));
        String common = "0C" + hex(text.length() / 2) + text;
        String entry = "30" + hex(common.length() / 2) + common + "3003040101" + "A108300630040402" + path;
        return "30" + hex(entry.length() / 2) + entry;
    }

    private static List<String> sent(ScriptedSession card) {
        return card.sent.stream().map(apdu -> HexFormat.of().withUpperCase().formatHex(apdu.getBytes())).toList();
    }

    private static byte[] ascii(String pin) {
        return pin.getBytes(StandardCharsets.US_ASCII);
    }

    private static String hex(int length) {
        return String.format("%02X", length);
    }
}
