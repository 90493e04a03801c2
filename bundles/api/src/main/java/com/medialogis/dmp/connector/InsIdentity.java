package com.medialogis.dmp.connector;

import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsSystem;
import java.util.Objects;

/**
 * A matricule INS with the reference traits INSi gives with it (DOMAIN.md §2): what a lookup
 * finds, and what is checked again later.
 *
 * @param ins the matricule INS: a NIR or NIA of 15 characters with its key, in one of the INS
 *     systems ({@link InsSystem#INS_C} is not one)
 * @param traits the reference traits
 */
public record InsIdentity(Ins ins, InsTraits traits) {

    public InsIdentity {
        Objects.requireNonNull(ins, "ins");
        Objects.requireNonNull(traits, "traits");
        if (ins.system() == InsSystem.INS_C) {
            throw new IllegalArgumentException("An INS-C is not a matricule INS: INSi knows it not");
        }
        if (ins.value().length() != 15) {
            throw new IllegalArgumentException("A matricule INS has 15 characters, its key included, not " + ins.value().length());
        }
    }

    /** Names the system and status only: identifiers and traits never reach a log through this method. */
    @Override
    public String toString() {
        return "InsIdentity[" + ins + ", " + traits + "]";
    }
}
