package com.medialogis.dmp.connector;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A person's five reference traits as the INSi teleservice takes and gives them (DOMAIN.md §2):
 * what is looked up, or what is checked with a stored INS. Values are not checked by the
 * constructor: {@link #normalized()} gives them in the form INSi takes, or says what is wrong.
 *
 * @param birthName the birth name
 * @param firstNames the first names, separated by spaces
 * @param sex the sex; INSi knows no other
 * @param birthDate {@code YYYY-MM-DD}; may be a lunar date such as {@code 1929-02-00}, so it is never
 *     parsed into a calendar date
 * @param birthplace the INSEE (COG) code of the birthplace, 5 characters ({@code 2A}/{@code 2B} for
 *     Corsica, {@code 99…} abroad); optional for a lookup
 */
public record InsTraits(String birthName, String firstNames, Sex sex, String birthDate, Optional<String> birthplace) {

    /** The sex of the reference traits. */
    public enum Sex { MALE, FEMALE }

    private static final Pattern NAME = Pattern.compile("[A-Z]+([- ][A-Z]+)*");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-(0[0-9]|1[0-2])-([0-2][0-9]|3[01])");
    private static final Pattern COG = Pattern.compile("[0-9][0-9AB][0-9]{3}");
    /** INSi's lengths of the names (EFFICIENCE-API.md §2.9: s_birthName[80], s_given[61], with the C string's end). */
    private static final int LONGEST_BIRTH_NAME = 79;
    private static final int LONGEST_FIRST_NAMES = 60;

    public InsTraits {
        Objects.requireNonNull(birthName, "birthName");
        Objects.requireNonNull(firstNames, "firstNames");
        Objects.requireNonNull(sex, "sex");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(birthplace, "birthplace");
    }

    /**
     * The traits as INSi takes them: capitals without accents or cedilla, {@code -} and a space the
     * only other characters, never two of them in a row nor at either end (EFFICIENCE-API.md §2.9).
     * Letters are put in capitals and their accents removed ({@code Œ} and {@code Æ} written
     * {@code OE} and {@code AE}); an apostrophe becomes a space; spaces around a name and repeated
     * spaces are dropped.
     *
     * @return the traits in that form
     * @throws IllegalArgumentException naming the trait and what is wrong with it, never its value
     */
    public InsTraits normalized() {
        String date = birthDate.strip();
        if (!DATE.matcher(date).matches()) {
            throw new IllegalArgumentException("the birth date must be YYYY-MM-DD (day 00 for a lunar date)");
        }
        Optional<String> place = birthplace.map(String::strip).filter(code -> !code.isEmpty());
        if (place.isPresent() && !COG.matcher(place.get()).matches()) {
            throw new IllegalArgumentException("the birthplace must be an INSEE code of 5 characters (2A or 2B for Corsica)");
        }
        return new InsTraits(name("birth name", birthName, LONGEST_BIRTH_NAME), name("first names", firstNames, LONGEST_FIRST_NAMES),
                sex, date, place);
    }

    private static String name(String trait, String text, int longest) {
        String letters = Normalizer.normalize(text.replace('\'', ' ').replace('’', ' '), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .replace("Œ", "OE").replace("œ", "OE").replace("Æ", "AE").replace("æ", "AE")
                .toUpperCase(Locale.ROOT)
                .strip()
                .replaceAll(" +", " ");
        if (letters.isEmpty()) {
            throw new IllegalArgumentException("the " + trait + " is empty");
        }
        if (!NAME.matcher(letters).matches()) {
            throw new IllegalArgumentException("the " + trait + " may hold letters, '-' and spaces only, never two of '-' and space"
                    + " in a row nor one at either end");
        }
        if (letters.length() > longest) {
            throw new IllegalArgumentException("the " + trait + " has " + letters.length() + " characters; INSi takes " + longest
                    + " at most");
        }
        return letters;
    }

    /** Names no trait: patient data never reaches a log through this method. */
    @Override
    public String toString() {
        return "InsTraits[" + sex + (birthplace.isPresent() ? ", birthplace" : "") + "]";
    }
}
