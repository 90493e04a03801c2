package com.medialogis.dmp.connector;

/** The status of a document in the DMP. */
public enum DocumentStatus {
    APPROVED,
    /** Replaced by a newer version (RPLC). */
    DEPRECATED,
    ARCHIVED,
    DELETED
}
