package com.medialogis.dmp.cardsimulator.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import javax.smartcardio.TerminalFactory;
import org.junit.Test;

/** The virtual cards through the javax.smartcardio API, as the card bundle sees them. */
public class SimulatedTerminalFactoryTest {

    private final VirtualCards cards = VirtualCards.standard();
    private final TerminalFactory factory = cards.terminalFactory().orElseThrow();

    @Test
    public void readersAreListedWithTheirCards() throws CardException {
        cards.insert("vitale", Optional.empty());
        CardTerminals terminals = factory.terminals();
        assertEquals(List.of(CardSimulator.CPS_READER, CardSimulator.VITALE_READER), names(terminals.list()));
        assertEquals(List.of(CardSimulator.VITALE_READER), names(terminals.list(CardTerminals.State.CARD_PRESENT)));
        assertEquals(List.of(CardSimulator.CPS_READER), names(terminals.list(CardTerminals.State.CARD_ABSENT)));
    }

    @Test
    public void vitaleHoldersAndTheirNirsAreInTheShortFile2OfTheMfAndOfTheVitaleApplication() throws CardException {
        cards.insert("vitale", Optional.empty());
        CardChannel channel = factory.terminals().getTerminal(CardSimulator.VITALE_READER).connect("*").getBasicChannel();
        assertEquals(0x9000, channel.transmit(new CommandAPDU(0x00, 0xA4, 0x00, 0x00, new byte[] {0x3F, 0x00})).getSW());
        ResponseAPDU holders = channel.transmit(new CommandAPDU(0x00, 0xB0, 0x82, 0x00, 256));
        assertEquals(0x6282, holders.getSW());
        String text = new String(holders.getData(), StandardCharsets.ISO_8859_1);
        assertTrue("65 { 80 MARTIN, 81 JEAN, 82 19500801 } first: " + text,
                text.startsWith("\u0065\u0018\u0080\u0006MARTIN\u0081\u0004JEAN\u0082\u000819500801"));
        assertTrue("the lunar date kept", text.contains("19290200"));
        assertEquals(0x9000, channel.transmit(new CommandAPDU(0x00, 0xA4, 0x04, 0x00,
                HexFormat.of().parseHex("D250000002564954414C45"))).getSW());
        String nirs = new String(channel.transmit(new CommandAPDU(0x00, 0xB0, 0x82, 0x00, 256)).getData(), StandardCharsets.ISO_8859_1);
        assertEquals("one 65 per holder, 93 the NIR; the child's 65 empty",
                "\u0065\u0011\u0093\u000f150081505104018" + "\u0065\u0011\u0093\u000f255069999999934" + "\u0065\u0000"
                        + "\u0065\u0011\u0093\u000f229029912345634", nirs);
        assertEquals(0x6A82, channel.transmit(new CommandAPDU(0x00, 0xB0, 0x81, 0x00, 256)).getSW());
    }

    @Test
    public void waitForChangeWakesOnInsertionAndTimesOutOtherwise() throws Exception {
        CardTerminals terminals = factory.terminals();
        assertFalse(terminals.waitForChange(50));
        CompletableFuture<Boolean> change = CompletableFuture.supplyAsync(() -> {
            try {
                return terminals.waitForChange(10_000);
            } catch (CardException e) {
                throw new IllegalStateException(e);
            }
        });
        cards.insert("cps", Optional.empty());
        assertTrue(change.get(10, TimeUnit.SECONDS));
        assertEquals(List.of(CardSimulator.CPS_READER), names(terminals.list(CardTerminals.State.CARD_INSERTION)));
        cards.remove("cps");
        assertTrue(terminals.waitForChange(1_000));
        assertEquals(List.of(CardSimulator.CPS_READER), names(terminals.list(CardTerminals.State.CARD_REMOVAL)));
    }

    @Test
    public void connectingToAnEmptyReaderSaysNoCard() {
        CardTerminal empty = factory.terminals().getTerminal(CardSimulator.CPS_READER);
        assertThrows(CardNotPresentException.class, () -> empty.connect("*"));
    }

    @Test
    public void pulledCardFailsItsNextCommandEvenOnceReinserted() throws CardException {
        cards.insert("cps", Optional.empty());
        Card card = factory.terminals().getTerminal(CardSimulator.CPS_READER).connect("*");
        CommandAPDU select = new CommandAPDU(0x00, 0xA4, 0x04, 0x00, VirtualCps.AID);
        assertEquals(0x9000, card.getBasicChannel().transmit(select).getSW());
        cards.remove("cps");
        assertThrows(CardException.class, () -> card.getBasicChannel().transmit(select));
        cards.insert("cps", Optional.empty());
        assertThrows("a new insertion needs a new connection", CardException.class,
                () -> card.getBasicChannel().transmit(select));
        Card again = factory.terminals().getTerminal(CardSimulator.CPS_READER).connect("*");
        assertEquals(0x9000, again.getBasicChannel().transmit(select).getSW());
    }

    @Test
    public void movingTheCpsToAnotherReaderKeepsItsTriesCounter() throws CardException {
        cards.insert("cps", Optional.empty());
        assertEquals(0x63C2, verify(CardSimulator.CPS_READER, "0000"));
        cards.insert("cps", Optional.of(CardSimulator.VITALE_READER));
        assertFalse(factory.terminals().getTerminal(CardSimulator.CPS_READER).isCardPresent());
        CardChannel channel = select(CardSimulator.VITALE_READER);
        assertEquals(0x63C2, channel.transmit(new CommandAPDU(0x00, 0x20, 0x00, 0x81)).getSW());
    }

    @Test
    public void unknownCardOrReaderNamesAreRefusedWithTheChoices() {
        IllegalArgumentException card = assertThrows(IllegalArgumentException.class,
                () -> cards.insert("mutuelle", Optional.empty()));
        assertTrue(card.getMessage(), card.getMessage().contains("cps, vitale or vitale1"));
        IllegalArgumentException reader = assertThrows(IllegalArgumentException.class,
                () -> cards.insert("cps", Optional.of("Virtual PCD 00 07")));
        assertTrue(reader.getMessage(), reader.getMessage().contains("Virtual PCD 00 07"));
    }

    private int verify(String reader, String pin) throws CardException {
        return select(reader).transmit(new CommandAPDU(0x00, 0x20, 0x00, 0x81, VirtualCpsTest.padded(pin))).getSW();
    }

    private CardChannel select(String reader) throws CardException {
        CardChannel channel = factory.terminals().getTerminal(reader).connect("*").getBasicChannel();
        assertEquals(0x9000, channel.transmit(new CommandAPDU(0x00, 0xA4, 0x04, 0x00, VirtualCps.AID)).getSW());
        return channel;
    }

    private static List<String> names(List<CardTerminal> terminals) {
        return terminals.stream().map(CardTerminal::getName).toList();
    }
}
