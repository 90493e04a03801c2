package com.medialogis.dmp.card.internal;

import com.medialogis.dmp.card.CardEvent;
import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.PresentCard;
import com.medialogis.dmp.card.Reader;
import com.medialogis.dmp.card.ReaderService;
import com.medialogis.dmp.card.ReaderStatus;
import com.medialogis.dmp.identity.Beneficiary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The readers as a {@link ReaderService} that owns them tells of them: what it says becomes the
 * readers shown and the card events, in the order it says it. A Vitale card's beneficiaries get
 * their INS-C here, as those read through PC/SC.
 */
final class OwnedReaders implements ReaderService.Observer {

    private static final Logger LOG = LoggerFactory.getLogger(OwnedReaders.class);

    private final ReaderService owner;
    private final String service;
    private final CardReading reading;
    private final Consumer<CardEvent> events;
    /** Guarded by this. */
    private final Map<String, Optional<PresentCard>> slots = new TreeMap<>();
    private volatile List<Reader> readers = List.of();
    private volatile ReaderStatus status;
    private final AutoCloseable watch;
    /** Set by {@link #close}: what the service still says after it is not heard. Guarded by this. */
    private boolean closed;

    OwnedReaders(ReaderService owner, CardReading reading, Consumer<CardEvent> events) {
        this.owner = owner;
        this.service = owner.name();
        this.reading = reading;
        this.events = events;
        this.status = new ReaderStatus(ReaderStatus.State.STARTING, "the readers belong to " + service + ": asking it", Instant.now());
        this.watch = owner.watch(this);
    }

    ReaderService owner() {
        return owner;
    }

    List<Reader> readers() {
        return readers;
    }

    ReaderStatus status() {
        return status;
    }

    @Override
    public synchronized void readers(List<String> names) {
        if (closed) {
            return;
        }
        for (String gone : new ArrayList<>(slots.keySet())) {
            if (!names.contains(gone)) {
                forget(gone);
            }
        }
        for (String name : names) {
            if (!slots.containsKey(name)) {
                slots.put(name, Optional.empty());
                emit(CardEvent.Type.READER_ADDED, name, Optional.empty());
            }
        }
        running();
    }

    @Override
    public synchronized void inserted(PresentCard card) {
        if (closed) {
            return;
        }
        put(reading.fromService(card, this::refused));
    }

    /** A CPS whose PIN showed a test card, where they are refused: an unknown card in its place, if it is still there. */
    private synchronized void refused(CpsCard card) {
        if (!closed && slots.getOrDefault(card.reader(), Optional.empty()).filter(present -> present == card).isPresent()) {
            put(CardReading.refusedTestCard(card.reader()));
        }
    }

    @Override
    public synchronized void vitaleInserted(String reader, List<Beneficiary> beneficiaries) {
        if (closed) {
            return;
        }
        put(reading.vitaleCard(reader, beneficiaries));
    }

    @Override
    public synchronized void removed(String reader) {
        if (closed) {
            return;
        }
        if (slots.getOrDefault(reader, Optional.empty()).isPresent()) {
            slots.put(reader, Optional.empty());
            emit(CardEvent.Type.REMOVED, reader, Optional.empty());
            publish();
        }
    }

    @Override
    public synchronized void unavailable(String why) {
        if (closed) {
            return;
        }
        if (status.state() != ReaderStatus.State.NO_SERVICE || !status.detail().endsWith(why)) {
            LOG.warn("The card readers of {} are out of reach: {}", service, why);
            status = new ReaderStatus(ReaderStatus.State.NO_SERVICE, service + " (which owns the readers) is out of reach: " + why,
                    Instant.now());
        }
        new ArrayList<>(slots.keySet()).forEach(this::forget);
    }

    /**
     * Stops the watch, outside this object's lock (the service's thread may be waiting for it to
     * tell one more thing, which is then not heard), then forgets every reader.
     */
    void close() {
        synchronized (this) {
            closed = true;
        }
        try {
            watch.close();
        } catch (Exception e) {
            LOG.warn("The watch of {}'s readers did not close cleanly: {}", service, e.toString());
        }
        synchronized (this) {
            new ArrayList<>(slots.keySet()).forEach(this::forget);
        }
    }

    /** A card in a reader the service did not list yet is taken as in a reader plugged in. */
    private void put(PresentCard card) {
        String reader = card.reader();
        if (!slots.containsKey(reader)) {
            emit(CardEvent.Type.READER_ADDED, reader, Optional.empty());
        } else if (slots.get(reader).isPresent()) {
            emit(CardEvent.Type.REMOVED, reader, Optional.empty());
        }
        slots.put(reader, Optional.of(card));
        emit(CardEvent.Type.INSERTED, reader, Optional.of(card));
        running();
    }

    private void forget(String reader) {
        if (slots.remove(reader).isPresent()) {
            emit(CardEvent.Type.REMOVED, reader, Optional.empty());
        }
        emit(CardEvent.Type.READER_LOST, reader, Optional.empty());
        publish();
    }

    private void running() {
        if (status.state() != ReaderStatus.State.RUNNING) {
            status = new ReaderStatus(ReaderStatus.State.RUNNING, "the readers belong to " + service + ", which reads the cards",
                    Instant.now());
        }
        publish();
    }

    private void publish() {
        List<Reader> now = new ArrayList<>();
        slots.forEach((name, card) -> now.add(new Reader(name, card)));
        readers = List.copyOf(now);
    }

    private void emit(CardEvent.Type type, String reader, Optional<PresentCard> card) {
        events.accept(new CardEvent(type, reader, card, Instant.now()));
    }
}
