package com.medialogis.dmp.card.internal.profile;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.HexFormat;
import javax.smartcardio.ResponseAPDU;
import org.junit.Test;

/** READ BINARY of a whole file, 256 bytes at a time, bounded. */
public class CardFilesTest {

    private static final byte[] AID = {1, 2};

    @Test
    public void aFileLongerThanOneAnswerIsReadInChunksUntilItEnds() throws Exception {
        String content = "C1".repeat(256) + "C2".repeat(256) + "C3".repeat(40);
        ScriptedSession card = new ScriptedSession().onCommand("00A40400020102" + "00", "9000").file("4401", content);
        assertArrayEquals(HexFormat.of().parseHex(content), CardFiles.read(card, AID, new byte[] {0x44, 0x01}, "the file"));
        assertEquals("select, select, three reads at offsets 0, 256, 512", "00B0000000 00B0010000 00B0020000",
                String.join(" ", card.sent.subList(2, 5).stream().map(apdu -> HexFormat.of().withUpperCase().formatHex(apdu.getBytes())).toList()));
    }

    @Test
    public void aFileOfExactlyTwoChunksEndsOnWrongOffset() throws Exception {
        String content = "C1".repeat(512);
        ScriptedSession card = new ScriptedSession().onCommand("00A40400020102" + "00", "9000").file("4401", content);
        assertEquals(512, CardFiles.read(card, AID, new byte[] {0x44, 0x01}, "the file").length);
    }

    @Test
    public void aCardThatNeverEndsIsStoppedAtTheLargestFile() {
        CardSession endless = new CardSession() {
            @Override
            public String reader() {
                return "Endless reader";
            }

            @Override
            public byte[] atr() {
                return new byte[] {0x3B, 0x00};
            }

            @Override
            public ResponseAPDU transmit(byte[] command) {
                return new ResponseAPDU(HexFormat.of().parseHex(command[1] == (byte) 0xB0 ? "00".repeat(256) + "9000" : "9000"));
            }
        };
        CardDataException tooLong = assertThrows(CardDataException.class,
                () -> CardFiles.read(endless, AID, new byte[] {0x44, 0x01}, "the file"));
        assertEquals("the file is longer than 16384 bytes", tooLong.getMessage());
    }
}
