package com.medialogis.dmp.card.internal.profile;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * A card that answers as the test says: an exact command (in hexadecimal) first, else its
 * instruction and P1; 6D00 otherwise. It records what it was sent.
 */
public final class ScriptedSession implements CardSession {

    private final Map<String, byte[]> answers = new HashMap<>();
    private final Map<String, byte[]> files = new HashMap<>();
    private byte[] selected;
    final List<CommandAPDU> sent = new ArrayList<>();

    public ScriptedSession on(int ins, int p1, byte[] data, int sw) {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        response.writeBytes(data);
        response.write(sw >> 8);
        response.write(sw);
        answers.put(ins + "/" + p1, response.toByteArray());
        return this;
    }

    /** Answers this exact command (hexadecimal, spaces allowed) with this answer (data then status word). */
    public ScriptedSession onCommand(String command, String answer) {
        answers.put(command.replace(" ", "").toUpperCase(java.util.Locale.ROOT), HexFormat.of().parseHex(answer.replace(" ", "")));
        return this;
    }

    /**
     * A file selected by its path from the application ({@code 00 A4 09 04}) and then read by READ BINARY at
     * any offset: 6282 when it ends before the length asked, 6B00 past its end.
     */
    public ScriptedSession file(String path, String content) {
        return onSelect(String.format("00A40904%02X", path.length() / 2) + path + "00", content);
    }

    /**
     * This exact SELECT answers 9000 and makes {@code content} what READ BINARY reads, by offset or
     * by short file identifier (a card whose every DF holds one file).
     */
    public ScriptedSession onSelect(String select, String content) {
        files.put(select.toUpperCase(java.util.Locale.ROOT), HexFormat.of().parseHex(content.replace(" ", "")));
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
        String hex = HexFormat.of().withUpperCase().formatHex(command);
        if (files.containsKey(hex)) {
            selected = files.get(hex);
            return new ResponseAPDU(new byte[] {(byte) 0x90, 0x00});
        }
        if (apdu.getINS() == 0xB0 && selected != null) {
            int offset = (apdu.getP1() & 0x80) != 0 ? 0 : (apdu.getP1() << 8) | apdu.getP2();
            if (offset >= selected.length) {
                return new ResponseAPDU(new byte[] {0x6B, 0x00});
            }
            int length = Math.min(apdu.getNe(), selected.length - offset);
            byte[] answer = java.util.Arrays.copyOfRange(selected, offset, offset + length + 2);
            answer[length] = (byte) (length < apdu.getNe() ? 0x62 : 0x90);
            answer[length + 1] = (byte) (length < apdu.getNe() ? 0x82 : 0x00);
            return new ResponseAPDU(answer);
        }
        byte[] answer = answers.getOrDefault(hex,
                answers.get(apdu.getINS() + "/" + apdu.getP1()));
        return new ResponseAPDU(answer != null ? answer : new byte[] {0x6D, 0x00});
    }
}
