package com.medialogis.dmp.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.medialogis.dmp.sandbox.internal.SandboxApi.ApiError;
import com.medialogis.dmp.sandbox.internal.Seed.InsiIdentity;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The INSi teleservice as the sandbox simulates it behind Efficience's three INSi commands
 * (EFFICIENCE-API.md §2.9), over the register of {@link Seed#INSI_REGISTER}. A lookup from the
 * Vitale card finds the identity of the beneficiary's own NIR, none for a beneficiary without one;
 * a lookup from traits matches the birth name, the first names (all of them, or the first), the
 * sex, the birth date and, when given, the birthplace; a check needs the matricule, its OID and
 * every trait as the register has them. The traits must be in the form INSi takes (capitals
 * without accents, {@code -} and a space the only other characters, not doubled), or the request
 * is refused as malformed.
 */
final class SimulatedInsi {

    /** InsIdentityResult (EFFICIENCE-API.md §3.19). */
    static final int NONE_FOUND = 1;
    static final int ONE_FOUND = 2;
    static final int SEVERAL_FOUND = 3;
    private static final int UNKNOWN_SEX = 1;

    private SimulatedInsi() {}

    /**
     * @param cardRead whether the session read the Vitale card (hl_readVitaleCard)
     * @param ok the OK answer to fill
     * @return the answer
     * @throws ApiError a malformed request (ErrFunctional), or an identity INSi does not confirm
     *     (ApiErrors, naming the trait that differs, never its value)
     */
    static ObjectNode answer(String command, JsonNode fields, boolean cardRead, ObjectNode ok) throws ApiError {
        return switch (command) {
            case "hl_getInsFromVitaleCard" -> fromCard(fields.path("i_vitalePatientIndex").asInt(), cardRead, ok);
            case "hl_getInsFromIdentityInformation" -> {
                checkTraits(fields);
                if (fields.path("i_sex").asInt() == UNKNOWN_SEX) {
                    throw ApiError.functional("i_sex may not be UnknownSex for INSi");
                }
                List<InsiIdentity> found = Seed.INSI_REGISTER.stream().filter(identity -> matches(identity, fields)).toList();
                yield found.size() == 1 ? identity(found.get(0), ok)
                        : ok.put("i_insIdentityResult", found.isEmpty() ? NONE_FOUND : SEVERAL_FOUND);
            }
            default -> {
                check(fields);
                yield ok;
            }
        };
    }

    private static ObjectNode fromCard(int index, boolean cardRead, ObjectNode ok) throws ApiError {
        if (!cardRead) {
            throw ApiError.functional("no Vitale card read in this session: call hl_readVitaleCard first");
        }
        if (index < 0 || index >= Seed.VITALE_CARD.size()) {
            throw ApiError.functional("i_vitalePatientIndex " + index + " is not a patient of the card read (0 to "
                    + (Seed.VITALE_CARD.size() - 1) + ")");
        }
        String nir = Seed.VITALE_CARD.get(index).certifiedNir().replace(" ", "");
        Optional<InsiIdentity> identity = Seed.INSI_REGISTER.stream().filter(known -> known.nir().equals(nir)).findFirst();
        return identity.isPresent() ? identity(identity.get(), ok) : ok.put("i_insIdentityResult", NONE_FOUND);
    }

    private static final Pattern TRAIT_NAME = Pattern.compile("[A-Z]+([- ][A-Z]+)*");
    private static final Pattern TRAIT_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern BIRTHPLACE = Pattern.compile("[0-9][0-9AB][0-9]{3}");

    /** A lookup finds an identity whose first names are the ones sent, or start with the one sent. */
    private static boolean matches(InsiIdentity identity, JsonNode fields) {
        return firstDifference(identity, fields, false).isEmpty();
    }

    /**
     * @param allFirstNames a check needs every first name; a lookup takes the first one alone
     * @return the first trait sent that is not the identity's, if any
     */
    private static Optional<String> firstDifference(InsiIdentity identity, JsonNode fields, boolean allFirstNames) {
        String given = fields.path("s_given").asText();
        if (!identity.birthName().equals(fields.path("s_birthName").asText())) {
            return Optional.of("birth name");
        }
        if (!identity.given().equals(given) && (allFirstNames || !identity.given().split(" ")[0].equals(given))) {
            return Optional.of("first names");
        }
        if (identity.sex() != fields.path("i_sex").asInt()) {
            return Optional.of("sex");
        }
        if (!identity.birthDate().equals(fields.path("s_birthDate").asText())) {
            return Optional.of("birth date");
        }
        if (fields.has("s_birthPlace") && !identity.birthPlace().equals(fields.path("s_birthPlace").asText())) {
            return Optional.of("birthplace");
        }
        return Optional.empty();
    }

    private static void check(JsonNode fields) throws ApiError {
        checkTraits(fields);
        String nir = fields.path("s_ins").asText() + fields.path("s_key").asText();
        InsiIdentity identity = Seed.INSI_REGISTER.stream()
                .filter(known -> known.nir().equals(nir) && known.oid().equals(fields.path("s_oid").asText())).findFirst()
                .orElseThrow(() -> notConfirmed("INSi knows no such matricule in that system", "INSI_UNKNOWN_INS"));
        Optional<String> differing = firstDifference(identity, fields, true);
        if (differing.isPresent()) {
            throw notConfirmed("the " + differing.get() + " is not the matricule's", "INSI_TRAITS_DIFFER");
        }
    }

    /**
     * The published rule, checked here on its own (not with the driver's normalization, which it
     * holds to it): names in capitals without accents or cedilla, '-' and a space the only other
     * characters, never doubled nor at an end; the lengths of the C strings (s_birthName[80],
     * s_given[61]); a date YYYY-MM-DD; a birthplace of 5 characters (EFFICIENCE-API.md §2.9).
     */
    private static void checkTraits(JsonNode fields) throws ApiError {
        checkName(fields.path("s_birthName").asText(), "s_birthName", 79);
        checkName(fields.path("s_given").asText(), "s_given", 60);
        if (!TRAIT_DATE.matcher(fields.path("s_birthDate").asText()).matches()) {
            throw ApiError.functional("s_birthDate must be YYYY-MM-DD");
        }
        if (fields.has("s_birthPlace") && !BIRTHPLACE.matcher(fields.path("s_birthPlace").asText()).matches()) {
            throw ApiError.functional("s_birthPlace must be an INSEE code of 5 characters");
        }
    }

    private static void checkName(String name, String field, int longest) throws ApiError {
        if (name.length() > longest || !TRAIT_NAME.matcher(name).matches()) {
            throw ApiError.functional(field + ": the traits must be in capitals without accents, '-' and a space the only other"
                    + " characters, not doubled, at most " + longest + " characters");
        }
    }

    private static ApiError notConfirmed(String description, String code) {
        return new ApiError(SandboxApi.API_ERRORS, SandboxApi.UNPUBLISHED, "INSi did not confirm the identity: " + description, code);
    }

    private static ObjectNode identity(InsiIdentity found, ObjectNode ok) {
        ObjectNode identity = ok.put("i_insIdentityResult", ONE_FOUND).putObject("Identity");
        identity.putObject("Ins").put("s_value", found.nir().substring(0, 13)).put("s_key", found.nir().substring(13))
                .put("s_oid", found.oid());
        identity.put("s_birthName", found.birthName()).put("s_given", found.given()).put("s_birthGiven", found.given().split(" ")[0])
                .put("i_sex", found.sex()).put("s_birthDate", found.birthDate()).put("s_birthPlace", found.birthPlace());
        return ok;
    }
}
