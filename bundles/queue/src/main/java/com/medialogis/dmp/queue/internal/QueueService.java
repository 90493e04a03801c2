package com.medialogis.dmp.queue.internal;

import com.medialogis.dmp.connector.DmpConnector;
import com.medialogis.dmp.connector.DocumentContent;
import com.medialogis.dmp.connector.SessionState;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.queue.Deposit;
import com.medialogis.dmp.queue.DepositEvent;
import com.medialogis.dmp.queue.DepositQueue;
import com.medialogis.dmp.queue.DepositRequest;
import com.medialogis.dmp.queue.DepositState;
import com.medialogis.dmp.queue.QueueException.Problem;
import com.medialogis.dmp.queue.QueueException;
import com.medialogis.dmp.queue.QueueStats;
import com.medialogis.dmp.support.db.EmbeddedDatabase;
import com.medialogis.dmp.support.db.Transactions;
import com.medialogis.dmp.support.files.DataFolder;
import com.medialogis.dmp.support.health.Checks;
import com.medialogis.dmp.support.ids.Oids;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.transaction.control.TransactionControl;
import org.osgi.service.transaction.control.jdbc.JDBCConnectionProviderFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable deposit queue: an embedded H2 database through Transaction Control, enqueues
 * grouped into one transaction and one sync ({@link GroupCommit}), one sending {@link Worker}. The
 * database is opened on a thread of its own after activation; calls made meanwhile wait for it.
 * The connector is bound optional, dynamic and greedy: replacing the driver bundle pauses the
 * worker for the time no driver is bound, and never recreates this component. Immediate: what a
 * previous run left in the queue is sent without waiting for someone to use the queue.
 */
@Component(configurationPid = QueueService.PID, immediate = true, service = {DepositQueue.class, QueueHealth.class})
@Designate(ocd = QueueService.Config.class)
public final class QueueService implements DepositQueue, QueueHealth {

    static final String PID = "com.medialogis.dmp.queue";

    @ObjectClassDefinition(name = "DMP deposit queue", description = "Documents kept on disk until the DMP holds them.")
    public @interface Config {
        @AttributeDefinition(description = "Largest document accepted, in bytes (1 to 104857600).")
        int max_content_bytes() default DocumentContent.DEFAULT_LARGEST;

        @AttributeDefinition(description = "Wait before the second try after a transient failure, in milliseconds (10 to 3600000); doubled at each try.")
        long retry_first_millis() default 5_000;

        @AttributeDefinition(description = "Longest wait between two tries, in milliseconds (10 to 86400000).")
        long retry_longest_millis() default 15 * 60_000;

        @AttributeDefinition(description = "Folder of the queue's database. Empty: queue/ in the container's data folder.")
        String folder() default "";

    }

    /**
     * The queue's checked settings.
     *
     * @param largest the largest content accepted
     * @param backoff the waits between tries
     * @param mostWaiting how many deposits may wait to be stored at once
     * @param roomWait how long a caller waits for room among them before it is refused
     */
    record Settings(long largest, Backoff backoff, int mostWaiting, Duration roomWait) {}

    /**
     * The database as the queue opened it.
     *
     * @param store its deposits
     * @param documents the folder of the documents' copies
     * @param release lets it go
     */
    record Database(DepositStore store, Path documents, AutoCloseable release) {}

    /** Opens the database: run once, on the opening thread; gives up when the queue is closing. */
    @FunctionalInterface
    interface Opener {
        Database open(BooleanSupplier closing) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(QueueService.class);
    private static final Duration OPENING_WAIT = Duration.ofSeconds(60);
    private static final Duration STORING_WAIT = Duration.ofSeconds(60);
    /** H2's page cache, in KB (its default is 64 MB). */
    private static final int CACHE_KB = 8 * 1024;

    /** The parts that exist once the database is open. */
    private record Open(Database database, DocumentFiles files, GroupCommit writer, Worker worker) {}

    private final Settings settings;
    private final ThreadFailures failures = new ThreadFailures();
    private final AtomicReference<DmpConnector> connector = new AtomicReference<>();
    private final CompletableFuture<Open> open = new CompletableFuture<>();
    private final Map<Long, CompletableFuture<Deposit>> waiting = new ConcurrentHashMap<>();
    private final Thread opening;
    private volatile boolean closing;

    @Activate
    public QueueService(Config config, BundleContext context, @Reference TransactionControl transactions,
            @Reference JDBCConnectionProviderFactory providers,
            @Reference(target = "(osgi.jdbc.driver.class=org.h2.Driver)") DataSourceFactory h2) {
        this(settings(config), closing -> {
            EmbeddedDatabase.awaitContainerStarted(context, closing);
            return openH2(folder(config, context), transactions, providers, h2);
        });
    }

    QueueService(Settings settings, Opener opener) {
        this.settings = settings;
        this.opening = new Thread(() -> open(opener), "dmp-queue-open");
        opening.setDaemon(true);
        opening.start();
    }

    static Settings settings(Config config) {
        if (config.max_content_bytes() < 1 || config.max_content_bytes() > DocumentContent.LARGEST_ALLOWED) {
            throw new IllegalArgumentException(PID + ": max.content.bytes must be between 1 and "
                    + DocumentContent.LARGEST_ALLOWED + ", not " + config.max_content_bytes());
        }
        if (config.retry_first_millis() < 10 || config.retry_first_millis() > 3_600_000) {
            throw new IllegalArgumentException(PID + ": retry.first.millis must be between 10 and 3600000, not "
                    + config.retry_first_millis());
        }
        if (config.retry_longest_millis() < config.retry_first_millis() || config.retry_longest_millis() > 86_400_000) {
            throw new IllegalArgumentException(PID + ": retry.longest.millis must be between retry.first.millis and"
                    + " 86400000, not " + config.retry_longest_millis());
        }
        return new Settings(config.max_content_bytes(), new Backoff(Duration.ofMillis(config.retry_first_millis()),
                Duration.ofMillis(config.retry_longest_millis())), GroupCommit.MOST_WAITING, GroupCommit.ROOM_WAIT);
    }

    private static Path folder(Config config, BundleContext context) {
        return DataFolder.resolve(context, config.folder(), "queue");
    }

    /** Small page cache: documents are files beside the database, and the deposits' rows are few. */
    static Database openH2(Path folder, TransactionControl transactions, JDBCConnectionProviderFactory providers,
            DataSourceFactory h2) throws Exception {
        EmbeddedDatabase.Open database = EmbeddedDatabase.open(folder, "deposits", CACHE_KB, transactions, providers, h2);
        return new Database(new DepositStore(transactions, database.connection()), folder.resolve("documents"), database.release());
    }

    private void open(Opener opener) {
        Database database;
        try {
            database = opener.open(() -> closing);
        } catch (Exception e) {
            LOG.error("The deposit queue's database could not be opened: {}", e.toString());
            open.completeExceptionally(e);
            return;
        }
        try {
            DocumentFiles files = new DocumentFiles(database.documents());
            int interrupted = database.store().open(files, Instant.now());
            int unneeded = files.keepOnly(database.store().needed());
            Worker worker = new Worker(database.store(), files, connector::get, settings.backoff(), this::answered, failures);
            GroupCommit writer = new GroupCommit(database.store(), files, worker::wake, failures, settings.mostWaiting(),
                    settings.roomWait());
            open.complete(new Open(database, files, writer, worker));
            LOG.info("Deposit queue open{}{}", interrupted == 0 ? "" : ": " + interrupted + " interrupted deposits put back",
                    unneeded == 0 ? "" : ", " + unneeded + " document copies no deposit needs deleted");
        } catch (Exception e) {
            LOG.error("The deposit queue could not open its deposits: {}", e.toString());
            open.completeExceptionally(e);
            try {
                database.release().close();
            } catch (Exception release) {
                LOG.warn("The deposit queue's database could not be released: {}", release.toString());
            }
        }
    }

    @Reference(name = "connector", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindConnector(DmpConnector bound) {
        connector.set(bound);
        open.thenAccept(parts -> parts.worker().wake());
    }

    /** A greedy replacement binds the new driver before unbinding the old one: only the old one is cleared. */
    public void unbindConnector(DmpConnector unbound) {
        connector.compareAndSet(unbound, null);
    }

    @Deactivate
    void close() throws Exception {
        closing = true;
        opening.join(OPENING_WAIT.toMillis());
        Open parts = open.isDone() && !open.isCompletedExceptionally() ? open.join() : null;
        if (parts != null) {
            parts.writer().close();
            parts.worker().close();
            parts.database().release().close();
        }
        waiting.values().forEach(wait -> wait.cancel(false));
    }

    private Open parts() throws QueueException {
        try {
            return open.get(OPENING_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new QueueException(Problem.STORAGE, "the queue's database could not be opened: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new QueueException(Problem.STORAGE, "the queue's database is not open after " + OPENING_WAIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueException(Problem.STORAGE, "interrupted while the queue's database opened");
        }
    }

    private DepositStore store() throws QueueException {
        return parts().database().store();
    }

    /** The document is copied on the caller's thread, then its deposit stored with others in one transaction. */
    @Override
    public Deposit enqueue(DepositRequest request) throws QueueException {
        Ins ins = DepositChecks.check(request, settings.largest());
        Open parts = parts();
        DocumentFiles.Copy copy = parts.files().copy(request.content(), Oids.random());
        CompletableFuture<Deposit> stored;
        try {
            stored = parts.writer().submit(new DepositChecks.Checked(request, ins, copy));
        } catch (QueueException busy) {
            parts.files().delete(copy.uniqueId());
            throw busy;
        }
        try {
            return stored.get(STORING_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof QueueException refusal ? refusal
                    : new QueueException(Problem.STORAGE, "the deposit could not be stored: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new QueueException(Problem.STORAGE, "the disk did not confirm the deposit within "
                    + STORING_WAIT.toSeconds() + " s: it may still be stored, see queue:list");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueException(Problem.STORAGE, "interrupted while the deposit was stored: it may still be");
        }
    }

    /** Without a connector or a DMP session nothing can be sent now: the deposit is queued and the call returns. */
    @Override
    public Deposit depositNow(DepositRequest request, Duration timeout) throws QueueException {
        DmpConnector driver = connector.get();
        boolean sendable = driver != null && driver.session().state() == SessionState.State.OPEN;
        Deposit queued = enqueue(request);
        if (!sendable) {
            return queued;
        }
        CompletableFuture<Deposit> outcome = waiting.computeIfAbsent(queued.id(), id -> new CompletableFuture<>());
        try {
            // An attempt may have ended before this call began to wait.
            Deposit now = store(queued.id());
            if (now.state() == DepositState.SENDING || now.state() == DepositState.QUEUED && now.attempts() == 0) {
                outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException | ExecutionException | CancellationException e) {
            // the wait ended: the deposit is shown as it stands
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.remove(queued.id());
        }
        return store(queued.id());
    }

    /** Ends the wait of a {@link #depositNow} caller for this deposit, if one waits: an attempt ended. */
    private void answered(Deposit deposit) {
        CompletableFuture<Deposit> outcome = waiting.get(deposit.id());
        if (outcome != null) {
            outcome.complete(deposit);
        }
    }



    private Deposit store(long id) throws QueueException {
        return deposit(id).orElseThrow(() -> new QueueException(Problem.UNKNOWN_DEPOSIT, "no deposit #" + id));
    }

    @Override
    public Optional<Deposit> deposit(long id) throws QueueException {
        DepositStore store = store();
        return stored(() -> store.deposit(id));
    }

    @Override
    public List<DepositEvent> history(long id) throws QueueException {
        DepositStore store = store();
        return stored(() -> store.history(id));
    }

    @Override
    public List<Deposit> list(Optional<DepositState> state, int limit) throws QueueException {
        if (limit < 1) {
            throw new QueueException(Problem.INVALID_REQUEST, "a list has at least 1 deposit, not " + limit);
        }
        DepositStore store = store();
        return stored(() -> store.list(state, limit));
    }

    @Override
    public long largestContent() {
        return settings.largest();
    }

    @Override
    public Deposit retry(long id) throws QueueException {
        Instant now = Instant.now();
        DepositStore store = store();
        Optional<Deposit> retried = stored(() -> store.move(id, EnumSet.of(DepositState.FAILED), DepositState.QUEUED,
                OptionalInt.empty(), Optional.of(now), Optional.empty(), "put back in the queue by a user", now));
        if (retried.isEmpty()) {
            throw new QueueException(Problem.WRONG_STATE, "deposit #" + id + " is " + store(id).state()
                    + ": only a FAILED deposit can be retried");
        }
        parts().worker().wake();
        return retried.get();
    }

    /**
     * Only a deposit never tried: one tried before may be in the DMP already (its answer lost), and
     * a cancelled deposit never reaches the DMP.
     */
    @Override
    public Deposit cancel(long id) throws QueueException {
        Instant now = Instant.now();
        DepositStore store = store();
        Optional<Deposit> cancelled = stored(() -> store.cancel(id, "cancelled by a user", now));
        if (cancelled.isEmpty()) {
            Deposit current = store(id);
            throw new QueueException(Problem.WRONG_STATE, "deposit #" + id + (current.state() == DepositState.QUEUED
                    ? " was tried before and the DMP may hold it: only a deposit never sent can be cancelled"
                    : " is " + current.state() + ": only a QUEUED deposit can be cancelled"));
        }
        parts().files().delete(cancelled.get().uniqueId());
        answered(cancelled.get());
        return cancelled.get();
    }

    @Override
    public Result health(Duration longestWait, long lowDisk) {
        if (!open.isDone()) {
            return Checks.problem(Result.Status.TEMPORARILY_UNAVAILABLE, "the deposit queue opens its database", "wait a moment");
        }
        if (open.isCompletedExceptionally()) {
            return Checks.problem(Result.Status.CRITICAL, "the deposit queue's database could not be opened: "
                    + open.handle((parts, e) -> e.getCause() == null ? e : e.getCause()).join(),
                    "nothing can be queued; see the log, check the disk and the folder's rights, restart the container");
        }
        Checks.Report report = new Checks.Report();
        failures.summary().ifPresent(failure -> report.problem(Result.Status.CRITICAL, "the queue's " + failure,
                "see the log; the queue goes on, and this clears at its next success"));
        try {
            QueueStats stats = stats();
            long failed = stats.counts().get(DepositState.FAILED);
            if (failed > 0) {
                report.problem(Result.Status.WARN, failed + " deposits FAILED (refused by the DMP)",
                        "queue:list FAILED shows why; queue:retry ID once the cause is fixed");
            }
            if (stats.oldestQueued().filter(wait -> wait.compareTo(longestWait) > 0).isPresent()) {
                report.problem(Result.Status.WARN, "the oldest queued deposit has waited "
                        + stats.oldestQueued().get().toMinutes() + " min; the worker is " + stats.worker(),
                        "what the worker waits for; queue:list QUEUED shows each deposit's last try");
            }
            report.ok(stats.counts().get(DepositState.QUEUED) + " queued, " + failed + " failed, "
                    + stats.doneLastHour() + " done in the last hour; the worker is " + stats.worker());
        } catch (QueueException e) {
            report.problem(Result.Status.CRITICAL, "the deposit queue's database does not answer: " + e.getMessage(),
                    "see the log; restart the container");
        }
        freeSpace(open.join().database().documents(), lowDisk, report);
        return report.result();
    }

    private void freeSpace(Path documents, long lowDisk, Checks.Report report) {
        try {
            long free = Files.getFileStore(documents).getUsableSpace();
            String saw = free / (1024 * 1024) + " MB free for the queue's documents";
            if (free < 2 * settings.largest()) {
                report.problem(Result.Status.CRITICAL, saw, "free disk space: the largest document no longer fits");
            } else if (free < lowDisk) {
                report.problem(Result.Status.WARN, saw, "free disk space before the queue fills it");
            } else {
                report.ok(saw);
            }
        } catch (IOException e) {
            report.problem(Result.Status.CRITICAL, "the queue's folder cannot be read: " + e, "check the disk");
        }
    }

    @Override
    public QueueStats stats() throws QueueException {
        Instant now = Instant.now();
        DepositStore store = store();
        DepositStore.Counts counts = stored(() -> store.counts(now.minus(Duration.ofMinutes(1)), now.minus(Duration.ofHours(1))));
        return new QueueStats(counts.perState(), counts.oldestQueued().map(since -> Duration.between(since, now)),
                counts.doneSinceMinute(), counts.doneSinceHour(), parts().worker().status(), failures.summary());
    }

    private static <T> T stored(Transactions.Work<T> work) throws QueueException {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new QueueException(Problem.STORAGE, "the queue's database failed: " + e.getMessage(), e);
        }
    }
}
