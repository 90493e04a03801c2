package com.medialogis.dmp.connector;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A patient's DMP state as the DMP answered it (TD0.2).
 *
 * @param state the state to show
 * @param closedOn when a CLOSED DMP was closed, when the DMP said
 * @param detail the closing reason or the DMP's own words, or empty
 */
public record DmpStatus(DmpState state, Optional<LocalDate> closedOn, String detail) {

    public DmpStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(closedOn, "closedOn");
        Objects.requireNonNull(detail, "detail");
        if (closedOn.isPresent() && state != DmpState.CLOSED) {
            throw new IllegalArgumentException("Only a closed DMP has a closing date, not a " + state + " one");
        }
    }

    /** @return the state alone, without date or detail */
    public static DmpStatus of(DmpState state) {
        return new DmpStatus(state, Optional.empty(), "");
    }
}
