package com.medialogis.dmp.queue.internal;

import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DepositReceipt;
import com.medialogis.dmp.connector.DmpConnector;
import com.medialogis.dmp.connector.DocumentContent;
import com.medialogis.dmp.connector.DocumentEntry;
import com.medialogis.dmp.connector.DocumentQuery;
import com.medialogis.dmp.connector.DocumentStatus;
import com.medialogis.dmp.connector.SessionState;
import com.medialogis.dmp.queue.Deposit;
import com.medialogis.dmp.queue.DepositState;
import com.medialogis.dmp.queue.QueueException;
import com.medialogis.dmp.support.ids.Oids;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the deposits, one at a time, through the connector bound at that moment. A deposit that
 * was tried before (the answer may have been lost after the DMP took it) is first looked for in
 * the DMP by its unique id; so is one the DMP refuses, in case the refusal is of a copy it holds.
 * A search the DMP refuses (no DMP for this patient, for instance) means the document is not
 * there; a search that fails transiently puts the deposit back for later. The document goes from
 * the queue's copy to the connector as a stream; the copy is deleted once the DMP holds it. A failure of the worker itself (of the database, or
 * of the Java runtime such as running out of memory) is reported, the deposit it was sending put
 * back in the queue (to be looked for in the DMP first), and the worker goes on.
 */
final class Worker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final Duration PAUSE = Duration.ofMillis(500);
    private static final Duration LONGEST_IDLE = Duration.ofSeconds(1);
    private static final Set<String> PAUSING_CODES = Set.of(ConnectorException.NO_CONNECTOR, ConnectorException.NO_SESSION);
    private static final String THREAD = "worker";
    /** How much earlier than its enqueue a document found in the DMP may seem deposited: the DMP's clock is not ours. */
    private static final Duration CLOCKS = Duration.ofDays(1);

    private final DepositStore store;
    private final DocumentFiles files;
    private final Supplier<DmpConnector> connector;
    private final Backoff backoff;
    private final Consumer<Deposit> answered;
    private final ThreadFailures failures;
    private final Object signal = new Object();
    private final Thread thread;
    private boolean woken;
    private volatile boolean running = true;
    private volatile String status = "starting";

    /**
     * @param connector the connector bound now, or null
     * @param answered told of each deposit after an attempt: DONE, FAILED, or back in the queue
     */
    Worker(DepositStore store, DocumentFiles files, Supplier<DmpConnector> connector, Backoff backoff,
            Consumer<Deposit> answered, ThreadFailures failures) {
        this.store = store;
        this.files = files;
        this.connector = connector;
        this.backoff = backoff;
        this.answered = answered;
        this.failures = failures;
        this.thread = new Thread(this::run, "dmp-queue-worker");
        thread.setDaemon(true);
        thread.start();
    }

    /** @return what the worker is doing, for the shell */
    String status() {
        return status;
    }

    /** Looks for work now: something was queued, a connector was bound. */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void run() {
        boolean interrupted = false;
        while (running) {
            try {
                if (interrupted) {
                    store.requeueInterrupted("the queue's worker failed while sending: looked for in the DMP before it is"
                            + " sent again", Instant.now());
                    interrupted = false;
                    failures.succeeded(THREAD);
                }
                DmpConnector driver = connector.get();
                if (driver == null) {
                    pause("waiting for a DMP connector", PAUSE);
                } else if (driver.session().state() != SessionState.State.OPEN) {
                    pause("waiting for a DMP session (dmp:session open)", PAUSE);
                } else {
                    Optional<DepositStore.Outgoing> next = store.next(Instant.now());
                    if (next.isPresent()) {
                        setStatus("sending");
                        send(driver, next.get());
                    } else {
                        Duration wait = store.nextDue().map(due -> Duration.between(Instant.now(), due))
                                .filter(until -> until.compareTo(LONGEST_IDLE) < 0).orElse(LONGEST_IDLE);
                        pause("idle", wait);
                    }
                }
            } catch (SQLException | RuntimeException | Error e) {
                failures.failed(THREAD, e);
                interrupted = true;
                pause("failed, tries again in a second: " + e, LONGEST_IDLE);
            }
        }
    }

    private void send(DmpConnector driver, DepositStore.Outgoing outgoing) throws SQLException {
        Deposit deposit = outgoing.deposit();
        int attempt = deposit.attempts() + 1;
        if (store.move(deposit.id(), EnumSet.of(DepositState.QUEUED), DepositState.SENDING, OptionalInt.of(attempt),
                Optional.empty(), Optional.empty(), "attempt " + attempt + " through " + driver.name(), Instant.now()).isEmpty()) {
            return;
        }
        Optional<String> notQualified = DepositChecks.notQualified(outgoing.ins());
        if (notQualified.isPresent()) {
            // Stored by a version that took any INS, or retried: never sent.
            fail(deposit, attempt, notQualified.get() + " [" + QueueException.Problem.IDENTITY_NOT_QUALIFIED + "]");
            return;
        }
        try {
            if (deposit.attempts() > 0) {
                Optional<DocumentEntry> held = lookUp(driver, outgoing);
                if (held.isPresent()) {
                    done(deposit, attempt, held.get().uniqueId(), "found in the DMP as " + held.get().uniqueId() + ", deposited "
                            + held.get().deposited() + " by an earlier attempt");
                    return;
                }
            }
            DocumentContent content;
            try {
                content = files.content(deposit.uniqueId());
            } catch (IOException e) {
                // After a power cut, a deposit DONE before it may be back to QUEUED, its copy deleted.
                Optional<DocumentEntry> held = lookUp(driver, outgoing);
                if (held.isPresent()) {
                    done(deposit, attempt, held.get().uniqueId(), "found in the DMP as " + held.get().uniqueId() + ", deposited "
                            + held.get().deposited() + ", its copy gone");
                } else {
                    fail(deposit, attempt, "the queue's copy of the document could not be read: " + e);
                }
                return;
            }
            DepositReceipt receipt = driver.deposit(outgoing.ins(), outgoing.metadata(), content);
            done(deposit, attempt, receipt.uniqueId(), "deposited as " + receipt.uniqueId() + " at " + receipt.deposited());
        } catch (ConnectorException e) {
            failed(driver, outgoing, attempt, e);
        }
    }

    private void failed(DmpConnector driver, DepositStore.Outgoing outgoing, int attempt, ConnectorException e) throws SQLException {
        Deposit deposit = outgoing.deposit();
        String reason = e.getMessage() + (e.dmpCode().isEmpty() ? "" : " [" + e.dmpCode() + "]");
        Instant now = Instant.now();
        if (PAUSING_CODES.contains(e.dmpCode())) {
            requeue(deposit, attempt, now, "waiting: " + reason);
            return;
        }
        if (e.isTransient()) {
            Instant due = now.plus(backoff.after(attempt));
            requeue(deposit, attempt, due, "attempt " + attempt + " failed, next at " + due + ": " + reason);
            return;
        }
        Optional<DocumentEntry> held;
        try {
            held = lookUp(driver, outgoing);
        } catch (ConnectorException lookUp) {
            Instant due = now.plus(backoff.after(attempt));
            requeue(deposit, attempt, due, "refused (" + reason + "), and the DMP could not be searched for it, next at "
                    + due + ": " + lookUp.getMessage());
            return;
        }
        if (held.isPresent()) {
            done(deposit, attempt, held.get().uniqueId(), "found in the DMP as " + held.get().uniqueId() + ", deposited "
                    + held.get().deposited() + ", after the refusal: " + reason);
            return;
        }
        fail(deposit, attempt, "refused by the DMP: " + reason);
    }

    /** The document's copy is kept: a user may retry it. */
    private void fail(Deposit deposit, int attempt, String why) throws SQLException {
        LOG.warn("Deposit #{} failed: {}", deposit.id(), why);
        Instant now = Instant.now();
        store.move(deposit.id(), EnumSet.of(DepositState.SENDING), DepositState.FAILED, OptionalInt.of(attempt),
                Optional.empty(), Optional.of(now), why, now).ifPresent(answered);
    }

    private void requeue(Deposit deposit, int attempt, Instant due, String outcome) throws SQLException {
        store.move(deposit.id(), EnumSet.of(DepositState.SENDING), DepositState.QUEUED, OptionalInt.of(attempt),
                Optional.of(due), Optional.empty(), outcome, Instant.now()).ifPresent(answered);
    }

    /** The DMP holds the document under its unique id: the queue's copy goes. */
    private void done(Deposit deposit, int attempt, String dmpUniqueId, String outcome) throws SQLException {
        if (dmpUniqueId.length() > Oids.LONGEST_DMP_UNIQUE_ID) {
            fail(deposit, attempt, "the DMP holds the document, but answered a unique id of " + dmpUniqueId.length()
                    + " characters, more than the queue keeps (" + Oids.LONGEST_DMP_UNIQUE_ID + "): do not send it again; "
                    + outcome.substring(0, Math.min(outcome.length(), 200)));
            return;
        }
        Instant now = Instant.now();
        Optional<Deposit> done = store.done(deposit.id(), attempt, dmpUniqueId, outcome, now);
        if (done.isPresent()) {
            files.delete(deposit.uniqueId());
            answered.accept(done.get());
        }
    }

    /**
     * Looks in the DMP for the document an earlier attempt may have deposited, its answer lost: the
     * DMP gives a document its unique id, so it is known by its content. Its candidates are the
     * patient's documents of its category and title deposited since a day before it was queued (the
     * DMP's clock is not ours) that no other deposit of the queue is known as, each read back and
     * compared through their SHA-256; usually there is none or one. A DMP that returns a
     * document otherwise than as it was sent finds none: the document is sent again, and may then
     * be in the DMP twice.
     *
     * @throws ConnectorException only a transient one: the DMP could not be searched now
     */
    private Optional<DocumentEntry> lookUp(DmpConnector driver, DepositStore.Outgoing outgoing) throws ConnectorException, SQLException {
        DocumentQuery query = new DocumentQuery(Set.of(outgoing.metadata().category()), Optional.empty(), Optional.empty(),
                EnumSet.allOf(DocumentStatus.class));
        Instant since = outgoing.deposit().enqueued().minus(CLOCKS);
        try {
            List<DocumentEntry> candidates = new ArrayList<>();
            for (DocumentEntry entry : driver.find(outgoing.ins(), query)) {
                if (entry.title().equals(outgoing.metadata().title()) && !entry.deposited().isBefore(since)) {
                    candidates.add(entry);
                }
            }
            Set<String> known = candidates.isEmpty() ? Set.of() : store.dmpUniqueIds(outgoing.deposit().ins());
            for (DocumentEntry entry : candidates) {
                if (!known.contains(entry.uniqueId()) && sha256(driver, outgoing, entry).filter(outgoing.sha256()::equals).isPresent()) {
                    return Optional.of(entry);
                }
            }
            return Optional.empty();
        } catch (ConnectorException e) {
            if (e.isTransient()) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /**
     * @return the digest of a candidate's content; empty when the DMP refuses to give it (masked,
     *     gone): that one is not the document looked for, the others still may be
     * @throws ConnectorException a transient one: the DMP could not be asked now
     */
    private static Optional<String> sha256(DmpConnector driver, DepositStore.Outgoing outgoing, DocumentEntry entry)
            throws ConnectorException {
        MessageDigest digest = DocumentFiles.sha256();
        try (OutputStream digested = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            driver.retrieve(outgoing.ins(), entry.uniqueId(), digested);
        } catch (ConnectorException e) {
            if (e.isTransient()) {
                throw e;
            }
            LOG.info("Deposit #{}: a candidate found in the DMP could not be read back to be compared: {}", outgoing.deposit().id(),
                    e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("a digest's stream does not fail", e);
        }
        return Optional.of(HexFormat.of().formatHex(digest.digest()));
    }

    private void pause(String why, Duration wait) {
        setStatus(why);
        synchronized (signal) {
            long deadline = System.nanoTime() + wait.toNanos();
            long left;
            while (!woken && running && (left = deadline - System.nanoTime()) > 0) {
                try {
                    signal.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }

    /** A new wait is logged once; failures are logged by {@link ThreadFailures}. */
    private void setStatus(String now) {
        if (!now.equals(status) && now.startsWith("waiting")) {
            LOG.info("Deposit queue: {}", now);
        }
        status = now;
    }

    /** Finishes the deposit being sent, then stops. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        wake();
        thread.join(30_000);
    }
}
