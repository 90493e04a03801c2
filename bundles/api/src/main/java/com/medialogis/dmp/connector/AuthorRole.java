package com.medialogis.dmp.connector;

/** The author's role in the care a deposited document reports. */
public enum AuthorRole {
    ACTEUR,
    ACTEUR_PRINCIPAL,
    ASSISTANT
}
