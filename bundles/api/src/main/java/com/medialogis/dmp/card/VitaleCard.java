package com.medialogis.dmp.card;

import java.util.List;
import java.util.Objects;

/**
 * A Vitale card in a reader, with every beneficiary it carries, read when it was inserted.
 *
 * @param reader the reader holding it
 * @param beneficiaries the beneficiaries in the card's order, each with his INS-C or why he has none
 */
public record VitaleCard(String reader, List<VitaleBeneficiary> beneficiaries) implements PresentCard {

    public VitaleCard {
        Objects.requireNonNull(reader, "reader");
        beneficiaries = List.copyOf(beneficiaries);
    }
}
