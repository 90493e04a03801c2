package com.medialogis.dmp.identity;

import java.util.Objects;

/**
 * A patient identifier: its value, the system it belongs to and how far it can be trusted.
 *
 * @param value the identifier as sent to the DMP (22 digits for an INS-C, 15 characters for an
 *     INS-NIR or INS-NIA)
 * @param system the identifier system
 * @param status how the identifier was obtained
 */
public record Ins(String value, InsSystem system, Status status) {

    /** How an identifier was obtained, which decides what it may be used for. */
    public enum Status {
        /** Computed locally from card data (INS-C); never checked by a national service. */
        COMPUTED,
        /**
         * Typed or imported by a person or a program (a NIR read from a form or a file), not checked
         * by a national teleservice: provisional in the identity-vigilance sense.
         */
        PROVISIONAL,
        /** Returned by the INSi teleservice or TD0.0, identity not yet checked on a document. */
        RETRIEVED,
        /**
         * The traits checked by staff on an identity document, the INS not returned by INSi: not
         * enough to send documents.
         */
        VALIDATED,
        /**
         * Returned by INSi and the identity checked on an identity document: the only status whose
         * INS (INS-NIR, INS-NIA) documents are sent for.
         */
        QUALIFIED
    }

    public Ins {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(status, "status");
        if (value.isBlank()) {
            throw new IllegalArgumentException("An identifier value cannot be blank");
        }
    }

    /** Names the system and status only: identifiers never reach a log through this method. */
    @Override
    public String toString() {
        return "Ins[" + system + ", " + status + "]";
    }
}
