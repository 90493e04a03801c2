package com.medialogis.dmp.queue.internal;

import com.medialogis.dmp.queue.Deposit;
import com.medialogis.dmp.queue.QueueException;
import com.medialogis.dmp.queue.QueueException.Problem;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Stores enqueued deposits on one thread: whatever arrived while the previous batch was written
 * goes into the next transaction, followed by one sync to the disk. Each caller learns the outcome
 * of its own deposit only after that sync, so concurrent enqueues share the cost of a sync without
 * weakening what each is promised.
 */
final class GroupCommit implements AutoCloseable {

    static final int MOST_PER_BATCH = 256;
    static final long MOST_BYTES_PER_BATCH = 32L * 1024 * 1024;

    private record Pending(DepositChecks.Checked checked, CompletableFuture<Deposit> result) {}

    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final DepositStore store;
    private final Runnable afterCommit;
    private final Thread writer;
    private volatile boolean closed;

    /** @param afterCommit run after each batch is on disk (wakes the sending worker) */
    GroupCommit(DepositStore store, Runnable afterCommit) {
        this.store = store;
        this.afterCommit = afterCommit;
        this.writer = new Thread(this::write, "dmp-queue-writer");
        writer.setDaemon(true);
        writer.start();
    }

    CompletableFuture<Deposit> submit(DepositChecks.Checked checked) {
        CompletableFuture<Deposit> result = new CompletableFuture<>();
        pending.add(new Pending(checked, result));
        if (closed) {
            failPending("the deposit queue is stopping: nothing was stored");
        }
        return result;
    }

    private void write() {
        while (!closed) {
            Pending first;
            try {
                first = pending.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) {
                continue;
            }
            List<Pending> batch = new ArrayList<>();
            batch.add(first);
            long bytes = first.checked().request().content().length;
            Pending next;
            while (batch.size() < MOST_PER_BATCH && bytes < MOST_BYTES_PER_BATCH && (next = pending.poll()) != null) {
                batch.add(next);
                bytes += next.checked().request().content().length;
            }
            store(batch);
        }
        failPending("the deposit queue is stopping: nothing was stored");
    }

    private void store(List<Pending> batch) {
        List<Object> results;
        try {
            results = store.insert(batch.stream().map(Pending::checked).toList(), Instant.now());
        } catch (SQLException | RuntimeException e) {
            batch.forEach(p -> p.result().completeExceptionally(
                    new QueueException(Problem.STORAGE, "the queue's database failed, nothing was stored: " + e.getMessage(), e)));
            return;
        }
        try {
            store.sync();
        } catch (SQLException | RuntimeException e) {
            batch.forEach(p -> p.result().completeExceptionally(new QueueException(Problem.STORAGE,
                    "stored, but not synced to the disk: a power cut could lose it (" + e.getMessage() + ")", e)));
            afterCommit.run();
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            if (results.get(i) instanceof Deposit deposit) {
                batch.get(i).result().complete(deposit);
            } else {
                batch.get(i).result().completeExceptionally((QueueException) results.get(i));
            }
        }
        afterCommit.run();
    }

    private void failPending(String reason) {
        Pending left;
        while ((left = pending.poll()) != null) {
            left.result().completeExceptionally(new QueueException(Problem.STORAGE, reason));
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
