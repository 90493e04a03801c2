package com.medialogis.dmp.card.internal.profile;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.HexFormat;
import java.util.List;
import org.junit.Test;

/** BER-TLV as the cards write it, element by element. */
public class BerTest {

    private static List<Ber> parse(String hex) throws CardDataException {
        return Ber.parse(HexFormat.of().parseHex(hex), "the data");
    }

    @Test
    public void longLengthsMultiByteTagsAndPaddingAreRead() throws Exception {
        String value = "AB".repeat(200);
        List<Ber> elements = parse("00FF" + "5A81C8" + value + "BF810103A00100" + "7F21820001CD" + "FFFF");
        assertEquals(List.of(0x5A, 0xBF8101, 0x7F21), elements.stream().map(Ber::tag).toList());
        assertEquals(200, elements.get(0).value().length);
        assertArrayEquals(HexFormat.of().parseHex("A00100"), elements.get(1).value());
        assertEquals("the constructed bit of the tag's first byte", true, elements.get(1).constructed());
        assertArrayEquals(new byte[] {(byte) 0xCD}, elements.get(2).value());
        assertEquals(0x9B, Ber.find(parse("700CBF810108A0069A01039B0102"), "x", 0x70, 0xBF8101, 0xA0, 0x9B).orElseThrow().tag());
        assertEquals(2, Ber.find(parse("700CBF810108A0069A01039B0102"), "x", 0x70, 0xBF8101, 0xA0, 0x9B).orElseThrow().number("n"));
    }

    @Test
    public void malformedDataIsRefusedSayingWhat() {
        assertEquals("the data: a tag longer than three bytes is refused", message("BF8181810100"));
        assertEquals("the data: a tag starting BF81 is cut short", message("BF81"));
        assertEquals("the data: tag 5A has an unsupported length form", message("5A8001"));
        assertEquals("the data: tag 5A has an unsupported length form", message("5A840000000100"));
        assertEquals("the data: tag 5A has no length", message("5A"));
        assertEquals("the data: the length of tag 5A is truncated", message("5A8201"));
        assertEquals("the data: tag 5A announces 2 bytes but only 1 follow", message("5A0201"));
    }

    private static String message(String hex) {
        return assertThrows(CardDataException.class, () -> parse(hex)).getMessage();
    }
}
