package com.medialogis.dmp.card.internal.profile;

import static org.junit.Assert.assertEquals;

import java.util.HexFormat;
import java.util.Optional;
import org.junit.Test;

/** The published ATRs (DOMAIN.md §6), written here from that table, not from the enum. */
public class KnownAtrTest {

    private static Optional<KnownAtr> of(String hex) {
        return KnownAtr.of(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    @Test
    public void eachPublishedAtrIsItsCard() {
        assertEquals(Optional.of(KnownAtr.CPS3_CONTACT), of("3B AC 00 40 2A 00 12 25 00 64 80 00 03 10 00 90 00"));
        assertEquals(Optional.of(KnownAtr.CPS3_CONTACTLESS), of("3B 8F 80 01 00 31 B8 64 04 B0 EC C1 73 94 01 80 82 90 00 0E"));
        assertEquals(Optional.of(KnownAtr.CPS4), of("3B 9B 18 80 01 00 12 25 00 64 80 04 01 00 00 90 44"));
        assertEquals(Optional.of(KnownAtr.CPS4_T0), of("3B DC 18 FF 00 00 12 25 00 64 80 00 04 01 00 90 00"));
        assertEquals(Optional.of(KnownAtr.VITALE_1), of("3F 65 25 00 2C 09 69 90 00"));
    }

    @Test
    public void aVitale2MatchesWhateverItsVariableDigit() {
        assertEquals(Optional.of(KnownAtr.VITALE_2), of("3B 75 13 00 00 40 09 EA 90 00"));
        assertEquals(Optional.of(KnownAtr.VITALE_2), of("3B 75 13 00 00 4F 09 EA 90 00"));
        assertEquals("the fixed digit is fixed", Optional.empty(), of("3B 75 13 00 00 50 09 EA 90 00"));
    }

    @Test
    public void anotherAtrIsNoKnownCard() {
        assertEquals(Optional.empty(), of("3B 8A 80 01 44 4D 50 43 50 53 2D 53 49 4D 2C"));
        assertEquals("one byte more is another card", Optional.empty(), of("3B AC 00 40 2A 00 12 25 00 64 80 00 03 10 00 90 00 00"));
        assertEquals(Optional.empty(), of("3F 65 25"));
        assertEquals("a parking-meter card of the same family", Optional.empty(), of("3F 65 25 00 2B 09 69 90 00"));
        assertEquals("a French bank card", Optional.empty(), of("3F 65 25 08 43 04 6C 90 00"));
        assertEquals(Optional.of(KnownAtr.VITALE_1), of("3F 65 25 00 A4 09 6A 90 00"));
        assertEquals(Optional.empty(), of(""));
    }

    @Test
    public void atrsAreWrittenAsTheTablesWriteThem() {
        assertEquals("3B 75 13 00 00 40 09 EA 90 00", KnownAtr.hex(HexFormat.of().parseHex("3b751300004009ea9000")));
    }
}
