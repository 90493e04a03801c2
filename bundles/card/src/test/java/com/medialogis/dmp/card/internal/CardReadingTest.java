package com.medialogis.dmp.card.internal;

import static com.medialogis.dmp.card.internal.profile.ScriptedSession.tlv;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.card.PresentCard;
import com.medialogis.dmp.card.UnknownCard;
import com.medialogis.dmp.card.internal.profile.ScriptedSession;
import com.medialogis.dmp.card.internal.profile.SimulatorCpsProfile;
import com.medialogis.dmp.card.internal.profile.Vitale2Profile;
import com.medialogis.dmp.identity.internal.AsipInsCalculator;
import org.junit.Test;

/** What a card turns into when neither profile can read it. */
public class CardReadingTest {

    private final CardReading reading =
            new CardReading(new SimulatorCpsProfile(), new Vitale2Profile(), new AsipInsCalculator());

    @Test
    public void cardWithNeitherApplicationIsAnUnknownCard() throws Exception {
        ScriptedSession card = new ScriptedSession().on(0xA4, 0x04, 0x6A82);
        PresentCard read = reading.read(card, identity -> {
            throw new AssertionError("not a CPS");
        });
        assertEquals(new UnknownCard("Scripted reader", "neither a CPS nor a Vitale card"), read);
    }

    @Test
    public void malformedCardIsAnUnknownCardSayingWhatIsWrong() throws Exception {
        ScriptedSession card = new ScriptedSession().on(0xA4, 0x04, 0x9000)
                .on(0xCA, 0x00, tlv(0xC0, "CPS"), 0x9000);
        PresentCard read = reading.read(card, identity -> {
            throw new AssertionError("an unreadable CPS gets no handle");
        });
        assertTrue(read instanceof UnknownCard);
        assertTrue(((UnknownCard) read).reason(), ((UnknownCard) read).reason()
                .startsWith("unreadable card: the test flag is missing"));
    }
}
