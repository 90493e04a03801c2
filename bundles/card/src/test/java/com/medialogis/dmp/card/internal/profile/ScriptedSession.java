package com.medialogis.dmp.card.internal.profile;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/** A card that answers each instruction (and P1) as the test says, and records what it was sent. */
public final class ScriptedSession implements CardSession {

    private final Map<String, byte[]> answers = new HashMap<>();
    final List<CommandAPDU> sent = new ArrayList<>();

    public ScriptedSession on(int ins, int p1, byte[] data, int sw) {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        response.writeBytes(data);
        response.write(sw >> 8);
        response.write(sw);
        answers.put(ins + "/" + p1, response.toByteArray());
        return this;
    }

    public ScriptedSession on(int ins, int p1, int sw) {
        return on(ins, p1, new byte[0], sw);
    }

    private byte[] atr = {0x3B, 0x00};

    /** The card's answer to reset, for the tests that read it. */
    public ScriptedSession atr(byte[] answer) {
        atr = answer.clone();
        return this;
    }

    @Override
    public String reader() {
        return "Scripted reader";
    }

    @Override
    public byte[] atr() {
        return atr.clone();
    }

    @Override
    public ResponseAPDU transmit(byte[] command) throws CardException {
        CommandAPDU apdu = new CommandAPDU(command);
        sent.add(apdu);
        byte[] answer = answers.get(apdu.getINS() + "/" + apdu.getP1());
        return new ResponseAPDU(answer != null ? answer : new byte[] {0x6D, 0x00});
    }

    /** One-byte-tag TLV, as the cards write it. */
    public static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        out.write(value.length);
        out.writeBytes(value);
        return out.toByteArray();
    }

    public static byte[] tlv(int tag, String text) {
        return tlv(tag, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
