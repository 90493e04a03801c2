package com.medialogis.dmp.queue.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try again after a transient failure: the first delay doubled at each attempt, never
 * above the longest, and drawn between half and all of it so that deposits failed together do not
 * come back together.
 */
record Backoff(Duration first, Duration longest) {

    Duration after(int attempt) {
        long ceiling = first.toMillis();
        for (int i = 1; i < attempt && ceiling < longest.toMillis(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, longest.toMillis());
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }
}
