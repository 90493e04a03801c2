package com.medialogis.dmp.connector;

/** How this doctor opens a DMP. */
public enum AccessMode {
    NORMAL,
    /** Emergency access against the patient's refusal, unless he opposed it; a reason is required. */
    BRIS_DE_GLACE,
    /** Access by the emergency call centre (SAMU), unless the patient opposed it; a reason is required. */
    CENTRE_15
}
