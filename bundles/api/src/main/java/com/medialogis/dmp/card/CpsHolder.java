package com.medialogis.dmp.card;

import java.util.Objects;
import java.util.Optional;

/**
 * The professional who holds a CPS.
 *
 * @param name the usual name
 * @param firstName the first name
 * @param nationalId the national identifier: 8 + RPPS or 0 + ADELI
 * @param profession the profession as the card names it (the authentication certificate's title,
 *     for example « Médecin »)
 * @param specialty the specialty code when the reading gives it (for example {@code SM26}); a CPS
 *     read directly does not: its specialty sits in PIN-protected data whose format is not public
 */
public record CpsHolder(String name, String firstName, String nationalId, String profession,
        Optional<String> specialty) {

    /** National identifiers of test cards start so (DOMAIN.md: test cards must be refused in production). */
    public static final String TEST_ID_PREFIX = "8997";

    public CpsHolder {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(nationalId, "nationalId");
        Objects.requireNonNull(profession, "profession");
        Objects.requireNonNull(specialty, "specialty");
    }

    /** @return whether this holder's card is a test card (his national identifier says so) */
    public boolean onTestCard() {
        return nationalId.startsWith(TEST_ID_PREFIX);
    }
}
