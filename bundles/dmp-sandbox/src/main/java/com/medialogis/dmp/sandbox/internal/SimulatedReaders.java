package com.medialogis.dmp.sandbox.internal;

import java.util.List;
import java.util.Locale;

/**
 * The sandbox's two card readers as the Efficience service sees them (EFFICIENCE-API.md §2.3,
 * §2.4): the vpcd driver's two readers, the virtual CPS in the first and the virtual Vitale card in
 * the second, both inserted at start. Each insertion makes a new card (a generation): a CPx or Vitale
 * object taken before it no longer answers, as the service asks for a new one after a card changed.
 * The CPS keeps its PIN tries: three, one spent by each wrong PIN, all back after a right one; a
 * card inserted is a new card with its three tries (a blocked one is taken out and put back so).
 */
final class SimulatedReaders {

    static final String CPS_READER = "Virtual PCD 00 00";
    static final String VITALE_READER = "Virtual PCD 00 01";
    static final List<String> READERS = List.of(CPS_READER, VITALE_READER);
    static final int PIN_TRIES = 3;

    /** What a reader holds now: its ReaderSlotType, and the count of the cards inserted in it (the card's generation). */
    record Slot(int type, long generation) {
        boolean inserted() {
            return type != ST_NO_CARD;
        }
    }

    /** ReaderSlotType (EFFICIENCE-API.md §2.3): no card, a Vitale card, a CPS. */
    static final int ST_NO_CARD = 1;
    static final int ST_VITALE_CARD = 2;
    static final int ST_CPS_CARD = 3;

    private Slot cps = new Slot(ST_CPS_CARD, 1);
    private Slot vitale = new Slot(ST_VITALE_CARD, 1);
    private int triesLeft = PIN_TRIES;

    /** @param card "cps" or "vitale" */
    synchronized void insert(String card) {
        if (isCps(card)) {
            cps = new Slot(ST_CPS_CARD, cps.generation() + 1);
            triesLeft = PIN_TRIES;
        } else {
            vitale = new Slot(ST_VITALE_CARD, vitale.generation() + 1);
        }
    }

    /** @param card "cps" or "vitale" */
    synchronized void remove(String card) {
        if (isCps(card)) {
            cps = new Slot(ST_NO_CARD, cps.generation());
        } else {
            vitale = new Slot(ST_NO_CARD, vitale.generation());
        }
    }

    private static boolean isCps(String card) {
        return switch (card.toLowerCase(Locale.ROOT)) {
            case "cps" -> true;
            case "vitale" -> false;
            default -> throw new IllegalArgumentException("no card '" + card + "': cps or vitale");
        };
    }

    synchronized Slot slot(String reader) {
        return reader.equals(CPS_READER) ? cps : reader.equals(VITALE_READER) ? vitale : new Slot(ST_NO_CARD, 0);
    }

    synchronized int triesLeft() {
        return triesLeft;
    }

    /**
     * Presents a PIN to the CPS: a wrong one spends a try.
     *
     * @return the tries left afterwards, or -1 when the PIN was right
     */
    synchronized int present(String pin) {
        if (triesLeft == 0) {
            return 0;
        }
        if (SandboxApi.PIN.equals(pin)) {
            triesLeft = PIN_TRIES;
            return -1;
        }
        return --triesLeft;
    }

    /** @return one line per reader, what it holds, and the CPS's tries */
    synchronized List<String> report() {
        return List.of(CPS_READER + ": " + (cps.inserted() ? "the virtual CPS, " + triesLeft + " PIN tries left" : "empty"),
                VITALE_READER + ": " + (vitale.inserted() ? "the virtual Vitale card" : "empty"));
    }
}
