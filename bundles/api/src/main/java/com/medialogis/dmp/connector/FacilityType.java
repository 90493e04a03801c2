package com.medialogis.dmp.connector;

/** The kinds of places a practice may be (code system {@value #CODE_SYSTEM}). */
public enum FacilityType {
    /** Individual practice. */
    SA07,
    /** Group practice. */
    SA08,
    /** Health centre. */
    SA05,
    /** Maison de santé. */
    SA52;

    public static final String CODE_SYSTEM = "1.2.250.1.71.4.2.4";
}
