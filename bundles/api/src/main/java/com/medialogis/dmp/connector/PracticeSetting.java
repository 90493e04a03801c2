package com.medialogis.dmp.connector;

/** Practice settings of a deposit (code system {@value #CODE_SYSTEM}). */
public enum PracticeSetting {
    /** Ambulatory care: a GP practice. */
    AMBULATOIRE;

    public static final String CODE_SYSTEM = "1.2.250.1.213.1.1.4.9";
}
