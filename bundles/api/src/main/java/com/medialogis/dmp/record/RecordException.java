package com.medialogis.dmp.record;

import java.util.Objects;

/** The records refused a request, or could not keep it; the problem says which. */
public class RecordException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Problem {
        /** No patient has that number. */
        UNKNOWN_PATIENT,
        /** The DMP document was received already (into the patient the message names). */
        ALREADY_RECEIVED,
        /** The patient's record changed since the caller read it (traits, identifier): nothing was done. */
        CHANGED,
        /** The records' database or disk failed, or is not open yet. */
        STORAGE
    }

    private final Problem problem;

    public RecordException(Problem problem, String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public RecordException(Problem problem, String message, Throwable cause) {
        this(problem, message);
        initCause(cause);
    }

    /**
     * @return that no patient of the practice has this number
     * @since 1.2
     */
    public static RecordException unknownPatient(String localId) {
        return new RecordException(Problem.UNKNOWN_PATIENT, "no patient of the practice has the number " + localId);
    }

    public Problem problem() {
        return problem;
    }
}
