package com.medialogis.dmp.card.internal.profile;

import java.util.Optional;

/**
 * How a card's user PIN is presented, as its PKCS#15 authentication object (AODF) says.
 *
 * @param reference the PIN's reference, VERIFY's P2 (its low 7 bits name the IAS-ECC PIN object)
 * @param asciiDigits true when the PIN is sent as ASCII digits (types ascii-numeric and utf8), false
 *     for an encoding this program does not send (bcd, half-nibble-bcd, iso9564-1)
 * @param minLength the fewest digits
 * @param maxLength the most digits
 * @param padTo the length the PIN is padded to, or empty when it is sent unpadded
 * @param padChar the padding byte
 */
public record PinPolicy(int reference, boolean asciiDigits, int minLength, int maxLength, Optional<Integer> padTo,
        byte padChar) {

    /** The longest PIN sent: no CPS PIN is longer (it has 4 to 8 digits). */
    public static final int LONGEST = 16;

    public PinPolicy {
        if (minLength < 1 || maxLength < minLength || maxLength > LONGEST
                || padTo.filter(length -> length < maxLength || length > LONGEST).isPresent()) {
            throw new IllegalArgumentException("PIN lengths out of order: minimum " + minLength + ", maximum " + maxLength
                    + ", padded to " + padTo.orElse(0));
        }
        if (reference < 0 || reference > 0xFF) {
            throw new IllegalArgumentException("a PIN reference is one byte, not " + reference);
        }
    }
}
