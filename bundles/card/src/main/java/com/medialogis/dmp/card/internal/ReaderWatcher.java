package com.medialogis.dmp.card.internal;

import com.medialogis.dmp.card.CardEvent;
import com.medialogis.dmp.card.PresentCard;
import com.medialogis.dmp.card.Reader;
import com.medialogis.dmp.card.ReaderStatus;
import com.medialogis.dmp.card.UnknownCard;
import com.medialogis.dmp.card.internal.profile.CardSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that talks to the readers. It polls with short waits (a thread blocked in
 * waitForChange would block every other PC/SC call), reads each card once when it is inserted,
 * runs the PIN commands between two polls, and, when PC/SC fails as a whole (pcscd stopped or
 * restarted), forgets every reader and opens a new context a second later, logging the change
 * of state once rather than every failure.
 */
final class ReaderWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ReaderWatcher.class);
    static final long RETRY_MILLIS = 1000;
    /** A provider whose wait returns at once (no reader at all, say) still gets no busy loop. */
    private static final long MIN_PASS_MILLIS = 10;
    private static final long CARD_TASK_TIMEOUT_SECONDS = 15;

    /** A card connected: what it is shown as ({@code info}), and what the profiles made of it ({@code profiles}). */
    private record Connection(CardTerminal terminal, Card card, CardSession session, PresentCard info, PresentCard profiles) {}

    private final CardReading reading;
    private final Supplier<Optional<TerminalFactory>> source;
    private final long pollMillis;
    private final Consumer<CardEvent> events;
    private final ScheduledExecutorService thread;
    /** Where the Vitale sources are asked: a DMP driver's service may take seconds, never the reader thread's. */
    private final ExecutorService sourcesThread;

    private volatile List<Reader> readers = List.of();
    private volatile ReaderStatus status = new ReaderStatus(ReaderStatus.State.STARTING, "starting", Instant.now());

    // Touched on the reader thread only.
    private TerminalFactory factory;
    private CardTerminals terminals;
    private final Map<String, Optional<Connection>> slots = new TreeMap<>();

    /**
     * @param source the terminal factory to use now (the simulator's, or PC/SC), asked at each poll
     * @param events told of every event, on the reader thread
     */
    ReaderWatcher(CardReading reading, Supplier<Optional<TerminalFactory>> source, long pollMillis,
            Consumer<CardEvent> events) {
        this.reading = reading;
        this.source = source;
        this.pollMillis = pollMillis;
        this.events = events;
        this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread reader = new Thread(task, "dmp-card-readers");
            reader.setDaemon(true);
            return reader;
        });
        this.sourcesThread = Executors.newSingleThreadExecutor(task -> {
            Thread sources = new Thread(task, "dmp-card-vitale-sources");
            sources.setDaemon(true);
            return sources;
        });
    }

    /** @param delayMillis how long to wait before the first pass */
    void start(long delayMillis) {
        thread.schedule(this::poll, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Lets the current pass end, then releases the cards and the PC/SC context. */
    void stop() {
        sourcesThread.shutdownNow();
        thread.execute(() -> forget("stopping"));
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    List<Reader> readers() {
        return readers;
    }

    ReaderStatus status() {
        return status;
    }

    /** One pass: follow a change of source, sync the readers, then wait a little for a change. */
    private void poll() {
        long started = System.nanoTime();
        long delay = 0;
        try {
            Optional<TerminalFactory> wanted = source.get();
            if (wanted.isEmpty()) {
                setStatus(ReaderStatus.State.NO_SERVICE, "PC/SC is disabled and no simulator is running");
                forget("no card reader source");
                delay = RETRY_MILLIS;
                return;
            }
            if (wanted.get() != factory) {
                forget("reader source changed");
                factory = wanted.get();
            }
            if (terminals == null) {
                terminals = factory.terminals();
            }
            terminals.waitForChange(pollMillis);
            sync(terminals.list(), names(terminals.list(CardTerminals.State.CARD_INSERTION)));
            setStatus(ReaderStatus.State.RUNNING, slots.size() + (slots.size() == 1 ? " reader" : " readers"));
            delay = Math.max(0, MIN_PASS_MILLIS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (CardException | RuntimeException | LinkageError e) {
            setStatus(ReaderStatus.State.NO_SERVICE, "PC/SC unavailable: " + describe(e));
            forget("PC/SC failed");
            delay = RETRY_MILLIS;
        } finally {
            if (!thread.isShutdown()) {
                thread.schedule(this::poll, delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static Set<String> names(List<CardTerminal> terminals) {
        Set<String> names = new HashSet<>();
        terminals.forEach(terminal -> names.add(terminal.getName()));
        return names;
    }

    /**
     * @param present the readers now
     * @param inserted the readers where a card was inserted during the last wait: one that holds a
     *     connection had its card swapped between two passes
     */
    private void sync(List<CardTerminal> present, Set<String> inserted) throws CardException {
        Set<String> current = names(present);
        for (String gone : new ArrayList<>(slots.keySet())) {
            if (!current.contains(gone)) {
                slots.remove(gone).ifPresent(ReaderWatcher::disconnect);
                emit(CardEvent.Type.READER_LOST, gone, Optional.empty());
            }
        }
        for (CardTerminal terminal : present) {
            String name = terminal.getName();
            if (!slots.containsKey(name)) {
                slots.put(name, Optional.empty());
                emit(CardEvent.Type.READER_ADDED, name, Optional.empty());
            }
            boolean cardPresent = terminal.isCardPresent();
            Optional<Connection> connection = slots.get(name);
            if (cardPresent && connection.isPresent() && inserted.contains(name)) {
                drop(name);
                connection = Optional.empty();
            }
            if (cardPresent && connection.isEmpty()) {
                connect(terminal).ifPresent(read -> {
                    slots.put(name, Optional.of(read));
                    emit(CardEvent.Type.INSERTED, name, Optional.of(read.info()));
                });
            } else if (!cardPresent && connection.isPresent()) {
                drop(name);
            }
        }
        publishReaders();
    }

    /** The card in this reader is gone: forget its connection and say so. */
    private void drop(String reader) {
        slots.get(reader).ifPresent(ReaderWatcher::disconnect);
        slots.put(reader, Optional.empty());
        emit(CardEvent.Type.REMOVED, reader, Optional.empty());
        publishReaders();
    }

    private void publishReaders() {
        List<Reader> snapshot = new ArrayList<>();
        slots.forEach((name, connection) -> snapshot.add(new Reader(name, connection.map(Connection::info))));
        readers = List.copyOf(snapshot);
    }

    /** @return the card read, or empty when it went away during the reading (seen at the next poll) */
    private Optional<Connection> connect(CardTerminal terminal) {
        String name = terminal.getName();
        Card card = null;
        try {
            card = terminal.connect("*");
            Card connected = card;
            CardSession session = new ChannelSession(name, card.getBasicChannel(), card.getATR().getBytes());
            PresentCard info = reading.read(session,
                    identity -> new ConnectedCps(name, identity, reading.cpsProfile(), this, connected));
            if (reading.forSources(session.atr(), info)) {
                askSources(name, connected, (UnknownCard) info);
            }
            return Optional.of(new Connection(terminal, card, session, info, info));
        } catch (CardException | RuntimeException e) {
            LOG.info("The card in {} could not be read ({}); it is read again when reinserted", name, describe(e));
            if (card != null) {
                try {
                    card.disconnect(false);
                } catch (CardException | RuntimeException ignored) {
                    // the card is gone already
                }
            }
            return Optional.empty();
        }
    }

    /** Asks the Vitale sources again for every card still unknown that they may read (see {@link #askSources}). */
    void retrySources() {
        try {
            thread.execute(() -> slots.forEach((name, connection) -> connection
                    .filter(current -> current.info() instanceof UnknownCard
                            && reading.forSources(current.session().atr(), current.profiles()))
                    .ifPresent(current -> askSources(name, current.card(), (UnknownCard) current.profiles()))));
        } catch (RejectedExecutionException e) {
            LOG.debug("The Vitale sources were not asked again: the card service stops");
        }
    }

    /**
     * Asks the Vitale sources off the reader thread; what they read replaces the unknown card, on the
     * reader thread, if that card is still the one connected (an INSERTED event tells the listeners).
     */
    private void askSources(String name, Card card, UnknownCard unread) {
        try {
            sourcesThread.execute(() -> {
                PresentCard read = reading.fromSources(name, unread);
                if (read instanceof UnknownCard) {
                    LOG.info("The card in {} stays unknown: no Vitale source could read it", name);
                }
                try {
                    thread.execute(() -> {
                        Optional<Connection> connection = slots.getOrDefault(name, Optional.empty());
                        if (connection.isPresent() && connection.get().card() == card) {
                            Connection current = connection.get();
                            slots.put(name, Optional.of(new Connection(current.terminal(), card, current.session(), read,
                                    current.profiles())));
                            emit(CardEvent.Type.INSERTED, name, Optional.of(read));
                            publishReaders();
                        }
                    });
                } catch (RejectedExecutionException stopping) {
                    LOG.debug("A Vitale source's reading came after the card service stopped");
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("The Vitale sources were not asked: the card service stops");
        }
    }

    /**
     * Runs a command on a card, on the reader thread, between two polls.
     *
     * @param card the connection the caller was given; a card pulled since is not that connection
     * @return the task's result, or empty when the card is no longer the one connected or was pulled
     *     during the command
     */
    <T> Optional<T> onCard(String reader, Card card, CardTask<T> task) throws CardException {
        Future<Optional<T>> result = thread.submit(() -> {
            Optional<Connection> connection = slots.getOrDefault(reader, Optional.empty());
            if (connection.isEmpty() || connection.get().card() != card) {
                return Optional.empty();
            }
            try {
                return Optional.of(task.run(connection.get().session()));
            } catch (CardException e) {
                if (e instanceof CardRemovedException || !stillPresent(connection.get().terminal())) {
                    drop(reader);
                    return Optional.empty();
                }
                throw e;
            }
        });
        try {
            return result.get(CARD_TASK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof CardException cardException ? cardException
                    : new CardException("the reader failed: " + describe(cause), cause);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new CardException("the reader did not answer within " + CARD_TASK_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CardException("interrupted while waiting for the reader");
        }
    }

    private static boolean stillPresent(CardTerminal terminal) {
        try {
            return terminal.isCardPresent();
        } catch (CardException | RuntimeException e) {
            return false;
        }
    }

    /** A command run on the reader thread. */
    interface CardTask<T> {
        T run(CardSession session) throws CardException;
    }

    /** Every reader is lost; the PC/SC context is released so that a new one can be opened. */
    private void forget(String why) {
        for (String name : new ArrayList<>(slots.keySet())) {
            slots.remove(name).ifPresent(ReaderWatcher::disconnect);
            emit(CardEvent.Type.READER_LOST, name, Optional.empty());
        }
        readers = List.of();
        if (terminals != null) {
            LOG.debug("Closing the reader context: {}", why);
            PcscTerminals.close(terminals);
            terminals = null;
        }
    }

    private static void disconnect(Connection connection) {
        try {
            connection.card().disconnect(false);
        } catch (CardException | RuntimeException ignored) {
            // a pulled card cannot be disconnected cleanly: nothing to release
        }
    }

    private void emit(CardEvent.Type type, String reader, Optional<PresentCard> card) {
        events.accept(new CardEvent(type, reader, card, Instant.now()));
    }

    private void setStatus(ReaderStatus.State state, String detail) {
        ReaderStatus current = status;
        if (current.state() != state || !current.detail().equals(detail)) {
            if (current.state() != state) {
                LOG.info("Card readers: {} ({})", state, detail);
            }
            status = new ReaderStatus(state, detail, current.state() == state ? current.since() : Instant.now());
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
