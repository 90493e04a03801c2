package com.medialogis.dmp.queue;

/** Where a deposit stands. */
public enum DepositState {
    /** Stored, waiting for its turn or for its next try. */
    QUEUED,
    /** Being sent to the DMP now. */
    SENDING,
    /** The DMP holds it. */
    DONE,
    /** The DMP refused it; the reason is kept. A user may retry it. */
    FAILED,
    /** Cancelled by a user before it was sent. */
    CANCELLED
}
