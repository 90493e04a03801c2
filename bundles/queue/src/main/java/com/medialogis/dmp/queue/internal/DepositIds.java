package com.medialogis.dmp.queue.internal;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;

/** The queue's unique id of a deposit, which names its copy before the database numbers it. */
final class DepositIds {

    private DepositIds() {}

    /** @return an OID under {@code 2.25} made of a random UUID (ITU-T X.667), at most 44 characters */
    static String newUniqueId() {
        return uniqueId(UUID.randomUUID());
    }

    static String uniqueId(UUID uuid) {
        byte[] bits = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
        return "2.25." + new BigInteger(1, bits);
    }
}
