package com.medialogis.dmp.queue;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The queue at a glance.
 *
 * @param counts how many deposits are in each state (every state present)
 * @param oldestQueued how long the oldest QUEUED deposit has waited, if any is
 * @param doneLastMinute deposits that became DONE in the last minute
 * @param doneLastHour deposits that became DONE in the last hour
 * @param worker what the sending worker is doing, for example "waiting for a DMP session"
 * @param failure what went wrong on the queue's own threads (the writer that stores deposits, the
 *     worker that sends them) and has not been followed by a success since, or empty
 */
public record QueueStats(Map<DepositState, Long> counts, Optional<Duration> oldestQueued, long doneLastMinute,
        long doneLastHour, String worker, Optional<String> failure) {

    public QueueStats {
        counts = Map.copyOf(counts);
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(failure, "failure");
    }
}
