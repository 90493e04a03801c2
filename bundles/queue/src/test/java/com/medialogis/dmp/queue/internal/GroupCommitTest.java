package com.medialogis.dmp.queue.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.connector.AuthorRole;
import com.medialogis.dmp.connector.Category;
import com.medialogis.dmp.connector.DocumentContent;
import com.medialogis.dmp.connector.DocumentFormat;
import com.medialogis.dmp.connector.PracticeSetting;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsSystem;
import com.medialogis.dmp.queue.Deposit;
import com.medialogis.dmp.queue.DepositRequest;
import com.medialogis.dmp.queue.DepositState;
import com.medialogis.dmp.queue.QueueException.Problem;
import com.medialogis.dmp.queue.QueueException;
import com.medialogis.dmp.support.ids.Oids;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The writer against a storage that fails where a test says: before its commit, after it, or slowly. */
public class GroupCommitTest {

    private static final Ins PATIENT = new Ins("1541187387477485562488", InsSystem.INS_C, Ins.Status.COMPUTED);

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final ThreadFailures failures = new ThreadFailures();
    private final AtomicInteger ids = new AtomicInteger();
    private DocumentFiles files;
    private GroupCommit writer;

    /** A storage that stores every request, after what {@link #before} does on each batch. */
    private Runnable before = () -> { };
    private Runnable afterCommit = () -> { };
    private Runnable sync = () -> { };

    private final GroupCommit.Storage storage = new GroupCommit.Storage() {
        @Override
        public List<Object> insert(List<DepositChecks.Checked> batch, Instant now) {
            before.run();
            List<Object> stored = new ArrayList<>();
            for (DepositChecks.Checked checked : batch) {
                stored.add(new Deposit(ids.incrementAndGet(), checked.copy().uniqueId(), PATIENT.value(), "Lettre",
                        Category.CONSULTATION, checked.copy().size(), DepositState.QUEUED, 0, now, Optional.of(now),
                        Optional.empty(), "", Optional.empty()));
            }
            return stored;
        }

        @Override
        public void sync() throws SQLException {
            sync.run();
        }
    };

    @Before
    public void start() throws Exception {
        files = new DocumentFiles(folder.newFolder("documents").toPath());
    }

    @After
    public void stop() throws InterruptedException {
        if (writer != null) {
            writer.close();
        }
    }

    private void startWriter(int mostWaiting, Duration roomWait) {
        writer = new GroupCommit(storage, files, () -> afterCommit.run(), failures, mostWaiting, roomWait);
    }

    private DepositChecks.Checked checked(String text) throws QueueException {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        DepositRequest request = new DepositRequest(Optional.of(PATIENT), "Lettre", "", Category.CONSULTATION,
                DocumentFormat.TEXT, AuthorRole.ACTEUR_PRINCIPAL, PracticeSetting.AMBULATOIRE, Set.of(), Optional.empty(),
                DocumentContent.of(content));
        return new DepositChecks.Checked(request, PATIENT, files.copy(request.content(), Oids.random()));
    }

    private Path copy(DepositChecks.Checked checked) {
        return folder.getRoot().toPath().resolve("documents").resolve(checked.copy().uniqueId());
    }

    private static QueueException refusal(CompletableFuture<Deposit> result) throws InterruptedException, TimeoutException {
        try {
            result.get(5, TimeUnit.SECONDS);
            throw new AssertionError("refused");
        } catch (ExecutionException e) {
            return (QueueException) e.getCause();
        }
    }

    @Test
    public void anErrorBeforeTheCommitRefusesTheBatchAtOnceWithoutItsCopiesAndTheWriterGoesOn() throws Exception {
        AtomicInteger errors = new AtomicInteger(1);
        before = () -> {
            if (errors.getAndDecrement() > 0) {
                throw new OutOfMemoryError("Java heap space");
            }
        };
        startWriter(GroupCommit.MOST_WAITING, GroupCommit.ROOM_WAIT);
        DepositChecks.Checked refused = checked("Trop");
        QueueException failure = refusal(writer.submit(refused));
        assertEquals(Problem.STORAGE, failure.problem());
        assertTrue(failure.getMessage(), failure.getMessage().contains("java.lang.OutOfMemoryError: Java heap space"));
        assertFalse("nothing was committed: the copy goes", Files.exists(copy(refused)));
        assertTrue(failures.summary().orElseThrow(), failures.summary().orElseThrow().startsWith("writer: java.lang.OutOfMemoryError"));

        DepositChecks.Checked next = checked("Ensuite");
        assertEquals(DepositState.QUEUED, writer.submit(next).get(5, TimeUnit.SECONDS).state());
        assertTrue(Files.exists(copy(next)));
        assertEquals("a success clears the failure", Optional.empty(), failures.summary());
    }

    @Test
    public void anErrorAfterTheCommitNeverDeletesTheCopiesOfStoredDeposits() throws Exception {
        AtomicInteger errors = new AtomicInteger(1);
        afterCommit = () -> {
            if (errors.getAndDecrement() > 0) {
                throw new OutOfMemoryError("Java heap space");
            }
        };
        startWriter(GroupCommit.MOST_WAITING, GroupCommit.ROOM_WAIT);
        DepositChecks.Checked stored = checked("Stockée");
        assertEquals(DepositState.QUEUED, writer.submit(stored).get(5, TimeUnit.SECONDS).state());
        DepositChecks.Checked next = checked("Suivante");
        assertEquals("the writer went on", DepositState.QUEUED, writer.submit(next).get(5, TimeUnit.SECONDS).state());
        assertTrue("the stored deposit keeps its copy", Files.exists(copy(stored)));

        sync = () -> {
            throw new IllegalStateException("disk gone");
        };
        DepositChecks.Checked unconfirmed = checked("Non confirmée");
        QueueException failure = refusal(writer.submit(unconfirmed));
        assertEquals(Problem.STORAGE, failure.problem());
        assertTrue(failure.getMessage(), failure.getMessage().contains("is stored but was not confirmed on the disk"));
        assertTrue("its deposit may be on disk: the copy stays", Files.exists(copy(unconfirmed)));
    }

    @Test
    public void callersBeyondTheWaitingRoomAreRefusedBusyNotKeptInMemory() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger batches = new AtomicInteger();
        before = () -> {
            if (batches.getAndIncrement() == 0) {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        startWriter(2, Duration.ofMillis(300));
        CompletableFuture<Deposit> first = writer.submit(checked("Lente"));
        assertTrue(writing.await(5, TimeUnit.SECONDS));
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            List<Future<CompletableFuture<Deposit>>> waiting = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                DepositChecks.Checked checked = checked("En attente " + i);
                waiting.add(callers.submit(() -> writer.submit(checked)));
            }
            int busy = 0;
            List<CompletableFuture<Deposit>> admitted = new ArrayList<>();
            for (Future<CompletableFuture<Deposit>> call : waiting) {
                try {
                    admitted.add(call.get(5, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    assertEquals(Problem.BUSY, ((QueueException) e.getCause()).problem());
                    busy++;
                }
            }
            assertEquals("two found room, one was refused", 1, busy);
            release.countDown();
            assertEquals(DepositState.QUEUED, first.get(5, TimeUnit.SECONDS).state());
            for (CompletableFuture<Deposit> result : admitted) {
                assertEquals(DepositState.QUEUED, result.get(5, TimeUnit.SECONDS).state());
            }
        } finally {
            release.countDown();
            callers.shutdown();
        }
    }
}
