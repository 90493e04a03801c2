package com.medialogis.dmp.connector;

import java.time.Instant;
import java.util.Objects;

/**
 * The DMP's answer to a deposit.
 *
 * @param uniqueId the document's unique id in the DMP
 * @param deposited when the DMP took it
 */
public record DepositReceipt(String uniqueId, Instant deposited) {

    public DepositReceipt {
        Objects.requireNonNull(uniqueId, "uniqueId");
        Objects.requireNonNull(deposited, "deposited");
    }
}
