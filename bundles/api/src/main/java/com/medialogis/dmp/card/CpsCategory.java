package com.medialogis.dmp.card;

/** The categories of professional cards. */
public enum CpsCategory {
    /** Carte de Professionnel de Santé: a health professional. */
    CPS,
    /** Carte de Personnel d'Établissement: staff of an institution. */
    CPE,
    /** Carte de Personnel Autorisé: authorized staff. */
    CPA
}
