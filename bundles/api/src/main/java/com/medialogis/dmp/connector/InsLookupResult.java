package com.medialogis.dmp.connector;

import java.util.Objects;
import java.util.Optional;

/**
 * What the INSi teleservice answered a lookup (EFFICIENCE-API.md §3.19): one identity, none, or
 * several, of which it gives none.
 *
 * @param outcome how many identities INSi found
 * @param identity the identity, when INSi found exactly one
 */
public record InsLookupResult(Outcome outcome, Optional<InsIdentity> identity) {

    /** How many identities INSi found. */
    public enum Outcome {
        /** One: its matricule INS and reference traits are given. */
        FOUND,
        /** None: the traits (or the card's beneficiary) match no identity. */
        NOT_FOUND,
        /** Several: INSi gives none of them; more precise traits (the birthplace) may find one. */
        SEVERAL
    }

    /** INSi found no identity. */
    public static final InsLookupResult NOT_FOUND = new InsLookupResult(Outcome.NOT_FOUND, Optional.empty());
    /** INSi found several identities. */
    public static final InsLookupResult SEVERAL = new InsLookupResult(Outcome.SEVERAL, Optional.empty());

    public InsLookupResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(identity, "identity");
        if (identity.isPresent() != (outcome == Outcome.FOUND)) {
            throw new IllegalArgumentException("An identity is given when one is found, and only then");
        }
    }

    /** @return the answer giving that one identity */
    public static InsLookupResult found(InsIdentity identity) {
        return new InsLookupResult(Outcome.FOUND, Optional.of(identity));
    }
}
