package com.medialogis.dmp.record;

import com.medialogis.dmp.connector.PatientForm.Sex;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsSystem;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A patient of the practice as its program knows him.
 *
 * @param localId the practice program's own number for him: 1 to 64 letters, digits, {@code .},
 *     {@code _} or {@code -}
 * @param traits his traits as the practice keeps them
 * @param identifier his DMP identifier, once a Vitale beneficiary (or a typed identifier) gave it
 * @param identityDocument the identity document staff checked his current traits on, if they did
 *     (since 1.2)
 */
public record Patient(String localId, Traits traits, Optional<Ins> identifier, Optional<IdentityDocument> identityDocument) {

    private static final Pattern LOCAL_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** The longest name or first name kept. */
    public static final int LONGEST_NAME = 100;

    /**
     * @param name the usual name
     * @param firstName the first names, as the practice writes them
     * @param birthDate the birth date
     * @param sex the sex
     */
    public record Traits(String name, String firstName, LocalDate birthDate, Sex sex) {
        public Traits {
            Objects.requireNonNull(birthDate, "birthDate");
            Objects.requireNonNull(sex, "sex");
            name = checkedName(name, "name");
            firstName = checkedName(firstName, "first name");
        }

        /** Names no trait: patient data never reaches a log through this method. */
        @Override
        public String toString() {
            return "Traits[" + sex + "]";
        }
    }

    public Patient {
        checkLocalId(localId);
        Objects.requireNonNull(traits, "traits");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(identityDocument, "identityDocument");
    }

    /** A patient whose traits were not checked on an identity document. */
    public Patient(String localId, Traits traits, Optional<Ins> identifier) {
        this(localId, traits, identifier, Optional.empty());
    }

    /**
     * @return his identity's status in the identity-vigilance sense: QUALIFIED or RETRIEVED as his
     *     INS (INS-NIR, INS-NIA) says; otherwise VALIDATED when his traits were checked on an
     *     identity document, else PROVISIONAL (an INS-C says nothing of the identity)
     * @since 1.2
     */
    public Ins.Status identityStatus() {
        Optional<Ins> ins = identifier.filter(held -> held.system() != InsSystem.INS_C);
        if (ins.isPresent()) {
            return ins.get().status();
        }
        return identityDocument.isPresent() ? Ins.Status.VALIDATED : Ins.Status.PROVISIONAL;
    }

    /** @throws IllegalArgumentException saying what is wrong with the number */
    public static String checkLocalId(String localId) {
        if (localId == null || !LOCAL_ID.matcher(localId).matches()) {
            throw new IllegalArgumentException("A patient's number is 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return localId;
    }

    private static String checkedName(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The patient's " + what + " is required");
        }
        String trimmed = value.strip();
        if (trimmed.length() > LONGEST_NAME) {
            throw new IllegalArgumentException("The patient's " + what + " has more than " + LONGEST_NAME + " characters");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("The patient's " + what + " holds a control character");
        }
        return trimmed;
    }

    /** Names the practice's number only: no trait or identifier reaches a log through this method. */
    @Override
    public String toString() {
        return "Patient[" + localId + (identifier.isPresent() ? ", identified" : "") + "]";
    }
}
