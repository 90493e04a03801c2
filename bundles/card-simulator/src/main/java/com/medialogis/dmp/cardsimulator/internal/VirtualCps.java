package com.medialogis.dmp.cardsimulator.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.smartcardio.CommandAPDU;

/**
 * A virtual CPS. PIN 1234 (padded with FF to 8 bytes), three tries; the tries counter lives as
 * long as the card (it survives power cycles), the verified state does not.
 *
 * <p>Commands: SELECT by AID {@code 00 A4 04 00}; GET DATA holder {@code 80 CA 00 01}; VERIFY
 * {@code 00 20 00 81} with no data (tries left, nothing spent) or with the 8-byte padded PIN.
 */
final class VirtualCps implements VirtualCard {

    static final byte[] AID = {(byte) 0xF0, 'D', 'M', 'P', 'C', 'P', 'S'};
    static final int MAX_TRIES = 3;
    /** A CPS3's, contact (DOMAIN.md §6). */
    private static final byte[] ATR = HexFormat.of().parseHex("3BAC00402A001225006480000310009000");

    private final byte[] paddedPin;
    private final byte[] holder;
    private int triesLeft = MAX_TRIES;
    private boolean selected;
    private boolean verified;

    VirtualCps(String pin, String category, boolean test, String nationalId, String name, String firstName,
            String profession, String specialty) {
        this.paddedPin = pad(pin.getBytes(StandardCharsets.US_ASCII));
        Tlv tlv = new Tlv()
                .add(0xC0, category)
                .add(0xC1, new byte[] {(byte) (test ? 1 : 0)})
                .add(0xC2, nationalId)
                .add(0xC3, name)
                .add(0xC4, firstName)
                .add(0xC5, profession);
        if (!specialty.isEmpty()) {
            tlv.add(0xC6, specialty);
        }
        this.holder = tlv.toBytes();
    }

    /** The simulator's default CPS: a test card of a GP. */
    static VirtualCps doctor() {
        return new VirtualCps("1234", "CPS", true, "810100000001", "DUPONT", "JEANNE", "10", "SM54");
    }

    @Override
    public byte[] atr() {
        return ATR.clone();
    }

    @Override
    public String label() {
        return "virtual CPS";
    }

    @Override
    public synchronized void powerOff() {
        selected = false;
        verified = false;
    }

    @Override
    public synchronized byte[] process(byte[] bytes) {
        CommandAPDU command = new CommandAPDU(bytes);
        int cla = command.getCLA();
        int ins = command.getINS();
        if (cla == 0x00 && ins == 0xA4 && command.getP1() == 0x04) {
            selected = Arrays.equals(command.getData(), AID);
            return StatusWords.respond(selected ? StatusWords.OK : StatusWords.FILE_NOT_FOUND);
        }
        if (!selected) {
            return StatusWords.respond(StatusWords.CONDITIONS_NOT_SATISFIED);
        }
        if (cla == 0x80 && ins == 0xCA && command.getP1() == 0x00 && command.getP2() == 0x01) {
            return StatusWords.respond(holder, StatusWords.OK);
        }
        if (cla == 0x00 && ins == 0x20 && command.getP2() == 0x81) {
            return verify(command.getData());
        }
        return StatusWords.respond(cla == 0x00 || cla == 0x80
                ? StatusWords.INSTRUCTION_NOT_SUPPORTED : StatusWords.CLASS_NOT_SUPPORTED);
    }

    private byte[] verify(byte[] pin) {
        try {
            if (triesLeft == 0) {
                return StatusWords.respond(StatusWords.AUTHENTICATION_BLOCKED);
            }
            if (pin.length == 0) {
                return StatusWords.respond(verified ? StatusWords.OK : StatusWords.TRIES_LEFT | triesLeft);
            }
            if (pin.length != paddedPin.length) {
                return StatusWords.respond(StatusWords.WRONG_LENGTH);
            }
            if (MessageDigest.isEqual(pin, paddedPin)) {
                triesLeft = MAX_TRIES;
                verified = true;
                return StatusWords.respond(StatusWords.OK);
            }
            triesLeft--;
            verified = false;
            return StatusWords.respond(triesLeft == 0
                    ? StatusWords.AUTHENTICATION_BLOCKED : StatusWords.TRIES_LEFT | triesLeft);
        } finally {
            Arrays.fill(pin, (byte) 0);
        }
    }

    private static byte[] pad(byte[] pin) {
        byte[] padded = new byte[8];
        Arrays.fill(padded, (byte) 0xFF);
        System.arraycopy(pin, 0, padded, 0, pin.length);
        return padded;
    }
}
