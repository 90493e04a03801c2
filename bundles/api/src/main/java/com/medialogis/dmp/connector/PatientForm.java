package com.medialogis.dmp.connector;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * The creation (TD1.1) and reactivation (TD1.2) form of DOMAIN.md §1. Without the patient's
 * consent a driver refuses both with a permanent {@link ConnectorException}.
 *
 * @param civility M. or Mme, when given
 * @param name the name, required
 * @param firstName the first name, required
 * @param birthDate the birth date, required
 * @param sex the sex, required ({@link Sex#UNKNOWN} allowed)
 * @param mobilePhone the mobile phone for SMS access, when given
 * @param smsAccess whether the patient reaches his DMP through SMS codes
 * @param email the e-mail address, when given
 * @param emailAccess whether the patient reaches his DMP through e-mail codes
 * @param legalRepresentative the legal representative's name, when there is one
 * @param opposesBrisDeGlace the patient opposes emergency access (shown checked by default)
 * @param opposesCentre15 the patient opposes access by the SAMU (shown checked by default)
 * @param consent the patient consented: without it the form is refused
 */
public record PatientForm(
        Optional<Civility> civility,
        String name,
        String firstName,
        LocalDate birthDate,
        Sex sex,
        Optional<String> mobilePhone,
        boolean smsAccess,
        Optional<String> email,
        boolean emailAccess,
        Optional<String> legalRepresentative,
        boolean opposesBrisDeGlace,
        boolean opposesCentre15,
        boolean consent) {

    /** Civility as printed on the form. */
    public enum Civility { M, MME }

    /** Sex as the DMP records it. */
    public enum Sex { UNKNOWN, MALE, FEMALE }

    public PatientForm {
        Objects.requireNonNull(civility, "civility");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(sex, "sex");
        Objects.requireNonNull(mobilePhone, "mobilePhone");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(legalRepresentative, "legalRepresentative");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("The patient's name is required");
        }
        if (firstName == null || firstName.isBlank()) {
            throw new IllegalArgumentException("The patient's first name is required");
        }
        if (smsAccess && mobilePhone.isEmpty()) {
            throw new IllegalArgumentException("SMS access needs a mobile phone number");
        }
        if (emailAccess && email.isEmpty()) {
            throw new IllegalArgumentException("E-mail access needs an e-mail address");
        }
    }

    /** Names no trait: patient data never reaches a log through this method. */
    @Override
    public String toString() {
        return "PatientForm[consent=" + consent + "]";
    }
}
