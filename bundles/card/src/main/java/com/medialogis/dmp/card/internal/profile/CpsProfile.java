package com.medialogis.dmp.card.internal.profile;

import com.medialogis.dmp.card.PinOutcome;
import java.util.Optional;
import javax.smartcardio.CardException;

/**
 * How one kind of professional card is read and its PIN presented. This project's simulator
 * layout today ({@link SimulatorCpsProfile}); the ANS Cryptolib through PKCS#11 is another
 * implementation of the same interface.
 */
public interface CpsProfile {

    /**
     * @return the card's identity, or empty when the card is not one of this profile
     * @throws CardDataException when the card is one but its data does not follow the layout
     */
    Optional<CpsIdentity> identify(CardSession session) throws CardException, CardDataException;

    /** @return TRIES_LEFT (nothing spent), VERIFIED (already verified), BLOCKED or CARD_ERROR */
    PinOutcome triesLeft(CardSession session) throws CardException;

    /**
     * Presents the PIN once, never more.
     *
     * @param pin the PIN's ASCII digits; the caller wipes it
     * @return VERIFIED, WRONG_PIN with the tries left, BLOCKED or CARD_ERROR
     */
    PinOutcome verify(CardSession session, byte[] pin) throws CardException;
}
