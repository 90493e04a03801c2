package com.medialogis.dmp.connector;

import java.util.Objects;

/**
 * What the INSi teleservice answered the check of a stored INS with its traits.
 *
 * @param confirmed whether INSi confirmed that matricule and traits belong together
 * @param reason INSi's reason when it did not; empty when confirmed
 */
public record InsVerification(boolean confirmed, String reason) {

    /** INSi confirmed the identity. */
    public static final InsVerification CONFIRMED = new InsVerification(true, "");

    public InsVerification {
        Objects.requireNonNull(reason, "reason");
        if (confirmed == !reason.isEmpty()) {
            throw new IllegalArgumentException("A reason is given when the identity is not confirmed, and only then");
        }
    }
}
