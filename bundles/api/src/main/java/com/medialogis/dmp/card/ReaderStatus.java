package com.medialogis.dmp.card;

import java.time.Instant;
import java.util.Objects;

/**
 * How the reader subsystem is doing, as data rather than an exception.
 *
 * @param state the state
 * @param detail a sentence for the user or the integrator
 * @param since when this state began
 */
public record ReaderStatus(State state, String detail, Instant since) {

    /** The states of the reader subsystem. */
    public enum State {
        /** Not looked at the readers yet. */
        STARTING,
        /** Readers are watched. */
        RUNNING,
        /** The PC/SC service (pcscd) cannot be reached; retried every few seconds. */
        NO_SERVICE
    }

    public ReaderStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(since, "since");
    }
}
