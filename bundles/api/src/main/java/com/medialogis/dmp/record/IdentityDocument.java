package com.medialogis.dmp.record;

/**
 * The identity documents staff check a patient's traits on, as the national identity-vigilance
 * rules (RNIV, volet 1) accept them to validate an identity: documents of a high level of trust,
 * and for a minor without one, his birth record with a parent's.
 */
public enum IdentityDocument {
    /** Carte nationale d'identité. */
    IDENTITY_CARD,
    /** Passeport. */
    PASSPORT,
    /** Titre de séjour. */
    RESIDENCE_PERMIT,
    /**
     * For a minor without an identity document of his own: his birth certificate extract or the
     * family record book (livret de famille), with a parent's identity document of a high level of
     * trust.
     */
    MINOR_BIRTH_RECORD_WITH_PARENT_DOCUMENT
}
