package com.medialogis.dmp.queue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Deposits documents in the DMP through whichever connector is bound, keeping each one on disk
 * until the DMP holds it, and sending it once: a deposit whose earlier try may have reached the
 * DMP is looked for there (by its unique id) before it is sent again. Deposits of one patient are
 * sent in the order they were queued. While no connector is bound or no DMP session is open,
 * deposits wait. Every method may be called from several threads at once.
 */
@ProviderType
public interface DepositQueue {

    /**
     * Stores a deposit. Its size is checked before any byte is read; its content is then read once,
     * as a stream, into the queue's database. When this returns, the deposit and its content are on
     * disk (synced): they survive the process being killed and the machine losing power.
     *
     * @return the deposit, QUEUED, with its number and DMP unique id
     * @throws QueueException refusing an empty or too large content, a missing identifier, an
     *     invalid request, a content that could not be read, or a content identical to a deposit
     *     queued or done for the same patient and category; BUSY when too many deposits wait to be
     *     stored; or STORAGE when the disk or the database failed (see {@link QueueException.Problem#STORAGE})
     */
    Deposit enqueue(DepositRequest request) throws QueueException;

    /**
     * Stores a deposit as {@link #enqueue} does and waits for the outcome of its first attempt: the
     * DMP took it, refused it, or could not be reached (it stays in the queue for the next try).
     * When no connector is bound or no DMP session is open, it returns at once, the deposit queued.
     *
     * @param timeout the longest wait
     * @return the deposit DONE or FAILED, or QUEUED (with the reason of the failed attempt, or not
     *     tried yet when no session is open or the wait ended first): it goes on in the queue
     */
    Deposit depositNow(DepositRequest request, Duration timeout) throws QueueException;

    /** @return the largest content accepted, in bytes, as configured */
    long largestContent();

    /** @return the deposit with that number, if any */
    Optional<Deposit> deposit(long id) throws QueueException;

    /** @return the deposit's history, oldest first; empty for an unknown number */
    List<DepositEvent> history(long id) throws QueueException;

    /**
     * @param state only the deposits in that state, or all
     * @param limit at most that many, newest first
     */
    List<Deposit> list(Optional<DepositState> state, int limit) throws QueueException;

    /** Puts a FAILED deposit back in the queue, due now. */
    Deposit retry(long id) throws QueueException;

    /** Cancels a QUEUED deposit: it will not be sent. */
    Deposit cancel(long id) throws QueueException;

    /** @return counts per state, the oldest wait and the recent pace */
    QueueStats stats() throws QueueException;
}
