package com.medialogis.dmp.card.internal.profile;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.cardsimulator.internal.VirtualCards;
import com.medialogis.dmp.identity.Beneficiary;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

/** Vitale 2 holders read through the public clear zones: the simulator's card, then recorded exchanges. */
public class Vitale2ProfileTest {

    private static final String SELECT_VITALE = "00A404000BD250000002564954414C4500";
    private static final String SELECT_MF = "00A40000023F00";
    private static final String READ_FILE_2 = "00B0820000";

    private final Vitale2Profile profile = new Vitale2Profile();

    @Test
    public void theSimulatorsCardGivesEveryHolderAsReadWithHisNirWhenHeHasOne() throws Exception {
        VirtualCards cards = VirtualCards.standard();
        try {
            List<Beneficiary> holders = profile.beneficiaries(new SimulatorSession(cards, "vitale")).orElseThrow();
            assertEquals(List.of(
                    new Beneficiary("MARTIN", "JEAN", "500801", "", Optional.of("150081505104018"), 0, ""),
                    new Beneficiary("DESMAUX", "NATHALIE", "550615", "", Optional.of("255069999999934"), 0, ""),
                    new Beneficiary("MARTIN", "LEO", "150301", "", Optional.empty(), 0, ""),
                    new Beneficiary("MARTIN", "ROSE", "290200", "", Optional.of("229029912345634"), 0, "")), holders);
        } finally {
            cards.close();
        }
    }

    @Test
    public void holdersAndNirsAreMatchedByOrderAndLatin1TextKept() throws Exception {
        ScriptedSession card = card(holder("MARTIN", "JEAN", "19500801") + holder("MARTIN", "LÉO", "20150301"),
                nir("150081505104018") + "6500");
        List<Beneficiary> holders = profile.beneficiaries(card).orElseThrow();
        assertEquals("LÉO", holders.get(1).firstName());
        assertEquals("the birth date as read, without its century", "150301", holders.get(1).birthDate());
        assertEquals(Optional.of("150081505104018"), holders.get(0).ownNir());
        assertEquals(Optional.empty(), holders.get(1).ownNir());
        assertEquals("rank and quality are not public on the chip", 0, holders.get(0).birthRank());
        assertEquals("", holders.get(0).quality());
    }

    @Test
    public void anotherCardIsNotAVitaleCard() throws Exception {
        ScriptedSession card = new ScriptedSession().onCommand(SELECT_VITALE, "6A82");
        assertEquals(Optional.empty(), profile.beneficiaries(card));
        assertEquals(1, card.sent.size());
    }

    @Test
    public void aFieldMissingOrABirthDateOfAnotherFormIsRefusedWithTheHoldersNumber() {
        ScriptedSession missing = card("6508" + tlv(0x80, "MARTIN"), "6500");
        CardDataException name = assertThrows(CardDataException.class, () -> profile.beneficiaries(missing));
        assertEquals("beneficiary 1: the first name is missing (tag 81)", name.getMessage());
        ScriptedSession shortDate = card(holder("MARTIN", "JEAN", "500801"), "6500");
        CardDataException date = assertThrows(CardDataException.class, () -> profile.beneficiaries(shortDate));
        assertEquals("beneficiary 1: the birth date is not 8 digits (YYYYMMDD)", date.getMessage());
    }

    @Test
    public void truncatedDataAndMismatchedListsAreRefused() {
        CardDataException truncated = assertThrows(CardDataException.class,
                () -> profile.beneficiaries(card("6510800241", "6500")));
        assertEquals("the holders' file: tag 65 announces 16 bytes but only 3 follow", truncated.getMessage());
        CardDataException mismatch = assertThrows(CardDataException.class,
                () -> profile.beneficiaries(card(holder("MARTIN", "JEAN", "19500801"), "6500" + "6500")));
        assertEquals("the card lists 1 holders but 2 NIR entries in its VITALE application", mismatch.getMessage());
        CardDataException none = assertThrows(CardDataException.class, () -> profile.beneficiaries(card("0000", "0000")));
        assertEquals("the card holds no beneficiary", none.getMessage());
    }

    @Test
    public void aFileThatCannotBeReadSaysItsStatusWord() {
        ScriptedSession card = new ScriptedSession().onCommand(SELECT_VITALE, "9000").onCommand(READ_FILE_2, "6982");
        CardDataException refused = assertThrows(CardDataException.class, () -> profile.beneficiaries(card));
        assertEquals("the VITALE holders' file could not be read (6982, security status not satisfied)", refused.getMessage());
    }

    /** A card whose MF's file 2 holds {@code holders} and the VITALE application's file 2 {@code nirs}. */
    private static ScriptedSession card(String holders, String nirs) {
        return new ScriptedSession().onSelect(SELECT_VITALE, nirs).onSelect(SELECT_MF, holders);
    }

    private static String holder(String name, String firstName, String birthDate) {
        String fields = tlv(0x80, name) + tlv(0x81, firstName) + tlv(0x82, birthDate);
        return "65" + String.format("%02X", fields.length() / 2) + fields;
    }

    private static String nir(String nir) {
        String field = tlv(0x93, nir);
        return "65" + String.format("%02X", field.length() / 2) + field;
    }

    private static String tlv(int tag, String text) {
        byte[] value = text.getBytes(StandardCharsets.ISO_8859_1);
        return String.format("%02X%02X", tag, value.length) + HexFormat.of().withUpperCase().formatHex(value);
    }
}
