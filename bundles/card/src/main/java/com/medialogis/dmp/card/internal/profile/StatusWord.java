package com.medialogis.dmp.card.internal.profile;

import com.medialogis.dmp.card.PinOutcome;
import com.medialogis.dmp.card.PinOutcome.Status;

/** ISO 7816-4 status words and what they mean for a PIN. */
final class StatusWord {

    static final int OK = 0x9000;
    static final int AUTHENTICATION_BLOCKED = 0x6983;

    private StatusWord() {}

    /**
     * @param sw the card's answer to VERIFY
     * @param presented true when a PIN was presented, false when only the tries were asked
     */
    static PinOutcome pinOutcome(int sw, boolean presented) {
        if (sw == OK) {
            return new PinOutcome(Status.VERIFIED, -1, "PIN verified");
        }
        if ((sw & 0xFFF0) == 0x63C0) {
            int left = sw & 0x0F;
            return presented ? new PinOutcome(Status.WRONG_PIN, left, "wrong PIN, " + tries(left))
                    : new PinOutcome(Status.TRIES_LEFT, left, tries(left));
        }
        if (sw == AUTHENTICATION_BLOCKED) {
            return triesLeft(0);
        }
        return new PinOutcome(Status.CARD_ERROR, -1, "the card answered " + describe(sw));
    }

    /** @return what a count of the PIN tries left, read without spending one, says: BLOCKED at 0 */
    static PinOutcome triesLeft(int left) {
        return left == 0 ? new PinOutcome(Status.BLOCKED, 0, "the card is blocked: no PIN try left")
                : new PinOutcome(Status.TRIES_LEFT, left, tries(left));
    }

    private static String tries(int left) {
        return left + (left == 1 ? " try left" : " tries left");
    }

    static String describe(int sw) {
        String meaning = switch (sw) {
            case 0x6282 -> "end of file reached";
            case 0x6700 -> "wrong length";
            case 0x6982 -> "security status not satisfied";
            case 0x6985 -> "conditions of use not satisfied";
            case 0x6A82 -> "file or application not found";
            case 0x6A83 -> "record not found";
            case 0x6A86 -> "wrong parameters P1 P2";
            case 0x6A88 -> "referenced data not found";
            case 0x6B00 -> "wrong offset";
            case 0x6D00 -> "instruction not supported";
            case 0x6E00 -> "class not supported";
            default -> "unexpected status";
        };
        return String.format("%04X, %s", sw, meaning);
    }
}
