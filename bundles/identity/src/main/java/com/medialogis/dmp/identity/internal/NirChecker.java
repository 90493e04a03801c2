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
        String department = nir.substring(5, 7);
        if (!department.equals("2A") && !department.equals("2B")) {
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
        String numeric = body.substring(0, 5)
                + body.substring(5, 7).replace("2A", "19").replace("2B", "18")
                + body.substring(7);
        return 97 - (int) (Long.parseLong(numeric) % 97);
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
