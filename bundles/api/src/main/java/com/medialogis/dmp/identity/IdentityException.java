package com.medialogis.dmp.identity;

import java.util.Objects;

/**
 * Why an identifier could not be checked or computed. The message is meant for the user and
 * names the problem; it never contains the identifier itself.
 */
public class IdentityException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The kinds of problem, for callers that react to them. */
    public enum Problem {
        /** A NIR that has neither 13 nor 15 characters. */
        NIR_LENGTH,
        /** A NIR with a character that does not belong where it stands. */
        NIR_CHARACTER,
        /** A 15-character NIR whose key does not match its first 13 characters. */
        NIR_KEY,
        /** A temporary NIR (starting with 7 or 8): it has no INS-C. */
        NIR_TEMPORARY,
        /** A beneficiary without his own NIR (a child on a parent's card): no INS-C. */
        NO_OWN_NIR,
        /** A birth date that is not six digits {@code AAMMJJ}. */
        BIRTH_DATE,
        /** A typed identifier that is neither an INS-C (22 digits) nor a NIR with its key (15 characters). */
        IDENTIFIER_FORMAT,
        /** A 22-digit INS-C whose key (its last two digits) does not match its first 20 digits. */
        INSC_KEY
    }

    private final Problem problem;

    public IdentityException(Problem problem, String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** @return the kind of problem */
    public Problem problem() {
        return problem;
    }
}
