package com.medialogis.dmp.queue;

import java.util.Objects;

/** The queue refused a request, or could not store it; the problem says which. */
public class QueueException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Problem {
        /** The document has no content. */
        EMPTY_CONTENT,
        /** The document is larger than the configured limit. */
        TOO_LARGE,
        /** The patient has no identifier. */
        NO_IDENTIFIER,
        /**
         * The patient's INS (an INS-NIR or INS-NIA) is not qualified: documents are sent only for a
         * qualified identity; nothing was stored.
         */
        IDENTITY_NOT_QUALIFIED,
        /** The request lacks a title or a category, or holds a value the DMP cannot take. */
        INVALID_REQUEST,
        /** The content could not be read, or changed while it was read: nothing was stored. */
        UNREADABLE_CONTENT,
        /** The same content was already deposited (or is queued) for this patient and category. */
        UNCHANGED_DOCUMENT,
        /** No deposit has that number. */
        UNKNOWN_DEPOSIT,
        /** The deposit is not in a state that allows the change (only FAILED is retried, only QUEUED cancelled). */
        WRONG_STATE,
        /** Too many deposits are waiting to be stored at once: nothing was stored, try again. */
        BUSY,
        /**
         * The queue's database or disk failed, or is not open: nothing was stored, unless the message
         * says the deposit may be stored (its answer not confirmed: see the queue's list).
         */
        STORAGE
    }

    private final Problem problem;

    public QueueException(Problem problem, String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public QueueException(Problem problem, String message, Throwable cause) {
        this(problem, message);
        initCause(cause);
    }

    public Problem problem() {
        return problem;
    }
}
