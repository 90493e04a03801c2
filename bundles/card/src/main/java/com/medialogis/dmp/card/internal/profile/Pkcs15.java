package com.medialogis.dmp.card.internal.profile;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The PKCS#15 directories a CPS is read through (PKCS#15 v1.1, as OpenSC's {@code pkcs15.c} and
 * {@code pkcs15-pin.c} read them): the object directory (ODF) pointing at the certificate (CDF) and
 * authentication object (AODF) directories, a certificate's path, and the user PIN's attributes.
 */
final class Pkcs15 {

    /** ODF choice [4]: the certificates directory. */
    static final int CDF = 0xA4;
    /** ODF choice [8]: the authentication objects directory. */
    static final int AODF = 0xA8;
    private static final int SEQUENCE = 0x30;
    private static final int OCTET_STRING = 0x04;
    private static final int UTF8_STRING = 0x0C;
    private static final int BIT_STRING = 0x03;
    private static final int ENUMERATED = 0x0A;
    private static final int INTEGER = 0x02;
    private static final int TYPE_ATTRIBUTES = 0xA1;
    private static final int PIN_REFERENCE = 0x80;
    private static final byte[] MF = {0x3F, 0x00};
    // PinFlags bits (PKCS#15 v1.1 §6.8.2)
    private static final int NEEDS_PADDING = 5;
    private static final int UNBLOCKING_PIN = 6;
    private static final int SO_PIN = 7;
    // PinType values
    private static final int ASCII_NUMERIC = 1;
    private static final int UTF8 = 2;

    private Pkcs15() {}

    /**
     * @param odf the object directory's content
     * @param directory {@link #CDF} or {@link #AODF}
     * @param application the path of the PKCS#15 application's DF from the MF, for relative paths
     * @return the directory's path from the MF (without 3F00)
     */
    static byte[] directory(byte[] odf, int directory, byte[] application) throws CardDataException {
        List<Ber> entries = Ber.parse(odf, "the ODF");
        Ber entry = Ber.required(entries, directory, "the ODF's " + (directory == CDF ? "certificates" : "authentication objects")
                + " directory");
        return path(entry.children("the ODF"), application, "the ODF");
    }

    /**
     * @return the path from the MF of the certificate labelled {@code label}, or empty when the CDF
     *     has none so labelled
     */
    static Optional<byte[]> certificate(byte[] cdf, String label, byte[] application) throws CardDataException {
        for (Ber object : Ber.all(Ber.parse(cdf, "the CDF"), SEQUENCE)) {
            List<Ber> parts = object.children("a CDF entry");
            Optional<Ber> found = Ber.find(parts, "a CDF entry", SEQUENCE, UTF8_STRING);
            if (found.isPresent() && found.get().text().equals(label)) {
                Ber attributes = Ber.required(parts, TYPE_ATTRIBUTES, "the certificate \"" + label + "\"'s attributes");
                Ber x509 = Ber.required(attributes.children("the certificate"), SEQUENCE, "the certificate's X.509 attributes");
                return Optional.of(path(x509.children("the certificate"), application, "the certificate \"" + label + "\""));
            }
        }
        return Optional.empty();
    }

    /** @return the attributes of the first PIN that is neither an unblocking nor a security officer's PIN */
    static PinPolicy userPin(byte[] aodf) throws CardDataException {
        for (Ber object : Ber.all(Ber.parse(aodf, "the AODF"), SEQUENCE)) {
            Optional<Ber> typed = Ber.first(object.children("an AODF entry"), TYPE_ATTRIBUTES);
            if (typed.isEmpty()) {
                continue;
            }
            Optional<Ber> pin = Ber.first(typed.get().children("an AODF entry"), SEQUENCE);
            if (pin.isEmpty()) {
                continue;
            }
            List<Ber> attributes = pin.get().children("the PIN attributes");
            byte[] flags = Ber.required(attributes, BIT_STRING, "the PIN flags").value();
            if (flag(flags, UNBLOCKING_PIN) || flag(flags, SO_PIN)) {
                continue;
            }
            int type = Ber.required(attributes, ENUMERATED, "the PIN type").number("the PIN type");
            List<Ber> integers = Ber.all(attributes, INTEGER);
            if (integers.size() < 2) {
                throw new CardDataException("the PIN attributes lack the minimum or stored length");
            }
            int minLength = integers.get(0).number("the PIN's minimum length");
            int storedLength = integers.get(1).number("the PIN's stored length");
            int maxLength = integers.size() > 2 ? integers.get(2).number("the PIN's maximum length") : storedLength;
            Optional<Ber> reference = Ber.first(attributes, PIN_REFERENCE);
            byte[] padChar = Ber.first(attributes, OCTET_STRING).map(Ber::value).orElse(new byte[] {0});
            if (padChar.length != 1) {
                throw new CardDataException("the PIN's padding character has " + padChar.length + " bytes instead of 1");
            }
            if (minLength < 1 || maxLength < minLength || maxLength > PinPolicy.LONGEST || storedLength > PinPolicy.LONGEST
                    || storedLength < maxLength && flag(flags, NEEDS_PADDING)) {
                throw new CardDataException("the PIN lengths do not hold together (minimum " + minLength + ", maximum "
                        + maxLength + ", stored " + storedLength + ")");
            }
            int referenceNumber = reference.isPresent() ? reference.get().number("the PIN reference") : 0;
            if (referenceNumber > 0xFF) {
                throw new CardDataException("the PIN reference " + referenceNumber + " is not one byte");
            }
            return new PinPolicy(referenceNumber, type == ASCII_NUMERIC || type == UTF8, minLength, maxLength,
                    flag(flags, NEEDS_PADDING) ? Optional.of(storedLength) : Optional.empty(), padChar[0]);
        }
        throw new CardDataException("the AODF holds no user PIN");
    }

    /** @return the path of a PKCS#15 Path element's octet string, from the MF without 3F00 */
    private static byte[] path(List<Ber> elements, byte[] application, String what) throws CardDataException {
        Ber path = Ber.required(elements, SEQUENCE, what + "'s path");
        byte[] value = Ber.required(path.children(what), OCTET_STRING, what + "'s path").value();
        if (value.length < 2 || value.length % 2 != 0) {
            throw new CardDataException(what + "'s path has " + value.length + " bytes: not a path of file identifiers");
        }
        if (value[0] == MF[0] && value[1] == MF[1]) {
            return Arrays.copyOfRange(value, 2, value.length);
        }
        byte[] full = Arrays.copyOf(application, application.length + value.length);
        System.arraycopy(value, 0, full, application.length, value.length);
        return full;
    }

    private static boolean flag(byte[] bitString, int bit) {
        int index = 1 + bit / 8;
        return index < bitString.length && (bitString[index] & (0x80 >> (bit % 8))) != 0;
    }
}
