package com.medialogis.dmp.sandbox.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox's two card readers as the Efficience service sees them (EFFICIENCE-API.md §2.3,
 * §2.4): the vpcd driver's two readers, the virtual CPS in the first and the virtual Vitale card in
 * the second at start; either card may be put in either reader. Each insertion makes a new card in
 * its reader (a generation): a CPx or Vitale object taken before it no longer answers, as the
 * service asks for a new one after a card changed. The CPS keeps its PIN tries: three, one spent by
 * each wrong PIN, all back after a right one; a card inserted is a new card with its three tries (a
 * blocked one is taken out and put back so).
 */
final class SimulatedReaders {

    static final String CPS_READER = "Virtual PCD 00 00";
    static final String VITALE_READER = "Virtual PCD 00 01";
    static final List<String> READERS = List.of(CPS_READER, VITALE_READER);
    static final int PIN_TRIES = 3;
    /** The virtual CPS's PIN: the sandbox has no card reader and simulates that card. */
    static final String PIN = "1234";

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

    /** Each reader, in the order hl_getPcscReaders lists them, and what it holds. */
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private int triesLeft = PIN_TRIES;

    SimulatedReaders() {
        slots.put(CPS_READER, new Slot(ST_CPS_CARD, 1));
        slots.put(VITALE_READER, new Slot(ST_VITALE_CARD, 1));
    }

    /**
     * Inserts a new card in the reader holding it; when it is out, in its own reader (the CPS's first,
     * the Vitale card's second), or in an empty one when its own holds the other card.
     *
     * @param card "cps" or "vitale"
     */
    synchronized void insert(String card) {
        int type = typeOf(card);
        String own = ownReader(type);
        insert(card, holding(type).or(() -> Optional.of(own).filter(reader -> !slots.get(reader).inserted()))
                .or(() -> holding(ST_NO_CARD)).orElse(own));
    }

    /**
     * Inserts a new card in a reader, taking it out of the one it was in first.
     *
     * @param card "cps" or "vitale"
     * @param reader one of {@link #READERS}, empty or holding this card
     */
    synchronized void insert(String card, String reader) {
        int type = typeOf(card);
        Slot there = slots.get(reader);
        if (there == null) {
            throw new IllegalArgumentException("no reader '" + reader + "': " + String.join(" or ", READERS));
        }
        if (there.inserted() && there.type() != type) {
            throw new IllegalArgumentException(reader + " holds the " + (there.type() == ST_CPS_CARD ? "CPS" : "Vitale card")
                    + ": remove it first");
        }
        holding(type).ifPresent(this::empty);
        slots.put(reader, new Slot(type, slots.get(reader).generation() + 1));
        if (type == ST_CPS_CARD) {
            triesLeft = PIN_TRIES;
        }
    }

    /** @param card "cps" or "vitale" */
    synchronized void remove(String card) {
        holding(typeOf(card)).ifPresent(this::empty);
    }

    /** @return the reader holding the card, or its own reader when it is out; @param card "cps" or "vitale" */
    synchronized String readerOf(String card) {
        int type = typeOf(card);
        return holding(type).orElse(ownReader(type));
    }

    private static String ownReader(int type) {
        return type == ST_CPS_CARD ? CPS_READER : VITALE_READER;
    }

    /** @return the first reader holding a card of this ReaderSlotType (or none, for ST_NO_CARD) */
    private Optional<String> holding(int type) {
        return slots.entrySet().stream().filter(slot -> slot.getValue().type() == type).map(Map.Entry::getKey).findFirst();
    }

    private void empty(String reader) {
        slots.put(reader, new Slot(ST_NO_CARD, slots.get(reader).generation()));
    }

    private static int typeOf(String card) {
        return switch (card.toLowerCase(Locale.ROOT)) {
            case "cps" -> ST_CPS_CARD;
            case "vitale" -> ST_VITALE_CARD;
            default -> throw new IllegalArgumentException("no card '" + card + "': cps or vitale");
        };
    }

    /** @return each reader and what it holds, in the order hl_getPcscReaders lists them, at one moment */
    synchronized Map<String, Slot> slots() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(slots));
    }

    synchronized Slot slot(String reader) {
        return slots.getOrDefault(reader, new Slot(ST_NO_CARD, 0));
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
        if (PIN.equals(pin)) {
            triesLeft = PIN_TRIES;
            return -1;
        }
        return --triesLeft;
    }

    /** @return one line per reader, what it holds, and the CPS's tries */
    synchronized List<String> report() {
        return slots.entrySet().stream().map(slot -> slot.getKey() + ": " + switch (slot.getValue().type()) {
            case ST_CPS_CARD -> "the virtual CPS, " + triesLeft + " PIN tries left";
            case ST_VITALE_CARD -> "the virtual Vitale card";
            default -> "empty";
        }).toList();
    }
}
