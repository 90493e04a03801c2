package com.medialogis.dmp.queue;

import com.medialogis.dmp.connector.Category;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A deposit as the queue holds it.
 *
 * @param id the queue's number for it
 * @param uniqueId the queue's unique id for it (an OID under 2.25), given at enqueue and kept across tries
 * @param ins the patient's identifier value
 * @param title the document's title
 * @param category its category
 * @param size its size in bytes
 * @param state where it stands
 * @param attempts how many times it was sent (or looked for in the DMP after an interruption)
 * @param enqueued when it was stored
 * @param due when it is tried next, while QUEUED
 * @param finished when it became DONE, FAILED or CANCELLED
 * @param outcome the DMP's answer when DONE, its reason when FAILED, the last transient error
 *     while QUEUED after a failed try, or empty
 * @param dmpUniqueId the unique id the DMP gave the document, once DONE
 */
public record Deposit(long id, String uniqueId, String ins, String title, Category category, long size,
        DepositState state, int attempts, Instant enqueued, Optional<Instant> due, Optional<Instant> finished,
        String outcome, Optional<String> dmpUniqueId) {

    public Deposit {
        Objects.requireNonNull(uniqueId, "uniqueId");
        Objects.requireNonNull(ins, "ins");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(enqueued, "enqueued");
        Objects.requireNonNull(due, "due");
        Objects.requireNonNull(finished, "finished");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(dmpUniqueId, "dmpUniqueId");
    }

    /** Names the deposit by number and state only: no identifier or title reaches a log through it. */
    @Override
    public String toString() {
        return "Deposit[#" + id + ", " + state + ", attempts " + attempts + "]";
    }
}
