package com.medialogis.dmp.card;

import java.util.Objects;
import java.util.Optional;

/**
 * What a PIN operation found, with the tries left when the card told them.
 *
 * @param status the outcome
 * @param triesLeft the tries left, or -1 when unknown
 * @param detail a sentence for the user
 */
public record PinOutcome(Status status, int triesLeft, String detail) {

    /** The possible outcomes. */
    public enum Status {
        /** The PIN was right: the card is unlocked until it is reset or removed. */
        VERIFIED,
        /** The number of tries left was read, nothing was spent. */
        TRIES_LEFT,
        /** The PIN was wrong; {@link PinOutcome#triesLeft()} says how many tries remain. */
        WRONG_PIN,
        /** No try left: the card is blocked for good. */
        BLOCKED,
        /** One try left and the user did not confirm spending it: the card was not tried. */
        LAST_TRY_NOT_CONFIRMED,
        /** The PIN is not 4 to 8 digits: the card was not tried. */
        INVALID_PIN,
        /** The card was removed. */
        CARD_REMOVED,
        /** The card or the reader failed; the detail says how. */
        CARD_ERROR
    }

    public PinOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * Whether a PIN may be asked for after reading the tries left: never for a blocked, removed or
     * failing card, and with one try left only when the user confirmed spending it.
     *
     * @param lastTryConfirmed the user said explicitly to spend the last try
     * @return why the PIN must not be asked for, or empty when it may
     */
    public Optional<String> refusesPin(boolean lastTryConfirmed) {
        return switch (status) {
            case BLOCKED, CARD_ERROR, CARD_REMOVED -> Optional.of(detail);
            default -> triesLeft == 1 && !lastTryConfirmed
                    ? Optional.of("one PIN try left: the card was not tried")
                    : Optional.empty();
        };
    }
}
