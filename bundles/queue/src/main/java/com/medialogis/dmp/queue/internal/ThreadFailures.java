package com.medialogis.dmp.queue.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What went wrong on the queue's own threads (the writer, the worker): a failure is logged at
 * ERROR once, shown in the queue's stats until that thread next succeeds, and the thread goes on.
 */
final class ThreadFailures {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadFailures.class);

    private final Map<String, String> current = new ConcurrentSkipListMap<>();

    /** @param thread which thread, for example "writer" */
    void failed(String thread, Throwable failure) {
        String reason = failure.toString();
        String previous = current.put(thread, reason + " (since " + Instant.now() + ")");
        if (previous == null) {
            LOG.error("The deposit queue's {} failed ({}); it goes on with the next work", thread, reason, failure);
        } else {
            LOG.debug("The deposit queue's {} failed again", thread, failure);
        }
    }

    void succeeded(String thread) {
        if (current.remove(thread) != null) {
            LOG.info("The deposit queue's {} works again", thread);
        }
    }

    /** @return every thread's failure not followed by a success, or empty */
    Optional<String> summary() {
        return current.isEmpty() ? Optional.empty() : Optional.of(current.entrySet().stream()
                .map(entry -> entry.getKey() + ": " + entry.getValue()).collect(Collectors.joining("; ")));
    }
}
