package com.medialogis.dmp.card.internal.profile;

import com.medialogis.dmp.card.PinOutcome;
import java.util.Optional;
import javax.smartcardio.CardException;

/**
 * How one kind of professional card is read and its PIN presented: the CPS3/CPS4 IAS-ECC layout
 * ({@link IasCpsProfile}). A PKCS#11 profile (the ANS Cryptolib, or OpenSC's module, through the
 * JDK's SunPKCS11) would be another implementation, and the place where signing would plug in.
 */
public interface CpsProfile {

    /**
     * @return the card's identity, or empty when the card is not one of this profile
     * @throws CardDataException when the card is one but its data does not follow the layout
     */
    Optional<CpsIdentity> identify(CardSession session) throws CardException, CardDataException;

    /** @return TRIES_LEFT (nothing spent), BLOCKED or CARD_ERROR */
    PinOutcome triesLeft(CardSession session, PinPolicy pin) throws CardException;

    /**
     * Presents the PIN once, never more.
     *
     * @param digits the PIN's ASCII digits; the caller wipes them
     * @return VERIFIED, WRONG_PIN with the tries left, BLOCKED, INVALID_PIN (not tried) or CARD_ERROR
     */
    PinOutcome verify(CardSession session, PinPolicy pin, byte[] digits) throws CardException;
}
