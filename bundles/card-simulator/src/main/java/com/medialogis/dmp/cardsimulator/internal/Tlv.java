package com.medialogis.dmp.cardsimulator.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** BER-TLV writing, as the virtual cards' files and answers use: tags of one to three bytes. */
final class Tlv {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Tlv add(int tag, byte[] value) {
        if (tag > 0xFFFF) {
            bytes.write(tag >> 16);
        }
        if (tag > 0xFF) {
            bytes.write(tag >> 8);
        }
        bytes.write(tag);
        if (value.length < 0x80) {
            bytes.write(value.length);
        } else if (value.length <= 0xFF) {
            bytes.write(0x81);
            bytes.write(value.length);
        } else {
            bytes.write(0x82);
            bytes.write(value.length >> 8);
            bytes.write(value.length);
        }
        bytes.writeBytes(value);
        return this;
    }

    /** Text fields are ISO-8859-1, as Vitale and CPS cards store them. */
    Tlv add(int tag, String text) {
        return add(tag, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    byte[] toBytes() {
        return bytes.toByteArray();
    }
}
