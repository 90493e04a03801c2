package com.medialogis.dmp.identity.internal;

import com.medialogis.dmp.identity.Beneficiary;
import com.medialogis.dmp.identity.IdentityException;
import com.medialogis.dmp.identity.IdentityException.Problem;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsCalculator;
import com.medialogis.dmp.identity.InsSystem;
import com.medialogis.dmp.identity.Nir;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Locale;
import org.osgi.service.component.annotations.Component;

/**
 * INS-C as published by ASIP Santé: SHA-256 of first name (10) + birth date (6) + NIR (13),
 * the first 64 bits of the hash as an unsigned decimal on 20 digits, then a mod-97 key.
 */
@Component
public class AsipInsCalculator implements InsCalculator {

    private static final int FIRST_NAME_LENGTH = 10;
    private static final int INSC_LENGTH = 22;
    private static final int NIR_WITH_KEY_LENGTH = 15;
    private static final String ZEROS = "00000000000000000000";

    /** One digest per thread: {@link MessageDigest} is not thread-safe and costly to look up. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
    });

    @Override
    public Nir nir(String text) throws IdentityException {
        return NirChecker.check(text);
    }

    @Override
    public Ins identifier(String text) throws IdentityException {
        String compact = text.replace(" ", "");
        if (compact.length() == INSC_LENGTH && compact.chars().allMatch(c -> c >= '0' && c <= '9')) {
            checkInscKey(compact);
            return new Ins(compact, InsSystem.INS_C, Ins.Status.COMPUTED);
        }
        if (compact.length() == NIR_WITH_KEY_LENGTH) {
            return new Ins(NirChecker.check(compact).value(), InsSystem.INS_NIR, Ins.Status.PROVISIONAL);
        }
        throw new IdentityException(Problem.IDENTIFIER_FORMAT, "An identifier is an INS-C (22 digits) or an INS"
                + " (a NIR of 15 characters with its key), not " + compact.length() + " characters");
    }

    @Override
    public Ins insc(String firstName, String birthDate, String ownNir) throws IdentityException {
        Nir nir = NirChecker.check(ownNir);
        if (nir.isTemporary()) {
            throw new IdentityException(Problem.NIR_TEMPORARY,
                    "A temporary NIR (starting with 7 or 8) has no INS-C");
        }
        checkBirthDate(birthDate);
        String seed = normalizeFirstName(firstName == null ? "" : firstName) + birthDate + nir.body();
        byte[] hash = SHA_256.get().digest(seed.getBytes(StandardCharsets.US_ASCII));
        long prefix = 0;
        for (int i = 0; i < 8; i++) {
            prefix = (prefix << 8) | (hash[i] & 0xFF);
        }
        String number = Long.toUnsignedString(prefix);
        int key = inscKey(prefix);
        String value = ZEROS.substring(number.length()) + number + (key < 10 ? "0" : "") + key;
        return new Ins(value, InsSystem.INS_C, Ins.Status.COMPUTED);
    }

    /** The key of an INS-C: 97 minus its 20-digit number modulo 97. */
    private static int inscKey(long number) {
        return 97 - (int) Long.remainderUnsigned(number, 97);
    }

    /** The first 20 digits are an unsigned 64-bit number; the last two its key. */
    private static void checkInscKey(String insc) throws IdentityException {
        long number;
        try {
            number = Long.parseUnsignedLong(insc.substring(0, INSC_LENGTH - 2));
        } catch (NumberFormatException e) {
            throw new IdentityException(Problem.INSC_KEY, "An INS-C's first 20 digits are at most 18446744073709551615:"
                    + " this one is probably mistyped");
        }
        if (inscKey(number) != Integer.parseInt(insc.substring(INSC_LENGTH - 2))) {
            throw new IdentityException(Problem.INSC_KEY, "The key " + insc.substring(INSC_LENGTH - 2)
                    + " does not match the first 20 digits of the INS-C: one of them is probably mistyped");
        }
    }

    @Override
    public Ins insc(Beneficiary beneficiary) throws IdentityException {
        if (beneficiary.ownNir().isEmpty()) {
            throw new IdentityException(Problem.NO_OWN_NIR,
                    "This beneficiary has no NIR of his own (he depends on the insured's): no INS-C");
        }
        return insc(beneficiary.firstName(), beneficiary.birthDate(), beneficiary.ownNir().get());
    }

    /**
     * Diacritics stripped, upper case, only A-Z kept (spaces, hyphens and apostrophes go), cut or
     * right-padded with spaces to 10 characters.
     */
    static String normalizeFirstName(String firstName) {
        String upper = isAscii(firstName) ? firstName.toUpperCase(Locale.ROOT)
                : Normalizer.normalize(firstName, Normalizer.Form.NFD).toUpperCase(Locale.ROOT);
        StringBuilder name = new StringBuilder(FIRST_NAME_LENGTH);
        for (int i = 0; i < upper.length() && name.length() < FIRST_NAME_LENGTH; i++) {
            char c = upper.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                name.append(c);
            }
        }
        while (name.length() < FIRST_NAME_LENGTH) {
            name.append(' ');
        }
        return name.toString();
    }

    /** Most names read on a card are plain ASCII, which needs no Unicode decomposition. */
    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** Six digits, kept as text: lunar dates such as 800031 or 550000 are legal. */
    private static void checkBirthDate(String birthDate) throws IdentityException {
        if (birthDate == null || birthDate.length() != 6) {
            throw new IdentityException(Problem.BIRTH_DATE,
                    "The birth date must have 6 digits AAMMJJ; it has "
                            + (birthDate == null ? 0 : birthDate.length()) + " characters");
        }
        for (int i = 0; i < 6; i++) {
            char c = birthDate.charAt(i);
            if (c < '0' || c > '9') {
                throw new IdentityException(Problem.BIRTH_DATE,
                        "The birth date must have 6 digits AAMMJJ; character " + (i + 1) + " is '" + c + "'");
            }
        }
    }
}
