package com.medialogis.dmp.cardsimulator.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated readers and the virtual card in each. Every insertion or removal bumps a
 * generation number and wakes the threads waiting for a change.
 */
final class SimulatedReaders implements CardSlots {

    /** What a reader holds: a card and the insertion it came with, so a pulled card is told apart. */
    record Slot(VirtualCard card, long insertion) {}

    private final Map<String, Optional<Slot>> readers = new LinkedHashMap<>();
    private long generation;
    private long insertions;

    SimulatedReaders(List<String> names) {
        names.forEach(name -> readers.put(name, Optional.empty()));
    }

    @Override
    public synchronized List<String> names() {
        return List.copyOf(readers.keySet());
    }

    synchronized Optional<Slot> slot(String reader) {
        Optional<Slot> slot = readers.get(reader);
        if (slot == null) {
            throw new IllegalArgumentException("No simulated reader named '" + reader + "'");
        }
        return slot;
    }

    @Override
    public synchronized Optional<VirtualCard> card(String reader) {
        return slot(reader).map(Slot::card);
    }

    /** Inserts a card, replacing (and powering off) the one the reader held. */
    @Override
    public synchronized void insert(String reader, VirtualCard card) {
        slot(reader).ifPresent(old -> old.card().powerOff());
        readers.put(reader, Optional.of(new Slot(card, ++insertions)));
        changed();
    }

    @Override
    public synchronized boolean remove(String reader) {
        Optional<Slot> old = slot(reader);
        old.ifPresent(slot -> slot.card().powerOff());
        readers.put(reader, Optional.empty());
        changed();
        return old.isPresent();
    }

    @Override
    public synchronized void close() {
        names().forEach(this::remove);
    }

    synchronized long generation() {
        return generation;
    }

    /**
     * Waits until the generation differs from {@code seen}.
     *
     * @param timeoutMillis 0 waits for ever
     * @return the generation then, or {@code seen} after the timeout
     */
    synchronized long awaitChange(long seen, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (generation == seen) {
            long left = timeoutMillis == 0 ? 0 : deadline - System.currentTimeMillis();
            if (timeoutMillis != 0 && left <= 0) {
                break;
            }
            wait(left);
        }
        return generation;
    }

    private void changed() {
        generation++;
        notifyAll();
    }
}
