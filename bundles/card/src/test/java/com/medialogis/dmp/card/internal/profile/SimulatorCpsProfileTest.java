package com.medialogis.dmp.card.internal.profile;

import static com.medialogis.dmp.card.internal.profile.ScriptedSession.concat;
import static com.medialogis.dmp.card.internal.profile.ScriptedSession.tlv;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.card.CpsCategory;
import com.medialogis.dmp.card.PinOutcome;
import com.medialogis.dmp.card.PinOutcome.Status;
import java.util.Arrays;
import java.util.Optional;
import org.junit.Test;

public class SimulatorCpsProfileTest {

    private static final byte[] HOLDER = concat(tlv(0xC0, "CPE"), tlv(0xC1, new byte[] {0}),
            tlv(0xC2, "810100000001"), tlv(0xC3, "DUPONT"), tlv(0xC4, "JEANNE"), tlv(0xC5, "10"));

    private final SimulatorCpsProfile profile = new SimulatorCpsProfile();
    private final ScriptedSession card = new ScriptedSession().on(0xA4, 0x04, 0x9000);

    @Test
    public void holderIsReadWithoutPin() throws Exception {
        card.on(0xCA, 0x00, HOLDER, 0x9000);
        CpsIdentity identity = profile.identify(card).orElseThrow();
        assertEquals("DUPONT", identity.holder().name());
        assertEquals("JEANNE", identity.holder().firstName());
        assertEquals("810100000001", identity.holder().nationalId());
        assertEquals("10", identity.holder().profession());
        assertEquals(Optional.empty(), identity.holder().specialty());
        assertEquals(CpsCategory.CPE, identity.category());
        assertEquals(false, identity.test());
    }

    @Test
    public void anotherCardIsNotACps() throws Exception {
        ScriptedSession other = new ScriptedSession().on(0xA4, 0x04, 0x6A82);
        assertEquals(Optional.empty(), profile.identify(other));
    }

    @Test
    public void truncatedHolderDataIsRefusedWithWhatIsWrong() {
        byte[] truncated = Arrays.copyOf(HOLDER, HOLDER.length - 1);
        card.on(0xCA, 0x00, truncated, 0x9000);
        CardDataException e = assertThrows(CardDataException.class, () -> profile.identify(card));
        assertTrue(e.getMessage(), e.getMessage().contains("tag C5 announces 2 bytes but only 1 follow"));
    }

    @Test
    public void missingFieldAndUnknownCategoryAreNamed() {
        card.on(0xCA, 0x00, concat(tlv(0xC0, "CPS"), tlv(0xC1, new byte[] {1})), 0x9000);
        CardDataException missing = assertThrows(CardDataException.class, () -> profile.identify(card));
        assertTrue(missing.getMessage(), missing.getMessage().contains("the holder's name is missing"));
        card.on(0xCA, 0x00, concat(tlv(0xC0, "XYZ"), Arrays.copyOfRange(HOLDER, 5, HOLDER.length)), 0x9000);
        CardDataException category = assertThrows(CardDataException.class, () -> profile.identify(card));
        assertTrue(category.getMessage(), category.getMessage().contains("unknown card category 'XYZ'"));
    }

    @Test
    public void holderDataRefusedByTheCardIsAnError() {
        card.on(0xCA, 0x00, 0x6982);
        CardDataException e = assertThrows(CardDataException.class, () -> profile.identify(card));
        assertTrue(e.getMessage(), e.getMessage().contains("6982"));
    }

    @Test
    public void triesLeftFromSixtyThreeCxWithoutPresentingAnything() throws Exception {
        card.on(0x20, 0x00, 0x63C2);
        PinOutcome outcome = profile.triesLeft(card);
        assertEquals(new PinOutcome(Status.TRIES_LEFT, 2, "2 tries left"), outcome);
        assertEquals("an empty VERIFY", 0, card.sent.get(card.sent.size() - 1).getNc());
    }

    @Test
    public void everyVerifyStatusWordHasItsOutcome() throws Exception {
        assertEquals(Status.VERIFIED, verify(0x9000).status());
        PinOutcome wrong = verify(0x63C1);
        assertEquals(Status.WRONG_PIN, wrong.status());
        assertEquals(1, wrong.triesLeft());
        assertEquals("wrong PIN, 1 try left", wrong.detail());
        assertEquals(Status.BLOCKED, verify(0x6983).status());
        PinOutcome other = verify(0x6700);
        assertEquals(Status.CARD_ERROR, other.status());
        assertTrue(other.detail(), other.detail().contains("6700, wrong length"));
    }

    @Test
    public void pinIsPaddedWithFfToEightBytes() throws Exception {
        verify(0x9000);
        byte[] expected = {'1', '2', '3', '4', (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertArrayEquals(expected, card.sent.get(card.sent.size() - 1).getData());
    }

    @Test
    public void applicationMissingAtPinTimeIsAnErrorNotAVerification() throws Exception {
        ScriptedSession other = new ScriptedSession().on(0xA4, 0x04, 0x6A82);
        PinOutcome outcome = profile.verify(other, "1234".getBytes());
        assertEquals(Status.CARD_ERROR, outcome.status());
        assertEquals("no VERIFY sent", 1, other.sent.size());
    }

    private PinOutcome verify(int sw) throws Exception {
        card.on(0x20, 0x00, sw);
        return profile.verify(card, "1234".getBytes());
    }
}
