package com.medialogis.dmp.card.internal.profile;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One level of BER-TLV with one-byte tags, read strictly: a length running past the data or a
 * tag given twice is refused with a message naming it.
 */
final class Tlv {

    private final Map<Integer, byte[]> fields;

    private Tlv(Map<Integer, byte[]> fields) {
        this.fields = fields;
    }

    static Tlv parse(byte[] data, String what) throws CardDataException {
        Map<Integer, byte[]> fields = new LinkedHashMap<>();
        int i = 0;
        while (i < data.length) {
            int tag = data[i++] & 0xFF;
            if (i >= data.length) {
                throw new CardDataException(what + ": tag " + hex(tag) + " has no length");
            }
            int length = data[i++] & 0xFF;
            if (length == 0x81 || length == 0x82) {
                int bytes = length & 0x0F;
                if (i + bytes > data.length) {
                    throw new CardDataException(what + ": the length of tag " + hex(tag) + " is truncated");
                }
                length = 0;
                for (int b = 0; b < bytes; b++) {
                    length = (length << 8) | (data[i++] & 0xFF);
                }
            } else if (length > 0x7F) {
                throw new CardDataException(what + ": tag " + hex(tag) + " has an unsupported length form");
            }
            if (i + length > data.length) {
                throw new CardDataException(what + ": tag " + hex(tag) + " announces " + length
                        + " bytes but only " + (data.length - i) + " follow");
            }
            byte[] value = new byte[length];
            System.arraycopy(data, i, value, 0, length);
            i += length;
            if (fields.put(tag, value) != null) {
                throw new CardDataException(what + ": tag " + hex(tag) + " appears twice");
            }
        }
        return new Tlv(fields);
    }

    Optional<byte[]> bytes(int tag) {
        return Optional.ofNullable(fields.get(tag));
    }

    byte[] requiredBytes(int tag, String what) throws CardDataException {
        byte[] value = fields.get(tag);
        if (value == null) {
            throw new CardDataException(what + " is missing (tag " + hex(tag) + ")");
        }
        return value;
    }

    /** Text fields are ISO-8859-1 on CPS and Vitale cards. */
    String requiredText(int tag, String what) throws CardDataException {
        return new String(requiredBytes(tag, what), StandardCharsets.ISO_8859_1).strip();
    }

    Optional<String> text(int tag) {
        return bytes(tag).map(value -> new String(value, StandardCharsets.ISO_8859_1).strip());
    }

    static String hex(int value) {
        return String.format("%02X", value);
    }
}
