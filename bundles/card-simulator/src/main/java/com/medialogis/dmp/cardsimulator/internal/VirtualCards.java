package com.medialogis.dmp.cardsimulator.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.smartcardio.TerminalFactory;

/**
 * The simulator's two cards, its two readers, and where the cards are. A card moved to another
 * reader is the same card: the CPS keeps its tries counter, as a real one does across power
 * cycles. Public (in a package no bundle exports) so that other bundles' tests can use the
 * virtual cards in memory.
 */
public final class VirtualCards {

    private final CardSlots readers;
    private final Map<String, VirtualCard> cards;
    private final Map<String, String> defaultReaders;
    private final Optional<TerminalFactory> terminalFactory;

    private VirtualCards(CardSlots readers, Optional<TerminalFactory> terminalFactory) {
        this.readers = readers;
        this.terminalFactory = terminalFactory;
        this.cards = Map.of("cps", VirtualCps.doctor(), "vitale", VirtualVitale.family(), "vitale1", new VirtualVitale1());
        this.defaultReaders = Map.of("cps", readers.names().get(0), "vitale", readers.names().get(1), "vitale1", readers.names().get(1));
    }

    /**
     * @return the default CPS (PIN 1234) and Vitale card (four beneficiaries), out of two readers
     *     in memory, read through {@link #terminalFactory()}
     */
    public static VirtualCards standard() {
        SimulatedReaders readers = new SimulatedReaders(List.of(CardSimulator.CPS_READER, CardSimulator.VITALE_READER));
        return new VirtualCards(readers, Optional.of(SimulatedTerminalFactory.create(readers)));
    }

    /**
     * @return the same cards, out of the two readers of the vpcd driver of a real pcscd, whose
     *     first reader listens on {@code port} of {@code host} and the second on the next port
     */
    public static VirtualCards overVpcd(String host, int port) {
        return new VirtualCards(new VpcdReaders(host, port), Optional.empty());
    }

    /** @return the in-memory terminal factory whose terminals are these readers; empty over vpcd */
    public Optional<TerminalFactory> terminalFactory() {
        return terminalFactory;
    }

    /** Takes the cards out of the readers (over vpcd: closes the connections). */
    public void close() {
        readers.close();
    }

    /**
     * @param name "cps", "vitale", or "vitale1" (a Vitale 1, which only the DMP driver's service reads)
     * @param reader the reader to use, or its default one
     * @return what was done, for the shell
     */
    public synchronized String insert(String name, Optional<String> reader) {
        VirtualCard card = card(name);
        String target = reader.orElse(defaultReaders.get(name));
        readers.card(target);
        for (String other : readers.names()) {
            if (readers.card(other).filter(held -> held == card).isPresent()) {
                readers.remove(other);
            }
        }
        readers.insert(target, card);
        return card.label() + " inserted in " + target;
    }

    /**
     * @param what "cps", "vitale", "vitale1" or a reader name
     * @return what was done, for the shell
     */
    public synchronized String remove(String what) {
        if (cards.containsKey(what)) {
            VirtualCard card = cards.get(what);
            for (String reader : readers.names()) {
                if (readers.card(reader).filter(held -> held == card).isPresent()) {
                    readers.remove(reader);
                    return card.label() + " removed from " + reader;
                }
            }
            return card.label() + " was in no reader";
        }
        return readers.remove(what) ? "card removed from " + what : what + " held no card";
    }

    private VirtualCard card(String name) {
        VirtualCard card = cards.get(name);
        if (card == null) {
            throw new IllegalArgumentException("no virtual card '" + name + "': cps, vitale or vitale1");
        }
        return card;
    }

    public List<String> readerNames() {
        return readers.names();
    }
}
