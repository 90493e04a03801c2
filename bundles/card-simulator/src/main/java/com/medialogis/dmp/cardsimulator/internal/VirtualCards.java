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

    private final SimulatedReaders readers;
    private final Map<String, VirtualCard> cards;
    private final Map<String, String> defaultReaders = Map.of(
            "cps", CardSimulator.CPS_READER, "vitale", CardSimulator.VITALE_READER);
    private final TerminalFactory terminalFactory;

    VirtualCards(SimulatedReaders readers, VirtualCps cps, VirtualVitale vitale) {
        this.readers = readers;
        this.cards = Map.of("cps", cps, "vitale", vitale);
        this.terminalFactory = SimulatedTerminalFactory.create(readers);
    }

    /** @return the default CPS (PIN 1234) and Vitale card (four beneficiaries), both out of their readers */
    public static VirtualCards standard() {
        return new VirtualCards(new SimulatedReaders(List.of(CardSimulator.CPS_READER, CardSimulator.VITALE_READER)),
                VirtualCps.doctor(), VirtualVitale.family());
    }

    /** @return the in-memory terminal factory whose terminals are this set's readers */
    public TerminalFactory terminalFactory() {
        return terminalFactory;
    }

    /**
     * @param name "cps" or "vitale"
     * @param reader the reader to use, or its default one
     * @return what was done, for the shell
     */
    public synchronized String insert(String name, Optional<String> reader) {
        VirtualCard card = card(name);
        String target = reader.orElse(defaultReaders.get(name));
        readers.slot(target);
        for (String other : readers.names()) {
            if (readers.slot(other).filter(slot -> slot.card() == card).isPresent()) {
                readers.remove(other);
            }
        }
        readers.insert(target, card);
        return card.label() + " inserted in " + target;
    }

    /**
     * @param what "cps", "vitale" or a reader name
     * @return what was done, for the shell
     */
    public synchronized String remove(String what) {
        if (cards.containsKey(what)) {
            VirtualCard card = cards.get(what);
            for (String reader : readers.names()) {
                if (readers.slot(reader).filter(slot -> slot.card() == card).isPresent()) {
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
            throw new IllegalArgumentException("no virtual card '" + name + "': cps or vitale");
        }
        return card;
    }

    public List<String> readerNames() {
        return readers.names();
    }
}
