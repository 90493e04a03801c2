package com.medialogis.dmp.connector;

/** What the practice program shows for a patient, each with its action (DOMAIN.md §1). */
public enum DmpState {
    /** No INS-C or INS could be computed: no DMP possible. */
    NO_IDENTIFIER,
    /** The DMP does not exist: create it, with the patient's consent. */
    NOT_FOUND,
    /** The DMP was closed: reactivate it, with the patient's consent. */
    CLOSED,
    /** The DMP exists and this doctor has no, or an expired, authorization: change it, then open. */
    NOT_AUTHORIZED,
    /** The patient refused this doctor: only emergency access (bris de glace) overrides it. */
    DENIED,
    /** This doctor may open the DMP. */
    AUTHORIZED
}
