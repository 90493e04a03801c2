package com.medialogis.dmp.card.internal.profile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One BER-TLV element as cards write them (ISO 7816-4 clear zones, IAS-ECC security data objects,
 * PKCS#15 directories): a tag of one to three bytes, a definite length of up to three bytes, and
 * its value. Read strictly: a length running past the data, an indefinite length or a tag cut
 * short is refused with a message naming what was read.
 *
 * @param tag the tag's bytes as one number (for example {@code 0x65}, {@code 0x7F21}, {@code 0xBF8101})
 * @param value the value's bytes
 */
public record Ber(int tag, byte[] value) {

    /** @return whether the value holds further elements (the tag's constructed bit) */
    public boolean constructed() {
        return (firstTagByte() & 0x20) != 0;
    }

    private int firstTagByte() {
        int value = tag;
        while (value > 0xFF) {
            value >>>= 8;
        }
        return value;
    }

    /**
     * @param what names the data in an error message ("the ODF")
     * @return every element of {@code data}, in order
     * @throws CardDataException when the data is not a sequence of complete elements
     */
    public static List<Ber> parse(byte[] data, String what) throws CardDataException {
        List<Ber> elements = new ArrayList<>();
        int i = 0;
        while (i < data.length) {
            if (data[i] == 0x00 || data[i] == (byte) 0xFF) {
                i++; // ISO 7816-4 padding between and after elements
                continue;
            }
            int tag = data[i++] & 0xFF;
            if ((tag & 0x1F) == 0x1F) {
                int more = 0;
                do {
                    if (i >= data.length) {
                        throw new CardDataException(what + ": a tag starting " + hex(tag) + " is cut short");
                    }
                    if (++more > 2) {
                        throw new CardDataException(what + ": a tag longer than three bytes is refused");
                    }
                    tag = (tag << 8) | (data[i] & 0xFF);
                } while ((data[i++] & 0x80) != 0);
            }
            if (i >= data.length) {
                throw new CardDataException(what + ": tag " + hex(tag) + " has no length");
            }
            int length = data[i++] & 0xFF;
            if (length > 0x7F) {
                int bytes = length & 0x7F;
                if (bytes == 0 || bytes > 3) {
                    throw new CardDataException(what + ": tag " + hex(tag) + " has an unsupported length form");
                }
                if (i + bytes > data.length) {
                    throw new CardDataException(what + ": the length of tag " + hex(tag) + " is truncated");
                }
                length = 0;
                for (int b = 0; b < bytes; b++) {
                    length = (length << 8) | (data[i++] & 0xFF);
                }
            }
            if (length > data.length - i) {
                throw new CardDataException(what + ": tag " + hex(tag) + " announces " + length
                        + " bytes but only " + (data.length - i) + " follow");
            }
            byte[] value = new byte[length];
            System.arraycopy(data, i, value, 0, length);
            i += length;
            elements.add(new Ber(tag, value));
        }
        return elements;
    }

    /** @return the elements inside this constructed one */
    public List<Ber> children(String what) throws CardDataException {
        return parse(value, what + " (tag " + hex(tag) + ")");
    }

    /** @return the first element with this tag */
    public static Optional<Ber> first(List<Ber> elements, int tag) {
        return elements.stream().filter(element -> element.tag == tag).findFirst();
    }

    /** @return the first element with this tag, or an error saying it is missing */
    public static Ber required(List<Ber> elements, int tag, String what) throws CardDataException {
        return first(elements, tag).orElseThrow(() -> new CardDataException(what + " is missing (tag " + hex(tag) + ")"));
    }

    /** @return every element with this tag, in order */
    public static List<Ber> all(List<Ber> elements, int tag) {
        return elements.stream().filter(element -> element.tag == tag).toList();
    }

    /**
     * Follows a path of tags from these elements, each one inside the previous.
     *
     * @return the element at the end of the path, or empty when one is missing
     */
    public static Optional<Ber> find(List<Ber> elements, String what, int... path) throws CardDataException {
        List<Ber> level = elements;
        Ber found = null;
        for (int depth = 0; depth < path.length; depth++) {
            Optional<Ber> next = first(level, path[depth]);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            found = next.get();
            if (depth + 1 < path.length) {
                level = found.children(what);
            }
        }
        return Optional.ofNullable(found);
    }

    /** Text fields are ISO-8859-1 on CPS and Vitale cards. */
    public String text() {
        return new String(value, StandardCharsets.ISO_8859_1).strip();
    }

    /** @return the value as an unsigned number (a DER INTEGER, a one-byte counter) */
    public int number(String what) throws CardDataException {
        if (value.length == 0 || value.length > 3) {
            throw new CardDataException(what + " has " + value.length + " bytes, not a number of 1 to 3");
        }
        int number = 0;
        for (byte b : value) {
            number = (number << 8) | (b & 0xFF);
        }
        return number;
    }

    static String hex(int value) {
        return HexFormat.of().withUpperCase().toHexDigits(value).replaceFirst("^(00)+(?=..)", "");
    }
}
