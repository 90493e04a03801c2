package com.medialogis.dmp.identity.internal;

import com.medialogis.dmp.identity.IdentityException;
import com.medialogis.dmp.identity.IdentityException.Problem;
import com.medialogis.dmp.identity.Nir;
import java.util.Locale;

/** Parses and checks a NIR, part by part, as INSEE defines it. */
final class NirChecker {

    private NirChecker() {}

    static Nir check(String text) throws IdentityException {
        if (text == null) {
            throw new IdentityException(Problem.NIR_LENGTH, "No NIR was given");
        }
        String nir = text.replace(" ", "").toUpperCase(Locale.ROOT);
        if (nir.length() != 13 && nir.length() != 15) {
            throw new IdentityException(Problem.NIR_LENGTH,
                    "A NIR has 13 characters, or 15 with its key; this one has " + nir.length());
        }
        char sex = nir.charAt(0);
        if ("123478".indexOf(sex) < 0) {
            throw new IdentityException(Problem.NIR_CHARACTER,
                    "Character 1 (sex) must be 1, 2, 3, 4, 7 or 8, not '" + sex + "'");
        }
        requireDigits(nir, 1, 3, "birth year");
        requireDigits(nir, 3, 5, "birth month");
        if (!isCorsica(nir)) {
            requireDigits(nir, 5, 7, "department, or 2A/2B for Corsica");
        }
        requireDigits(nir, 7, 10, "commune or country");
        requireDigits(nir, 10, 13, "order number");
        String body = nir.substring(0, 13);
        int expectedKey = key(body);
        if (nir.length() == 13) {
            return new Nir(body, expectedKey);
        }
        requireDigits(nir, 13, 15, "key");
        int givenKey = Integer.parseInt(nir.substring(13));
        if (givenKey != expectedKey) {
            // The expected key is not shown: it would let a mistyped number through.
            throw new IdentityException(Problem.NIR_KEY,
                    "The key " + nir.substring(13) + " does not match the first 13 characters:"
                            + " one of them is probably mistyped");
        }
        return new Nir(body, givenKey);
    }

    /** Key = 97 - (body mod 97), with Corsica's 2A read as 19 and 2B as 18. */
    static int key(String body) {
        boolean corsica = isCorsica(body);
        long number = 0;
        for (int i = 0; i < 13; i++) {
            int digit;
            if (corsica && i == 5) {
                digit = 1;
            } else if (corsica && i == 6) {
                digit = body.charAt(6) == 'A' ? 9 : 8;
            } else {
                digit = body.charAt(i) - '0';
            }
            number = number * 10 + digit;
        }
        return 97 - (int) (number % 97);
    }

    /** Department 2A or 2B (characters 6-7). */
    private static boolean isCorsica(String nir) {
        return nir.charAt(5) == '2' && (nir.charAt(6) == 'A' || nir.charAt(6) == 'B');
    }

    private static void requireDigits(String nir, int from, int to, String part)
            throws IdentityException {
        for (int i = from; i < to; i++) {
            char c = nir.charAt(i);
            if (c < '0' || c > '9') {
                String position = to - from == 1 ? "Character " + (from + 1)
                        : "Characters " + (from + 1) + "-" + to;
                throw new IdentityException(Problem.NIR_CHARACTER,
                        position + " (" + part + ") must be digits; character " + (i + 1)
                                + " is '" + c + "'");
            }
        }
    }
}
