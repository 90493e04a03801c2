package com.medialogis.dmp.identity;

import java.util.Objects;

/**
 * A checked NIR (French social security number): 13 characters and its 2-digit key. Obtained
 * from {@link InsCalculator#nir(String)}, which checks every part of it.
 *
 * @param body the first 13 characters: sex, year, month, place (Corsica {@code 2A}/{@code 2B}
 *     kept as letters), order
 * @param key the control key, 1 to 97
 */
public record Nir(String body, int key) {

    public Nir {
        Objects.requireNonNull(body, "body");
        if (body.length() != 13) {
            throw new IllegalArgumentException("A NIR body has 13 characters, not " + body.length());
        }
        if (key < 1 || key > 97) {
            throw new IllegalArgumentException("A NIR key is between 01 and 97, not " + key);
        }
    }

    /** @return the 15 characters: body and key */
    public String value() {
        return body + String.format("%02d", key);
    }

    /** @return the sex digit: 1 man, 2 woman; 3, 4, 7 and 8 for other registrations */
    public char sex() {
        return body.charAt(0);
    }

    /** @return true for a temporary number (sex digit 7 or 8), which has no INS-C */
    public boolean isTemporary() {
        return sex() == '7' || sex() == '8';
    }

    /** Hides the number: NIRs never reach a log through this method. */
    @Override
    public String toString() {
        return "Nir[***]";
    }
}
