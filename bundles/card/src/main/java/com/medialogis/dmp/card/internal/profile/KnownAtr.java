package com.medialogis.dmp.card.internal.profile;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The cards a practice meets, by their answer to reset (ATR), as published (DOMAIN.md §6: the
 * ANS's Cryptolib sources, OpenSC's IAS-ECC driver, pcsc-tools' {@code smartcard_list.txt}). A
 * pattern's {@code x} is any hexadecimal digit.
 */
public enum KnownAtr {
    CPS3_CONTACTLESS("CPS3 (sans contact)", "3B 8F 80 01 00 31 B8 64 04 B0 EC C1 73 94 01 80 82 90 00 0E"),
    CPS4("CPS4", "3B 9B 18 80 01 00 12 25 00 64 80 04 01 00 00 90 44"),
    CPS4_T0("CPS4", "3B DC 18 FF 00 00 12 25 00 64 80 00 04 01 00 90 00"),
    /** The published ATR, and OpenSC's mask of the bytes that vary between contact CPx cards (after the CPS4 ones, which it covers too). */
    CPS3_CONTACT("CPS3", "3B AC 00 40 2A 00 12 25 00 64 80 00 03 10 00 90 00", "3B xx xx xx xx 00 12 25 00 64 80 xx xx xx 00 90 00"),
    VITALE_2("Vitale 2", "3B 75 13 00 00 4x 09 EA 90 00"),
    /**
     * Vitale 1 cards use the inverse convention; no public description of their files exists. Other
     * French cards (bank cards) start with 3F 65 25 too: only the Vitale lines of the list are here.
     */
    VITALE_1("Vitale 1", "3F 65 25 00 22 09 F9 90 00", "3F 65 25 00 22 09 69 90 00", "3F 65 25 00 2C 09 F9 90 00",
            "3F 65 25 00 2C 09 69 90 00", "3F 65 25 00 52 09 6A 90 00", "3F 65 25 00 A3 09 6A 90 00", "3F 65 25 00 A4 09 6A 90 00"),
    ;

    private final String label;
    private final List<String> patterns;

    KnownAtr(String label, String... patterns) {
        this.label = label;
        this.patterns = Arrays.stream(patterns).map(pattern -> pattern.replace(" ", "").toUpperCase(Locale.ROOT)).toList();
    }

    /** @return the card's name as a user knows it */
    public String label() {
        return label;
    }

    /** @return whether it is a professional card (CPS) */
    public boolean isCps() {
        return name().startsWith("CPS");
    }

    /** @return the known card with this ATR, if any */
    public static Optional<KnownAtr> of(byte[] atr) {
        String hex = hex(atr).replace(" ", "");
        return Arrays.stream(values()).filter(known -> known.matches(hex)).findFirst();
    }

    private boolean matches(String hex) {
        return patterns.stream().anyMatch(pattern -> matches(pattern, hex));
    }

    private static boolean matches(String pattern, String hex) {
        if (hex.length() != pattern.length()) {
            return false;
        }
        for (int i = 0; i < pattern.length(); i++) {
            if (pattern.charAt(i) != 'X' && pattern.charAt(i) != hex.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** @return the bytes as upper-case hexadecimal pairs separated by spaces, as ATRs are written */
    public static String hex(byte[] atr) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(atr);
    }
}
