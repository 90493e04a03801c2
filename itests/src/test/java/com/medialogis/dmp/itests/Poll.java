package com.medialogis.dmp.itests;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** Asking again until an answer comes, within a deadline: the container starts its parts on their own threads. */
final class Poll {

    private static final long PAUSE_MILLIS = 20;

    /** A question that may fail as the test's own code does. */
    interface Ask<T, E extends Exception> {
        T get() throws E, InterruptedException;
    }

    private Poll() {}

    /** @return the last answer: the expected one, or the one at the deadline */
    static <T, E extends Exception> T until(Duration within, Ask<T, E> ask, Predicate<T> expected) throws E, InterruptedException {
        Instant deadline = Instant.now().plus(within);
        T answer = ask.get();
        while (!expected.test(answer) && Instant.now().isBefore(deadline)) {
            Thread.sleep(PAUSE_MILLIS);
            answer = ask.get();
        }
        return answer;
    }

    /** @return whether the condition held by the deadline */
    static <E extends Exception> boolean until(Duration within, Ask<Boolean, E> condition) throws E, InterruptedException {
        return until(within, condition, Boolean::booleanValue);
    }
}
