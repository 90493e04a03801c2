package com.medialogis.dmp.support.ids;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;

/** Object identifiers made of a UUID, under {@code 2.25} (ITU-T X.667): at most 44 characters. */
public final class Oids {

    private Oids() {}

    /** @return the OID of a new random UUID */
    public static String random() {
        return of(UUID.randomUUID());
    }

    /** @return the OID of the UUID */
    public static String of(UUID uuid) {
        byte[] bits = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
        return "2.25." + new BigInteger(1, bits);
    }
}
