package com.medialogis.dmp.status;

import com.medialogis.dmp.connector.DmpState;

/** What the practice program offers for a patient's DMP state (DOMAIN.md §1). */
public enum DmpAction {
    /** No identifier: nothing can be done with the DMP. */
    NONE,
    /** Create the DMP, with the patient's consent. */
    CREATE,
    /** Reactivate the closed DMP, with the patient's consent. */
    REACTIVATE,
    /** Record this doctor's authorization, then open. */
    AUTHORIZE,
    /** The patient refused this doctor: only emergency access (bris de glace, centre 15). */
    EMERGENCY_ACCESS,
    /** Open the DMP. */
    OPEN;

    /** @return the action offered for this state */
    public static DmpAction of(DmpState state) {
        return switch (state) {
            case NO_IDENTIFIER -> NONE;
            case NOT_FOUND -> CREATE;
            case CLOSED -> REACTIVATE;
            case NOT_AUTHORIZED -> AUTHORIZE;
            case DENIED -> EMERGENCY_ACCESS;
            case AUTHORIZED -> OPEN;
        };
    }
}
