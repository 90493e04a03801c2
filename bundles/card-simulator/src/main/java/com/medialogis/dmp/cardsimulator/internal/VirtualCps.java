package com.medialogis.dmp.cardsimulator.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import javax.smartcardio.CommandAPDU;

/**
 * A virtual CPS3 with the public IAS-ECC and PKCS#15 layout of a real one (DOMAIN.md §6): the CPS3
 * contact ATR, the IAS application's AID, the card number in {@code 3F00/D003}, the PKCS#15
 * application {@code 3F00/0001} with its ODF ({@code 5031}) and TokenInfo ({@code 5032}), a CDF
 * listing the "Certificat d'Authentification CPS" (a test certificate made at start, see
 * {@link TestCertificate}), an AODF describing the user PIN, the PIN's tries read by GET DATA of
 * its security data object, and VERIFY. Not public, so this simulator's own choices, each found by
 * the reader where a real card says it: the file identifiers of the CDF, the AODF and the
 * certificate ({@code 4404}, {@code 4401}, {@code C001}, through the ODF and the CDF); the PIN's
 * reference (81: local PIN 1, OpenSC's IAS-ECC convention; cards are said to use 01), ASCII digits,
 * 4 to 8, padded with FF to 8 (through the AODF). The tries counter lives as long as the card (it survives power cycles); the verified state
 * does not.
 */
final class VirtualCps implements VirtualCard {

    static final byte[] AID = HexFormat.of().parseHex("E828BD080F8025000001FF0010");
    static final int MAX_TRIES = 3;
    /** A CPS3's, contact (DOMAIN.md §6). */
    private static final byte[] ATR = HexFormat.of().parseHex("3BAC00402A001225006480000310009000");
    private static final int PIN_REFERENCE = 0x81;
    /** The PIN's security data object, and the GET DATA query that asks its tries ({@code 4D 08 70 06 BF 81 01 02 A0 80}). */
    private static final int PIN_OBJECT = 0xBF8100 | PIN_REFERENCE & 0x7F;
    private static final byte[] PIN_OBJECT_QUERY = HexFormat.of().parseHex("4D087006" + Integer.toHexString(PIN_OBJECT) + "02A080");
    private static final int STORED_PIN_LENGTH = 8;
    private static final String MF = "";

    private final byte[] paddedPin;
    private final Map<String, byte[]> files;
    private int triesLeft = MAX_TRIES;
    private boolean selected;
    private boolean verified;
    /** The file selected, by its path from the MF without 3F00 ("" for the MF). */
    private String current = MF;

    /**
     * @param cardNumber the card's PAN, its Luhn digit included
     */
    VirtualCps(String pin, String cardNumber, String nationalId, String surname, String givenName, String profession) {
        this.paddedPin = pad(pin.getBytes(StandardCharsets.US_ASCII));
        byte[] pan = HexFormat.of().parseHex((cardNumber + "F".repeat(20)).substring(0, 20));
        this.files = Map.of(
                "D003", new Tlv().add(0x5A, pan).toBytes(),
                "00015031", odf(),
                "00015032", tokenInfo(pan),
                "00014404", cdf(),
                "00014401", aodf(),
                "0001C001", TestCertificate.authentication(nationalId, surname, givenName, profession));
    }

    /** The simulator's default CPS: a test card (national identifier 8997…) of a GP. */
    static VirtualCps doctor() {
        return new VirtualCps("1234", "8025000001000123452", "899700000001", "DUPONT", "JEANNE", "Médecin");
    }

    /** ODF: certificates [4] in 4404, authentication objects [8] in 4401, as paths relative to 3F00/0001. */
    private static byte[] odf() {
        return new Tlv()
                .add(0xA4, new Tlv().add(0x30, new Tlv().add(0x04, new byte[] {0x44, 0x04}).toBytes()).toBytes())
                .add(0xA8, new Tlv().add(0x30, new Tlv().add(0x04, new byte[] {0x44, 0x01}).toBytes()).toBytes())
                .toBytes();
    }

    /** TokenInfo: version 0, the card's PAN as serial number, no token flags. */
    private static byte[] tokenInfo(byte[] pan) {
        return new Tlv().add(0x30, new Tlv()
                .add(0x02, new byte[] {0})
                .add(0x04, pan)
                .add(0x03, new byte[] {0x00})
                .toBytes()).toBytes();
    }

    /** CDF: the authentication certificate, by label, at the absolute path 3F00/0001/C001. */
    private static byte[] cdf() {
        byte[] common = new Tlv().add(0x0C, "Certificat d'Authentification CPS").toBytes();
        byte[] certificate = new Tlv().add(0x04, new byte[] {0x01}).toBytes();
        byte[] path = new Tlv().add(0x30, new Tlv().add(0x04, new byte[] {0x3F, 0x00, 0x00, 0x01, (byte) 0xC0, 0x01}).toBytes())
                .toBytes();
        return pkcs15Object(common, certificate, path);
    }

    /** AODF: the user PIN, flags local, initialized and needs-padding; ascii-numeric; 4, 8, 8; reference 81; pad FF. */
    private static byte[] aodf() {
        byte[] common = new Tlv().add(0x0C, "PIN CPS").add(0x03, new byte[] {0x07, (byte) 0x80}).toBytes();
        byte[] authentication = new Tlv().add(0x04, new byte[] {0x01}).toBytes();
        byte[] attributes = new Tlv()
                .add(0x03, new byte[] {0x02, 0x4C}) // bits 1 local, 4 initialized, 5 needs-padding
                .add(0x0A, new byte[] {0x01})
                .add(0x02, new byte[] {0x04})
                .add(0x02, new byte[] {STORED_PIN_LENGTH})
                .add(0x02, new byte[] {0x08})
                .add(0x80, new byte[] {0x00, (byte) PIN_REFERENCE}) // a DER INTEGER: 81 alone would be negative
                .add(0x04, new byte[] {(byte) 0xFF})
                .toBytes();
        return pkcs15Object(common, authentication, attributes);
    }

    /** A PKCS#15 object: {@code 30 { 30 common, 30 class attributes, A1 { 30 type attributes } }}. */
    private static byte[] pkcs15Object(byte[] common, byte[] classAttributes, byte[] typeAttributes) {
        return new Tlv().add(0x30, new Tlv()
                .add(0x30, common)
                .add(0x30, classAttributes)
                .add(0xA1, new Tlv().add(0x30, typeAttributes).toBytes())
                .toBytes()).toBytes();
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
        current = MF;
    }

    @Override
    public synchronized byte[] process(byte[] bytes) {
        CommandAPDU command = new CommandAPDU(bytes);
        if (command.getCLA() != 0x00) {
            return StatusWords.respond(StatusWords.CLASS_NOT_SUPPORTED);
        }
        return switch (command.getINS()) {
            case 0xA4 -> select(command);
            case 0xB0 -> readBinary(command);
            case 0xCB -> pinObject(command);
            case 0x20 -> command.getP1() == 0x00 && command.getP2() == PIN_REFERENCE
                    ? verify(command.getData()) : StatusWords.respond(StatusWords.REFERENCE_NOT_FOUND);
            default -> StatusWords.respond(StatusWords.INSTRUCTION_NOT_SUPPORTED);
        };
    }

    /**
     * SELECT of the application by its AID ({@code 00 A4 04}), of the MF ({@code 00 A4 00 .. 3F00}),
     * or of a file by its path from the current DF ({@code 00 A4 09}, as OpenSC's IAS-ECC driver
     * selects a CPx card's files); another form is refused (6A86).
     */
    private byte[] select(CommandAPDU command) {
        byte[] data = command.getData();
        String id = HexFormat.of().withUpperCase().formatHex(data);
        switch (command.getP1()) {
            case 0x04 -> {
                if (!Arrays.equals(data, AID)) {
                    return StatusWords.respond(StatusWords.FILE_NOT_FOUND);
                }
                selected = true;
                current = MF;
            }
            case 0x00 -> {
                if (!id.equals("3F00")) {
                    return StatusWords.respond(StatusWords.FILE_NOT_FOUND);
                }
                current = MF;
            }
            case 0x09 -> {
                String path = currentDf() + id;
                if (!selected || !files.containsKey(path)) {
                    return StatusWords.respond(StatusWords.FILE_NOT_FOUND);
                }
                current = path;
            }
            default -> {
                return StatusWords.respond(StatusWords.WRONG_P1_P2);
            }
        }
        return StatusWords.respond(StatusWords.OK);
    }

    /** @return the DF a path selection starts from: the MF, or the selected file's parent */
    private String currentDf() {
        return current.isEmpty() ? MF : current.substring(0, current.length() - 4);
    }

    private byte[] readBinary(CommandAPDU command) {
        byte[] file = files.get(current);
        if (file == null || (command.getP1() & 0x80) != 0) {
            return StatusWords.respond(StatusWords.COMMAND_NOT_ALLOWED_NO_EF);
        }
        return StatusWords.readBinary(file, command);
    }

    /** GET DATA of the PIN's security data object: {@code 70 { BF 81 01 { A0 { 9A max, 9B left } } }}. */
    private byte[] pinObject(CommandAPDU command) {
        if (command.getP1() != 0x3F || command.getP2() != 0xFF || !Arrays.equals(command.getData(), PIN_OBJECT_QUERY)) {
            return StatusWords.respond(StatusWords.REFERENCE_NOT_FOUND);
        }
        byte[] docp = new Tlv().add(0x9A, new byte[] {MAX_TRIES}).add(0x9B, new byte[] {(byte) triesLeft}).toBytes();
        return StatusWords.respond(new Tlv().add(0x70, new Tlv().add(PIN_OBJECT, new Tlv().add(0xA0, docp).toBytes()).toBytes())
                .toBytes(), StatusWords.OK);
    }

    private byte[] verify(byte[] pin) {
        try {
            if (!selected) {
                return StatusWords.respond(StatusWords.CONDITIONS_NOT_SATISFIED);
            }
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
        byte[] padded = new byte[STORED_PIN_LENGTH];
        Arrays.fill(padded, (byte) 0xFF);
        System.arraycopy(pin, 0, padded, 0, pin.length);
        return padded;
    }
}
