package com.medialogis.dmp.queue.internal;

import com.medialogis.dmp.queue.Deposit;
import com.medialogis.dmp.queue.QueueException;
import com.medialogis.dmp.queue.QueueException.Problem;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stores enqueued deposits on one thread: whatever arrived while the previous batch was written
 * goes into the next transaction, followed by one sync to the disk. Each caller learns the outcome
 * of its own deposit only after that sync, so concurrent enqueues share the cost of a sync without
 * weakening what each is promised. At most {@link #MOST_WAITING} deposits wait for the writer (by
 * default): a caller beyond waits for room, {@link #ROOM_WAIT} at most, then is refused. A batch the writer fails on (an error of the
 * database, or of the Java runtime such as running out of memory) is refused to its callers at
 * once with the reason, and the writer goes on with the next one.
 */
final class GroupCommit implements AutoCloseable {

    static final int MOST_PER_BATCH = 256;
    static final int MOST_WAITING = 4 * MOST_PER_BATCH;
    static final Duration ROOM_WAIT = Duration.ofSeconds(10);
    private static final String THREAD = "writer";

    private record Pending(DepositChecks.Checked checked, CompletableFuture<Deposit> result) {}

    /** Where the batches go: the queue's database. */
    interface Storage {
        /**
         * Stores a batch in one transaction.
         *
         * @return for each request, its deposit or its refusal (a {@link QueueException})
         */
        List<Object> insert(List<DepositChecks.Checked> batch, Instant now) throws SQLException;

        /** Forces what was committed to the disk itself. */
        void sync() throws SQLException;
    }

    private final BlockingQueue<Pending> pending;
    private final Duration roomWait;
    private final Storage storage;
    private final DocumentFiles files;
    private final Runnable afterCommit;
    private final ThreadFailures failures;
    private final Thread writer;
    private volatile boolean closed;

    /**
     * @param afterCommit run after each batch is on disk (wakes the sending worker)
     * @param mostWaiting how many deposits may wait for the writer
     * @param roomWait how long a caller waits for room before it is refused
     */
    GroupCommit(Storage storage, DocumentFiles files, Runnable afterCommit, ThreadFailures failures, int mostWaiting,
            Duration roomWait) {
        this.roomWait = roomWait;
        this.storage = storage;
        this.files = files;
        this.afterCommit = afterCommit;
        this.failures = failures;
        this.pending = new ArrayBlockingQueue<>(mostWaiting);
        this.writer = new Thread(this::write, "dmp-queue-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** @throws QueueException BUSY when no room was made for it in time */
    CompletableFuture<Deposit> submit(DepositChecks.Checked checked) throws QueueException {
        CompletableFuture<Deposit> result = new CompletableFuture<>();
        boolean accepted;
        try {
            accepted = pending.offer(new Pending(checked, result), roomWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueException(Problem.BUSY, "interrupted while waiting for room in the queue: nothing was stored");
        }
        if (!accepted) {
            throw new QueueException(Problem.BUSY, pending.size() + " deposits are waiting to be stored: nothing was stored,"
                    + " try again in a moment");
        }
        if (closed) {
            failPending("the deposit queue is stopping: nothing was stored");
        }
        return result;
    }

    private void write() {
        while (!closed) {
            List<Pending> batch = new ArrayList<>();
            Optional<List<Object>> committed = Optional.empty();
            try {
                Pending first = pending.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, MOST_PER_BATCH - 1);
                files.sync();
                committed = Optional.of(storage.insert(batch.stream().map(Pending::checked).toList(), Instant.now()));
                storage.sync();
                failures.succeeded(THREAD);
                answer(batch, committed.get(), Optional.empty());
            } catch (InterruptedException e) {
                break;
            } catch (IOException | SQLException | RuntimeException | Error e) {
                failures.failed(THREAD, e);
                if (committed.isPresent()) {
                    answer(batch, committed.get(), Optional.of(e));
                } else {
                    refuse(batch, e);
                }
            }
            if (committed.isPresent()) {
                wakeWorker();
            }
        }
        failPending("the deposit queue is stopping: nothing was stored");
    }

    /**
     * Answers the callers of a committed batch: each its deposit, or its refusal (whose document's
     * copy goes). When the sync after the commit failed, the stored ones are told so: their copies
     * stay, since their deposits may be on disk.
     */
    private void answer(List<Pending> batch, List<Object> results, Optional<Throwable> unsynced) {
        for (int i = 0; i < batch.size(); i++) {
            Pending caller = batch.get(i);
            if (!(results.get(i) instanceof Deposit deposit)) {
                refuse(caller, (QueueException) results.get(i));
            } else if (unsynced.isPresent()) {
                caller.result().completeExceptionally(new QueueException(Problem.STORAGE, "deposit #" + deposit.id()
                        + " is stored but was not confirmed on the disk (" + unsynced.get() + "): see queue:list", unsynced.get()));
            } else {
                caller.result().complete(deposit);
            }
        }
    }

    /** What was committed is sent by the worker; a failure to tell it so is the writer's, and the writer goes on. */
    private void wakeWorker() {
        try {
            afterCommit.run();
        } catch (RuntimeException | Error e) {
            failures.failed(THREAD, e);
        }
    }

    /** Nothing of the batch was committed: its documents' copies go too. */
    private void refuse(List<Pending> batch, Throwable failure) {
        failures.failed(THREAD, failure);
        QueueException refusal = new QueueException(Problem.STORAGE, "the queue's writer failed, nothing of this batch"
                + " was stored: " + failure, failure);
        batch.forEach(p -> refuse(p, refusal));
    }

    private void refuse(Pending pending, QueueException refusal) {
        files.delete(pending.checked().copy().uniqueId());
        pending.result().completeExceptionally(refusal);
    }

    private void failPending(String reason) {
        Pending left;
        while ((left = pending.poll()) != null) {
            refuse(left, new QueueException(Problem.STORAGE, reason));
        }
    }

    /** Finishes the batch being written; what was not written yet is refused. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        writer.join(30_000);
        failPending("the deposit queue is stopping: nothing was stored");
    }
}
