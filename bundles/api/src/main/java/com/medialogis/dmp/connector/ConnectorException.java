package com.medialogis.dmp.connector;

import java.util.Objects;

/**
 * A DMP operation failed. {@link Kind#TRANSIENT}: try again later (network, timeout, no driver
 * bound, DMP unavailable); {@link Kind#PERMANENT}: the request must change (the DMP refused it).
 * Carries the DMP's own code and message when it gave them.
 */
public class ConnectorException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Whether retrying the same request may succeed. */
    public enum Kind { TRANSIENT, PERMANENT }

    /** The code of {@link #noConnector()}. */
    public static final String NO_CONNECTOR = "NO_CONNECTOR";

    /**
     * The code every driver gives a transient failure of a call made without an open DMP session,
     * so that consumers (the deposit queue) wait for a session instead of counting a failed try.
     */
    public static final String NO_SESSION = "NO_SESSION";

    /** The code of {@link #notSupported}. */
    public static final String NOT_SUPPORTED = "NOT_SUPPORTED";

    /**
     * The code a driver gives the permanent failure of a call on a document it looked up first and
     * the patient's DMP does not hold; a call it sends without looking up carries the DMP's refusal.
     */
    public static final String DOCUMENT_NOT_FOUND = "DOCUMENT_NOT_FOUND";

    private final Kind kind;
    private final String dmpCode;

    /**
     * @param kind transient or permanent
     * @param dmpCode the DMP's (or the driver's) code for the failure, or empty
     * @param message what happened, for the user; never an identifier, a name or a PIN
     */
    public ConnectorException(Kind kind, String dmpCode, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.dmpCode = Objects.requireNonNull(dmpCode, "dmpCode");
    }

    public ConnectorException(Kind kind, String dmpCode, String message, Throwable cause) {
        this(kind, dmpCode, message);
        initCause(cause);
    }

    /** @return the transient failure of a call made while no DMP driver is bound */
    public static ConnectorException noConnector() {
        return new ConnectorException(Kind.TRANSIENT, NO_CONNECTOR, "no DMP connector is available");
    }

    /**
     * @param driver the driver's name
     * @param what what it cannot do, for example "deleting a document"
     * @return the permanent failure of a call the driver does not implement
     */
    public static ConnectorException notSupported(String driver, String what) {
        return new ConnectorException(Kind.PERMANENT, NOT_SUPPORTED, "the DMP driver " + driver + " does not support " + what);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isTransient() {
        return kind == Kind.TRANSIENT;
    }

    /** @return the DMP's own code, or an empty string */
    public String dmpCode() {
        return dmpCode;
    }
}
