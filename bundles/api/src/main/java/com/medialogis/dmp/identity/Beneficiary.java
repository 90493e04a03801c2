package com.medialogis.dmp.identity;

import java.util.Objects;
import java.util.Optional;

/**
 * A beneficiary's traits as read on a Vitale card, unchecked: {@link InsCalculator} checks them
 * when it computes an identifier.
 *
 * @param name the usual name
 * @param firstName the first name, as printed on the card (may be empty)
 * @param birthDate the birth date as on the card, {@code AAMMJJ}; may be a lunar date such as
 *     {@code 800031}, so it is never parsed into a calendar date
 * @param insuredNir the NIR of the insured person the beneficiary depends on; empty when the
 *     reading did not give it (the Vitale 2 chip's public zones do not)
 * @param ownNir the beneficiary's own certified NIR, when the card carries one
 * @param birthRank the birth rank, telling twins apart (1 for most people); 0 when the reading
 *     did not give it
 * @param quality the beneficiary's quality code as on the card (for example {@code 00} insured);
 *     empty when the reading did not give it
 */
public record Beneficiary(
        String name,
        String firstName,
        String birthDate,
        String insuredNir,
        Optional<String> ownNir,
        int birthRank,
        String quality) {

    public Beneficiary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(insuredNir, "insuredNir");
        Objects.requireNonNull(ownNir, "ownNir");
        Objects.requireNonNull(quality, "quality");
    }

    /** Names no trait: patient data never reaches a log through this method. */
    @Override
    public String toString() {
        return "Beneficiary[rank " + birthRank + ", quality " + quality + "]";
    }
}
