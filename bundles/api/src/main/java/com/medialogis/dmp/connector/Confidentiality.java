package com.medialogis.dmp.connector;

/**
 * Confidentiality flags of a document (code system {@value #CODE_SYSTEM}); a document without
 * any is visible to all ({@code N} in HL7 terms).
 */
public enum Confidentiality {
    /** Masked to health professionals. */
    MASQUE_PS,
    /** Hidden from the patient. */
    INVISIBLE_PATIENT,
    /** Hidden from the patient's legal representatives. */
    INVISIBLE_REPRESENTANTS_LEGAUX;

    /** The DMP's confidentiality code system. */
    public static final String CODE_SYSTEM = "1.2.250.1.213.1.1.4.13";
}
