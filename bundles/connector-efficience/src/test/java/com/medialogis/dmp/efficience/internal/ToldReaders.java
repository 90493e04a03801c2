package com.medialogis.dmp.efficience.internal;

import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.PresentCard;
import com.medialogis.dmp.card.ReaderService;
import com.medialogis.dmp.identity.Beneficiary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** What a watch of the readers told, in order, as lines, with the cards; awaited until a deadline. */
final class ToldReaders implements ReaderService.Observer {

    record Told(String line, PresentCard card, List<Beneficiary> beneficiaries) {
        CpsCard cps() {
            return (CpsCard) card;
        }
    }

    private final Duration within;
    private final List<Told> events = new ArrayList<>();

    /** @param within how long {@link #await} waits for what it is asked */
    ToldReaders(Duration within) {
        this.within = within;
    }

    @Override
    public synchronized void readers(List<String> names) {
        events.add(new Told("readers " + names, null, List.of()));
    }

    @Override
    public synchronized void inserted(PresentCard card) {
        events.add(new Told("inserted " + card.reader() + " " + card.getClass().getSimpleName(), card, List.of()));
    }

    @Override
    public synchronized void vitaleInserted(String reader, List<Beneficiary> beneficiaries) {
        events.add(new Told("vitale " + reader, null, beneficiaries));
    }

    @Override
    public synchronized void removed(String reader) {
        events.add(new Told("removed " + reader, null, List.of()));
    }

    @Override
    public synchronized void unavailable(String why) {
        events.add(new Told("unavailable " + why, null, List.of()));
    }

    synchronized List<String> lines() {
        return events.stream().map(Told::line).toList();
    }

    synchronized int count() {
        return events.size();
    }

    Told await(String what, Predicate<String> wanted) throws InterruptedException {
        return awaitAfter(0, what, wanted);
    }

    /** Polls until an event after the first {@code from} matches, or fails at the deadline with what was told. */
    Told awaitAfter(int from, String what, Predicate<String> wanted) throws InterruptedException {
        int index = indexAfter(from, what, wanted);
        synchronized (this) {
            return events.get(index);
        }
    }

    /** As {@link #awaitAfter}; @return the place of the event found among those told */
    int indexAfter(int from, String what, Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                for (int i = from; i < events.size(); i++) {
                    if (wanted.test(events.get(i).line())) {
                        return i;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError(what + " was not told within " + within + "; told: " + lines());
    }
}
