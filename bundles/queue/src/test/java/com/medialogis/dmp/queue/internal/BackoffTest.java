package com.medialogis.dmp.queue.internal;

import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.Test;

public class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(15));

    private void assertBetween(Duration low, Duration high, int attempt) {
        for (int draw = 0; draw < 200; draw++) {
            Duration wait = backoff.after(attempt);
            assertTrue("attempt " + attempt + ": " + wait, wait.compareTo(low) >= 0 && wait.compareTo(high) <= 0);
        }
    }

    @Test
    public void theWaitDoublesAtEachAttemptBetweenHalfAndAllOfIt() {
        assertBetween(Duration.ofMillis(2_500), Duration.ofSeconds(5), 1);
        assertBetween(Duration.ofSeconds(5), Duration.ofSeconds(10), 2);
        assertBetween(Duration.ofSeconds(20), Duration.ofSeconds(40), 4);
    }

    @Test
    public void theWaitNeverExceedsTheLongest() {
        assertBetween(Duration.ofMillis(450_000), Duration.ofMinutes(15), 9);
        assertBetween(Duration.ofMillis(450_000), Duration.ofMinutes(15), 1_000);
    }

    @Test
    public void drawsDiffer() {
        assertTrue("jitter: 20 draws are not all the same",
                IntStream.range(0, 20).mapToObj(i -> backoff.after(3)).distinct().count() > 1);
    }
}
