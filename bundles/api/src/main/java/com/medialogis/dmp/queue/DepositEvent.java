package com.medialogis.dmp.queue;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a deposit's history: every change of state is kept.
 *
 * @param at when
 * @param state the state it entered
 * @param attempt the attempt it belongs to (0 before the first)
 * @param detail what happened: the DMP's answer, the error, who asked
 */
public record DepositEvent(Instant at, DepositState state, int attempt, String detail) {

    public DepositEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
    }
}
