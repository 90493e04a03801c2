package com.medialogis.dmp.card.internal.profile;

import com.medialogis.dmp.cardsimulator.internal.VirtualCards;
import java.util.Optional;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/** A session with one of the card simulator's virtual cards, in memory. */
final class SimulatorSession implements CardSession {

    private final String reader;
    private final Card card;
    private final CardChannel channel;

    /** @param name "cps" or "vitale" */
    SimulatorSession(VirtualCards cards, String name) throws CardException {
        cards.insert(name, Optional.empty());
        this.reader = cards.readerNames().get(name.equals("cps") ? 0 : 1);
        this.card = cards.terminalFactory().orElseThrow().terminals().getTerminal(reader).connect("*");
        this.channel = card.getBasicChannel();
    }

    @Override
    public String reader() {
        return reader;
    }

    @Override
    public byte[] atr() {
        return card.getATR().getBytes();
    }

    @Override
    public ResponseAPDU transmit(byte[] command) throws CardException {
        return channel.transmit(new CommandAPDU(command));
    }
}
