package com.medialogis.dmp.identity;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks NIRs and computes INS-C identifiers, as specified by ASIP Santé. A service; every method
 * is pure, fast (microseconds) and safe to call from any thread.
 */
@ProviderType
public interface InsCalculator {

    /**
     * Checks a NIR: 13 characters, or 15 with the key, which is then verified. Spaces are
     * ignored, letters may be in lower case.
     *
     * @param text the NIR as typed or read
     * @return the checked NIR, its key computed when only 13 characters were given
     * @throws IdentityException naming the problem: {@link IdentityException.Problem#NIR_LENGTH},
     *     {@link IdentityException.Problem#NIR_CHARACTER} or {@link IdentityException.Problem#NIR_KEY}
     */
    Nir nir(String text) throws IdentityException;

    /**
     * Reads an identifier as a user or a file gives it: an INS-C (22 digits, its key checked) or
     * an INS, a NIR of 15 characters whose key is checked. Spaces are ignored.
     *
     * @param text the identifier as typed
     * @return an INS-C with {@link Ins.Status#COMPUTED} status, or an INS-NIR with
     *     {@link Ins.Status#PROVISIONAL} status (typed, not checked against INSi)
     * @throws IdentityException {@link IdentityException.Problem#IDENTIFIER_FORMAT} for another
     *     length, {@link IdentityException.Problem#INSC_KEY} for an INS-C whose key does not
     *     match its 20 digits, or as {@link #nir(String)} for a NIR
     */
    Ins identifier(String text) throws IdentityException;

    /**
     * Computes the INS-C of a person from his first name, birth date and own NIR.
     *
     * @param firstName the first name as on the card; accents, hyphens, apostrophes, spaces and
     *     case do not matter; may be empty
     * @param birthDate {@code AAMMJJ} as on the card, lunar dates included
     * @param ownNir the person's own NIR, 13 or 15 characters
     * @return the INS-C, with {@link Ins.Status#COMPUTED} status
     * @throws IdentityException for a malformed NIR or birth date, or a temporary NIR
     */
    Ins insc(String firstName, String birthDate, String ownNir) throws IdentityException;

    /**
     * Computes the INS-C of a beneficiary read on a Vitale card.
     *
     * @param beneficiary the traits as read
     * @return the INS-C, with {@link Ins.Status#COMPUTED} status
     * @throws IdentityException {@link IdentityException.Problem#NO_OWN_NIR} for a beneficiary
     *     without his own NIR, or as {@link #insc(String, String, String)}
     */
    Ins insc(Beneficiary beneficiary) throws IdentityException;
}
