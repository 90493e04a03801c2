package com.medialogis.dmp.cardsimulator.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
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
    public void vitaleRecordsAreReadOneByOneUntilRecordNotFound() throws CardException {
        cards.insert("vitale", Optional.empty());
        CardChannel channel = factory.terminals().getTerminal(CardSimulator.VITALE_READER).connect("*").getBasicChannel();
        assertEquals(0x9000, channel.transmit(new CommandAPDU(0x00, 0xA4, 0x04, 0x00, VirtualVitale.AID)).getSW());
        for (int record = 1; record <= 4; record++) {
            ResponseAPDU answer = channel.transmit(new CommandAPDU(0x00, 0xB2, record, 0x04, 256));
            assertEquals(0x9000, answer.getSW());
            assertEquals("template 65", 0x65, answer.getData()[0]);
        }
        String child = new String(channel.transmit(new CommandAPDU(0x00, 0xB2, 3, 0x04, 256)).getData(),
                StandardCharsets.ISO_8859_1);
        assertTrue(child.contains("LEO"));
        assertFalse("the child has no own NIR (tag 93)", child.contains("\u0093"));
        assertEquals(0x6A83, channel.transmit(new CommandAPDU(0x00, 0xB2, 5, 0x04, 256)).getSW());
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
        assertTrue(card.getMessage(), card.getMessage().contains("cps, vitale or vitale-other"));
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
