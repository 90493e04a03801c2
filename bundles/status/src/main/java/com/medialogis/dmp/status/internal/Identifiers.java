package com.medialogis.dmp.status.internal;

import com.medialogis.dmp.connector.Category;
import com.medialogis.dmp.identity.IdentityException;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsCalculator;
import com.medialogis.dmp.identity.InsSystem;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The identifiers and categories an integrator types in a dmp: command. */
final class Identifiers {

    private static final int INSC_LENGTH = 22;
    private static final int INS_NIR_LENGTH = 15;

    private Identifiers() {}

    /**
     * @param text an INS-C (22 digits) or an INS (a NIR of 15 characters, key included); spaces ignored
     * @return the identifier: an INS-C as computed from a card, an INS as retrieved
     * @throws IdentityException for a NIR whose characters or key are wrong
     * @throws IllegalArgumentException for anything of another length
     */
    static Ins parse(String text, InsCalculator calculator) throws IdentityException {
        String compact = text.replace(" ", "");
        if (compact.length() == INSC_LENGTH && compact.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return new Ins(compact, InsSystem.INS_C, Ins.Status.COMPUTED);
        }
        if (compact.length() == INS_NIR_LENGTH) {
            return new Ins(calculator.nir(compact).value(), InsSystem.INS_NIR, Ins.Status.RETRIEVED);
        }
        throw new IllegalArgumentException("an identifier is an INS-C (22 digits) or an INS (a NIR of 15 characters"
                + " with its key), not " + compact.length() + " characters");
    }

    /**
     * @param text a category's name (any case) or its LOINC code, current or former
     * @return the category
     * @throws IllegalArgumentException naming the categories, when none matches
     */
    static Category category(String text) {
        return Category.ofCode(text).orElseGet(() -> Arrays.stream(Category.values())
                .filter(category -> category.name().equals(text.toUpperCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown category '" + text + "': one of "
                        + Arrays.stream(Category.values()).map(c -> c.name() + " (" + c.code() + ")")
                                .collect(Collectors.joining(", ")))));
    }
}
