package com.medialogis.dmp.connector;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Document categories (XDS typeCode, LOINC, value set JDV_J07). The DMP rejects obsolete codes:
 * deposits use {@link #code()}; documents listed by the DMP may still carry {@link #formerCode()}.
 */
public enum Category {
    CONSULTATION("11488-4", null, "CR de consultation"),
    DIAGNOSTIC_PROCEDURE("70004-7", "27899-4", "CR d'acte diagnostique (autre)"),
    THERAPEUTIC_PROCEDURE("11505-5", null, "CR d'acte thérapeutique (autre)"),
    ANESTHESIA("77436-4", "10213-7", "CR d'anesthésie"),
    DISCHARGE_LETTER("11490-0", null, "Lettre de liaison à la sortie"),
    HOSPITAL_STAY("34112-3", "11493-4", "CR hospitalier (séjour)"),
    EMERGENCY_VISIT("15507-7", null, "CR de passage aux urgences"),
    IMAGING("18748-4", "11528-7", "CR d'imagerie");

    /** The LOINC code system. */
    public static final String CODE_SYSTEM = "2.16.840.1.113883.6.1";

    private final String code;
    private final String formerCode;
    private final String label;

    Category(String code, String formerCode, String label) {
        this.code = code;
        this.formerCode = formerCode;
        this.label = label;
    }

    /** @return the current LOINC code, the one to deposit with */
    public String code() {
        return code;
    }

    /** @return the code the DMP used before, if this category had another one */
    public Optional<String> formerCode() {
        return Optional.ofNullable(formerCode);
    }

    /** @return the French label shown to the practice */
    public String label() {
        return label;
    }

    /**
     * @param code a LOINC code as received from the DMP or typed by an integrator
     * @return the category with that current or former code, or empty when none has it
     */
    public static Optional<Category> ofCode(String code) {
        return Arrays.stream(values())
                .filter(category -> category.code.equals(code) || code.equals(category.formerCode))
                .findFirst();
    }

    /**
     * @param text a category as an integrator types it: its name in any case ({@code consultation})
     *     or its LOINC code, current or former
     * @return the category
     * @throws IllegalArgumentException naming every category, when none has that name or code
     */
    public static Category parse(String text) {
        return ofCode(text).or(() -> Arrays.stream(values())
                        .filter(category -> category.name().equalsIgnoreCase(text))
                        .findFirst())
                .orElseThrow(() -> new IllegalArgumentException("unknown category '" + text + "': one of "
                        + Arrays.stream(values()).map(category -> category.name() + " (" + category.code + ")")
                                .collect(Collectors.joining(", "))));
    }
}
