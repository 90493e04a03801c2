package com.medialogis.dmp.card;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A professional card (CPS family) in a reader. Read through PC/SC, the holder is read without PIN
 * when the card is inserted; read through a {@link ReaderService} (Efficience), whose service gives
 * the holder only with the PIN, he is known once the PIN was verified. The PIN methods talk to the
 * card and fail with {@link PinOutcome.Status#CARD_REMOVED} once it has been pulled.
 */
@ProviderType
public non-sealed interface CpsCard extends PresentCard {

    /** The fewest digits of a CPS PIN. */
    int SHORTEST_PIN = 4;

    /** The most digits of a CPS PIN. */
    int LONGEST_PIN = 8;

    /**
     * @param pin a PIN as typed
     * @return whether it has {@link #SHORTEST_PIN} to {@link #LONGEST_PIN} digits and nothing else
     */
    static boolean isWellFormedPin(char[] pin) {
        if (pin == null || pin.length < SHORTEST_PIN || pin.length > LONGEST_PIN) {
            return false;
        }
        for (char c : pin) {
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the holder as read on the card; empty while he is not known, for a card read through a
     *     service that gives him only with the PIN, until the PIN was verified
     */
    Optional<CpsHolder> holder();

    /**
     * @return the card's number as printed by its issuer (the PAN of its {@code D003} file without
     *     the Luhn digit), or empty when the reading did not give it
     */
    default Optional<String> cardNumber() {
        return Optional.empty();
    }

    /** @return CPS, CPE or CPA */
    CpsCategory category();

    /**
     * @return true for a test card, which a production setting must refuse; false while the holder
     *     is not known (a card whose holder is not read yet is taken as a real one)
     */
    boolean isTest();

    /**
     * Reads how many PIN tries are left, without spending one.
     *
     * @return {@link PinOutcome.Status#TRIES_LEFT} with the count, or BLOCKED, CARD_REMOVED,
     *     CARD_ERROR
     */
    PinOutcome pinTries();

    /**
     * Presents the PIN once. The program never retries: a wrong PIN is reported with the tries left.
     * With one try left the card is not tried unless {@code lastTryConfirmed} is true (the user
     * said so explicitly). The array is wiped before this method returns, whatever happens.
     *
     * @param pin the PIN typed by the user, {@link #SHORTEST_PIN} to {@link #LONGEST_PIN} digits
     * @param lastTryConfirmed the user confirmed spending the last try
     * @return VERIFIED, WRONG_PIN with the tries left, BLOCKED, LAST_TRY_NOT_CONFIRMED, INVALID_PIN,
     *     CARD_REMOVED or CARD_ERROR
     */
    PinOutcome verifyPin(char[] pin, boolean lastTryConfirmed);
}
