package com.medialogis.dmp.cardsimulator.internal;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import javax.security.auth.x500.X500Principal;
import org.junit.Test;

public class VirtualCpsTest {

    private final VirtualCps cps = VirtualCps.doctor();

    @Test
    public void triesLeftAreReadWithoutSpendingOne() {
        select();
        assertEquals(0x63C3, triesLeft());
        assertEquals(0x63C3, triesLeft());
    }

    @Test
    public void wrongPinsCountDownAndTheRightOneRestoresThreeTries() {
        select();
        assertEquals(0x63C2, verify("0000"));
        assertEquals(0x63C1, verify("9999"));
        assertEquals(0x9000, verify("1234"));
        assertEquals("verified: an empty VERIFY answers 9000", 0x9000, triesLeft());
        cps.powerOff();
        select();
        assertEquals("back to three tries", 0x63C3, triesLeft());
    }

    @Test
    public void threeWrongPinsBlockTheCardForGood() {
        select();
        verify("0000");
        verify("0000");
        assertEquals(0x6983, verify("0000"));
        assertEquals(0x6983, verify("1234"));
        assertEquals(0x6983, triesLeft());
    }

    @Test
    public void triesCounterSurvivesPowerCyclesButVerificationDoesNot() {
        select();
        assertEquals(0x9000, verify("1234"));
        cps.powerOff();
        select();
        assertEquals(0x63C3, triesLeft());
        assertEquals(0x63C2, verify("1111"));
        cps.powerOff();
        select();
        assertEquals(0x63C2, triesLeft());
    }

    @Test
    public void cardNumberAndDirectoriesAreReadWithoutPin() {
        select();
        assertEquals(0x9000, send(new CommandAPDU(0x00, 0xA4, 0x09, 0x04, new byte[] {(byte) 0xD0, 0x03})).getSW());
        ResponseAPDU number = send(new CommandAPDU(0x00, 0xB0, 0x00, 0x00, 256));
        assertEquals("the file is shorter than asked: end of file", 0x6282, number.getSW());
        assertEquals("5A 0A, the PAN in BCD padded with F", "5a0a8025000001000123452f", HexFormat.of().formatHex(number.getData()));
        assertEquals(0x9000, send(new CommandAPDU(0x00, 0xA4, 0x09, 0x04, new byte[] {0x00, 0x01, 0x50, 0x31})).getSW());
        assertEquals("ODF: CDF [4] at 4404, AODF [8] at 4401", "a40630040402440" + "4a806300404024401",
                HexFormat.of().formatHex(send(new CommandAPDU(0x00, 0xB0, 0x00, 0x00, 256)).getData()));
        assertEquals("past the end", 0x6B00, send(new CommandAPDU(0x00, 0xB0, 0x00, 0x40, 16)).getSW());
        assertEquals(0x6A82, send(new CommandAPDU(0x00, 0xA4, 0x09, 0x04, new byte[] {0x00, 0x01, 0x50, 0x39})).getSW());
    }

    @Test
    public void authenticationCertificateNamesTheHolderInThePublicForm() throws Exception {
        select();
        assertEquals(0x9000, send(new CommandAPDU(0x00, 0xA4, 0x09, 0x04, new byte[] {0x00, 0x01, (byte) 0xC0, 0x01})).getSW());
        ByteArrayOutputStream der = new ByteArrayOutputStream();
        ResponseAPDU chunk;
        do {
            chunk = send(new CommandAPDU(0x00, 0xB0, der.size() >> 8, der.size() & 0xFF, 256));
            der.writeBytes(chunk.getData());
        } while (chunk.getSW() == 0x9000);
        assertEquals(0x6282, chunk.getSW());
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der.toByteArray()));
        assertEquals("one name of three values (sorted as DER sets are), the profession, the country",
                "SURNAME=DUPONT + GIVENNAME=JEANNE + CN=899700000001, T=Médecin, C=FR",
                certificate.getSubjectX500Principal().getName(X500Principal.RFC1779,
                        Map.of("2.5.4.4", "SURNAME", "2.5.4.42", "GIVENNAME", "2.5.4.12", "T")));
        certificate.checkValidity();
    }

    @Test
    public void pinTriesAreReadFromThePinObject() {
        select();
        byte[] query = HexFormat.of().parseHex("4D087006BF810102A080");
        assertEquals(0x9000, send(new CommandAPDU(0x00, 0xA4, 0x00, 0x0C, new byte[] {0x3F, 0x00})).getSW());
        ResponseAPDU answer = send(new CommandAPDU(0x00, 0xCB, 0x3F, 0xFF, query, 256));
        assertEquals(0x9000, answer.getSW());
        assertEquals("70 { BF8101 { A0 { 9A 03, 9B 03 } } }", "700cbf810108a0069a01039b0103", HexFormat.of().formatHex(answer.getData()));
        verify("0000");
        assertEquals("9b0102", HexFormat.of().formatHex(send(new CommandAPDU(0x00, 0xCB, 0x3F, 0xFF, query, 256)).getData()).substring(22));
        assertEquals("another object", 0x6A88, send(new CommandAPDU(0x00, 0xCB, 0x3F, 0xFF,
                HexFormat.of().parseHex("4D087006BF810202A080"), 256)).getSW());
    }

    @Test
    public void commandsBeforeSelectAndUnknownOnesAreRefused() {
        assertEquals(0x6985, triesLeft());
        assertEquals(0x6A82, send(new CommandAPDU(0x00, 0xA4, 0x04, 0x00, VirtualVitale.VITALE_AID)).getSW());
        assertEquals("no file before the application", 0x6A82, send(new CommandAPDU(0x00, 0xA4, 0x09, 0x04, new byte[] {(byte) 0xD0, 0x03})).getSW());
        select();
        assertEquals(0x6986, send(new CommandAPDU(0x00, 0xB0, 0x00, 0x00, 16)).getSW());
        assertEquals("a path from the MF is not how a CPx card is read", 0x6A86,
                send(new CommandAPDU(0x00, 0xA4, 0x08, 0x0C, new byte[] {(byte) 0xD0, 0x03})).getSW());
        assertEquals(0x6D00, send(new CommandAPDU(0x00, 0xB2, 0x01, 0x04, 16)).getSW());
        assertEquals(0x6E00, send(new CommandAPDU(0x90, 0x20, 0x00, 0x81)).getSW());
        assertEquals(0x6700, send(new CommandAPDU(0x00, 0x20, 0x00, 0x81, new byte[] {1, 2, 3})).getSW());
        assertEquals(0x6A88, send(new CommandAPDU(0x00, 0x20, 0x00, 0x01, padded("1234"))).getSW());
    }

    private void select() {
        assertEquals(0x9000, send(new CommandAPDU(0x00, 0xA4, 0x04, 0x00, VirtualCps.AID)).getSW());
    }

    private int triesLeft() {
        return send(new CommandAPDU(0x00, 0x20, 0x00, 0x81)).getSW();
    }

    private int verify(String pin) {
        return send(new CommandAPDU(0x00, 0x20, 0x00, 0x81, padded(pin))).getSW();
    }

    private ResponseAPDU send(CommandAPDU command) {
        return new ResponseAPDU(cps.process(command.getBytes()));
    }

    static byte[] padded(String pin) {
        byte[] padded = new byte[8];
        Arrays.fill(padded, (byte) 0xFF);
        byte[] digits = pin.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, padded, 0, digits.length);
        return padded;
    }
}
