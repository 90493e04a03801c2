package com.medialogis.dmp.cardsimulator.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
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
    public void holderIsReadWithoutPin() {
        select();
        ResponseAPDU holder = send(new CommandAPDU(0x80, 0xCA, 0x00, 0x01, 256));
        assertEquals(0x9000, holder.getSW());
        String text = new String(holder.getData(), StandardCharsets.ISO_8859_1);
        assertTrue(text, text.contains("DUPONT") && text.contains("810100000001") && text.contains("SM54"));
    }

    @Test
    public void commandsBeforeSelectAndUnknownOnesAreRefused() {
        assertEquals(0x6985, triesLeft());
        assertEquals(0x6A82, send(new CommandAPDU(0x00, 0xA4, 0x04, 0x00, VirtualVitale.AID)).getSW());
        select();
        assertEquals(0x6D00, send(new CommandAPDU(0x00, 0xB0, 0x00, 0x00, 16)).getSW());
        assertEquals(0x6E00, send(new CommandAPDU(0x90, 0x20, 0x00, 0x81)).getSW());
        assertEquals(0x6700, send(new CommandAPDU(0x00, 0x20, 0x00, 0x81, new byte[] {1, 2, 3})).getSW());
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
