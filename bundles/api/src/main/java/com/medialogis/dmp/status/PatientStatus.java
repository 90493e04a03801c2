package com.medialogis.dmp.status;

import com.medialogis.dmp.connector.DmpStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A patient's DMP state for the toolbar, and how old that answer is.
 *
 * @param dmp the state, with its closing date or reason when known
 * @param answered when the DMP gave this answer (when it was decided, for NO_IDENTIFIER)
 * @param age how old the answer was when it was returned; zero when the DMP was just asked
 */
public record PatientStatus(DmpStatus dmp, Instant answered, Duration age) {

    public PatientStatus {
        Objects.requireNonNull(dmp, "dmp");
        Objects.requireNonNull(answered, "answered");
        Objects.requireNonNull(age, "age");
        if (age.isNegative()) {
            throw new IllegalArgumentException("An answer cannot be younger than zero: " + age);
        }
    }

    /** @return what the practice program offers for this state */
    public DmpAction action() {
        return DmpAction.of(dmp.state());
    }
}
