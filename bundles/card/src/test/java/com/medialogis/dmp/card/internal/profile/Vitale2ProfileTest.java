package com.medialogis.dmp.card.internal.profile;

import static com.medialogis.dmp.card.internal.profile.ScriptedSession.concat;
import static com.medialogis.dmp.card.internal.profile.ScriptedSession.tlv;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.identity.Beneficiary;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

public class Vitale2ProfileTest {

    private final Vitale2Profile profile = new Vitale2Profile();
    private final ScriptedSession card = new ScriptedSession().on(0xA4, 0x04, 0x9000);

    @Test
    public void beneficiariesAreReadUntilRecordNotFound() throws Exception {
        card.on(0xB2, 1, record("MARTIN", "JEAN", "500801", "150081505104018", "150081505104018"), 0x9000)
                .on(0xB2, 2, record("MARTIN", "LÉO", "150301", "150081505104018", null), 0x9000)
                .on(0xB2, 3, 0x6A83);
        List<Beneficiary> beneficiaries = profile.beneficiaries(card).orElseThrow();
        assertEquals(2, beneficiaries.size());
        Beneficiary insured = beneficiaries.get(0);
        assertEquals("MARTIN", insured.name());
        assertEquals("JEAN", insured.firstName());
        assertEquals("500801", insured.birthDate());
        assertEquals(Optional.of("150081505104018"), insured.ownNir());
        assertEquals("ISO-8859-1 text", "LÉO", beneficiaries.get(1).firstName());
        assertEquals(Optional.empty(), beneficiaries.get(1).ownNir());
    }

    @Test
    public void anotherCardIsNotAVitaleCard() throws Exception {
        assertEquals(Optional.empty(), profile.beneficiaries(new ScriptedSession().on(0xA4, 0x04, 0x6A82)));
    }

    @Test
    public void recordWithoutTemplateOrFieldIsRefusedWithItsNumber() {
        card.on(0xB2, 1, tlv(0x80, "MARTIN"), 0x9000).on(0xB2, 2, 0x6A83);
        CardDataException template = assertThrows(CardDataException.class, () -> profile.beneficiaries(card));
        assertTrue(template.getMessage(), template.getMessage().contains("beneficiary 1: template 65 is missing"));

        card.on(0xB2, 1, tlv(0x65, concat(tlv(0x80, "MARTIN"), tlv(0x81, "JEAN"))), 0x9000);
        CardDataException date = assertThrows(CardDataException.class, () -> profile.beneficiaries(card));
        assertTrue(date.getMessage(), date.getMessage().contains("beneficiary 1: the birth date is missing"));
    }

    @Test
    public void truncatedRecordAndDuplicateTagAreRefused() {
        card.on(0xB2, 1, new byte[] {0x65, 0x10, (byte) 0x80, 0x02, 'A'}, 0x9000).on(0xB2, 2, 0x6A83);
        CardDataException truncated = assertThrows(CardDataException.class, () -> profile.beneficiaries(card));
        assertTrue(truncated.getMessage(), truncated.getMessage().contains("announces 16 bytes"));
        card.on(0xB2, 1, tlv(0x65, concat(tlv(0x80, "A"), tlv(0x80, "B"))), 0x9000);
        CardDataException twice = assertThrows(CardDataException.class, () -> profile.beneficiaries(card));
        assertTrue(twice.getMessage(), twice.getMessage().contains("tag 80 appears twice"));
    }

    @Test
    public void cardWithoutBeneficiaryOrThatNeverEndsIsRefused() {
        card.on(0xB2, 1, 0x6A83);
        assertThrows(CardDataException.class, () -> profile.beneficiaries(card));
        ScriptedSession endless = new ScriptedSession().on(0xA4, 0x04, 0x9000);
        for (int n = 1; n <= Vitale2Profile.MAX_BENEFICIARIES + 1; n++) {
            endless.on(0xB2, n, record("X", "Y", "010101", "150081505104018", null), 0x9000);
        }
        CardDataException e = assertThrows(CardDataException.class, () -> profile.beneficiaries(endless));
        assertTrue(e.getMessage(), e.getMessage().contains("more than 16"));
    }

    @Test
    public void recordRefusedByTheCardIsAnError() {
        card.on(0xB2, 1, 0x6982);
        CardDataException e = assertThrows(CardDataException.class, () -> profile.beneficiaries(card));
        assertTrue(e.getMessage(), e.getMessage().contains("beneficiary 1 could not be read (6982"));
    }

    private static byte[] record(String name, String firstName, String birthDate, String insuredNir, String ownNir) {
        byte[] fields = concat(tlv(0x80, name), tlv(0x81, firstName), tlv(0x82, birthDate),
                tlv(0x83, new byte[] {1}), tlv(0x84, "00"), tlv(0x90, insuredNir),
                ownNir == null ? new byte[0] : tlv(0x93, ownNir));
        return tlv(0x65, fields);
    }
}
