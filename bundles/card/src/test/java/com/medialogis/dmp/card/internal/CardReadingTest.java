package com.medialogis.dmp.card.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.card.PresentCard;
import com.medialogis.dmp.card.UnknownCard;
import com.medialogis.dmp.card.VitaleCard;
import com.medialogis.dmp.card.VitaleCardSource;
import com.medialogis.dmp.card.internal.profile.ScriptedSession;
import com.medialogis.dmp.cardsimulator.internal.VirtualCards;
import com.medialogis.dmp.card.internal.profile.IasCpsProfile;
import com.medialogis.dmp.card.internal.profile.Vitale2Profile;
import com.medialogis.dmp.identity.Beneficiary;
import com.medialogis.dmp.identity.internal.AsipInsCalculator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.smartcardio.Card;
import org.junit.Test;





/** What a card turns into when neither profile can read it. */
public class CardReadingTest {

    private final List<VitaleCardSource> sources = new ArrayList<>();
    private final CardReading reading =
            new CardReading(new IasCpsProfile(), new Vitale2Profile(), new AsipInsCalculator(), () -> sources, true);

    @Test
    public void cardWithNeitherApplicationIsAnUnknownCard() throws Exception {
        ScriptedSession card = new ScriptedSession().on(0xA4, 0x04, 0x6A82);
        PresentCard read = reading.read(card, identity -> {
            throw new AssertionError("not a CPS");
        });
        assertEquals(new UnknownCard("Scripted reader", "neither a CPS nor a Vitale card (ATR 3B 00)"), read);
    }

    @Test
    public void aVitale1CardIsNamedAndSaidUnreadableHere() throws Exception {
        byte[] vitale1 = HexFormat.of().parseHex("3F65250052096A9000");
        PresentCard read = reading.read(new ScriptedSession().atr(vitale1).on(0xA4, 0x04, 0x6A82), identity -> {
            throw new AssertionError("not a CPS");
        });
        assertEquals(new UnknownCard("Scripted reader", "a Vitale 1 card, whose files are not public: it cannot be read here"
                + " (ATR 3F 65 25 00 52 09 6A 90 00)"), read);
    }

    @Test
    public void aCpsWhoseApplicationCannotBeReadIsNamedByItsAtr() throws Exception {
        byte[] cps4 = HexFormat.of().parseHex("3B9B188001001225006480040100009044");
        PresentCard read = reading.read(new ScriptedSession().atr(cps4).on(0xA4, 0x04, 0x6A82), identity -> {
            throw new AssertionError("its application is not found");
        });
        assertEquals(new UnknownCard("Scripted reader", "a CPS4 card whose CPS application could not be read"
                + " (ATR 3B 9B 18 80 01 00 12 25 00 64 80 04 01 00 00 90 44)"), read);
    }

    @Test
    public void malformedCardIsAnUnknownCardSayingWhatIsWrong() throws Exception {
        ScriptedSession card = new ScriptedSession().on(0xA4, 0x04, 0x9000).file("D003", "5A0A80250000");
        PresentCard read = reading.read(card, identity -> {
            throw new AssertionError("an unreadable CPS gets no handle");
        });
        assertTrue(read instanceof UnknownCard);
        assertTrue(((UnknownCard) read).reason(), ((UnknownCard) read).reason()
                .startsWith("unreadable card: the card number file: tag 5A announces 10 bytes but only 4 follow"));
    }

    @Test
    public void aTestCpsIsRefusedWhenTheSettingSaysSo() throws Exception {
        VirtualCards cards = VirtualCards.standard();
        try {
            cards.insert("cps", Optional.empty());
            Card card = cards.terminalFactory().orElseThrow().terminals().getTerminal(cards.readerNames().get(0)).connect("*");
            ChannelSession session = new ChannelSession(cards.readerNames().get(0), card.getBasicChannel(), card.getATR().getBytes());
            CardReading production = new CardReading(new IasCpsProfile(), new Vitale2Profile(), new AsipInsCalculator(), List::of, false);
            PresentCard read = production.read(session, identity -> {
                throw new AssertionError("a refused test card gets no handle");
            });
            assertEquals(new UnknownCard(cards.readerNames().get(0), "a test CPS (national identifier 8997…), refused by this"
                    + " installation's setting (test.cards.accepted = false)"), read);
        } finally {
            cards.close();
        }
    }

    /** A source that reads every card as the test says, or fails. */
    private static VitaleCardSource source(String name, List<Beneficiary> read, String failure) {
        return new VitaleCardSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Beneficiary> read(String reader) throws IOException {
                if (failure != null) {
                    throw new IOException(failure);
                }
                return read;
            }
        };
    }

    @Test
    public void aVitale1CardIsReadByTheFirstSourceThatCan() throws Exception {
        Beneficiary jean = new Beneficiary("MARTIN", "JEAN", "500801", "1500815051040", Optional.of("1500815051040"), 0, "");
        sources.add(source("Offline", List.of(), "no DMP session is open"));
        sources.add(source("Efficience", List.of(jean), null));
        byte[] vitale1 = HexFormat.of().parseHex("3F65250052096A9000");
        PresentCard unread = reading.read(new ScriptedSession().atr(vitale1).on(0xA4, 0x04, 0x6A82), identity -> {
            throw new AssertionError("not a CPS");
        });
        assertTrue("a Vitale card the profiles cannot read goes to the sources", reading.forSources(vitale1, unread));
        VitaleCard card = (VitaleCard) reading.fromSources("Scripted reader", (UnknownCard) unread);
        assertEquals(jean, card.beneficiaries().get(0).traits());
        assertEquals("its INS-C computed here, as for any card", "1541187387477485562488",
                card.beneficiaries().get(0).insc().orElseThrow().value());
    }

    @Test
    public void aVitaleCardNoSourceCanReadSaysEachSourcesReason() throws Exception {
        sources.add(source("Efficience", List.of(), "no DMP session is open: open one, then insert the card again"));
        sources.add(source("Empty", List.of(), null));
        PresentCard unread = reading.read(new ScriptedSession().atr(HexFormat.of().parseHex("3F65250052096A9000")).on(0xA4, 0x04, 0x6A82),
                identity -> {
                    throw new AssertionError("not a CPS");
                });
        PresentCard read = reading.fromSources("Scripted reader", (UnknownCard) unread);
        assertEquals(new UnknownCard("Scripted reader", "a Vitale 1 card, whose files are not public: it cannot be read here"
                + " (ATR 3F 65 25 00 52 09 6A 90 00); Efficience could not read it: no DMP session is open: open one, then insert the card"
                + " again; Empty read no beneficiary on it"), read);
    }

    @Test
    public void noSourceIsAskedForACardThatIsNoVitaleCard() throws Exception {
        PresentCard read = reading.read(new ScriptedSession().on(0xA4, 0x04, 0x6A82), identity -> {
            throw new AssertionError("not a CPS");
        });
        assertEquals(new UnknownCard("Scripted reader", "neither a CPS nor a Vitale card (ATR 3B 00)"), read);
        assertFalse(reading.forSources(new byte[] {0x3B, 0x00}, read));
        byte[] cps4 = HexFormat.of().parseHex("3B9B188001001225006480040100009044");
        assertFalse("a CPS is never given to a Vitale source", reading.forSources(cps4, new UnknownCard("Scripted reader", "x")));
    }
}
