package com.medialogis.dmp.support.ids;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.regex.Pattern;

/** Object identifiers made of a UUID, under {@code 2.25} (ITU-T X.667): at most 44 characters. */
public final class Oids {

    /** The longest DMP unique id kept: the queue and the records keep a document's XDS unique id in 255 characters. */
    public static final int LONGEST_DMP_UNIQUE_ID = 255;
    private static final Pattern DMP_UNIQUE_ID = Pattern.compile("\\p{Graph}{1," + LONGEST_DMP_UNIQUE_ID + "}");

    private Oids() {}

    /** @return whether the text can name a DMP document as the DMP lists them: 1 to 255 characters, no space */
    public static boolean isDmpUniqueId(String text) {
        return text != null && DMP_UNIQUE_ID.matcher(text).matches();
    }

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
