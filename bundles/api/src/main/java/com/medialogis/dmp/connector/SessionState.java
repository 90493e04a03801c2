package com.medialogis.dmp.connector;

import java.time.Instant;
import java.util.Objects;

/**
 * A driver's DMP session, as data.
 *
 * @param state closed, or open with the CPS
 * @param detail a sentence for the user (why it closed, whose CPS opened it)
 * @param since when this state began
 */
public record SessionState(State state, String detail, Instant since) {

    /** Whether DMP calls can be made. */
    public enum State { CLOSED, OPEN }

    public SessionState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(since, "since");
    }
}
