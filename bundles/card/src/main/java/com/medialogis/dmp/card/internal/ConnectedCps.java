package com.medialogis.dmp.card.internal;

import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.CpsCategory;
import com.medialogis.dmp.card.CpsHolder;
import com.medialogis.dmp.card.PinOutcome;
import com.medialogis.dmp.card.PinOutcome.Status;
import com.medialogis.dmp.card.internal.profile.CpsIdentity;
import com.medialogis.dmp.card.internal.profile.CpsProfile;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;

/** The CPS in one reader, for as long as it stays there. */
final class ConnectedCps implements CpsCard {

    private static final PinOutcome REMOVED = new PinOutcome(Status.CARD_REMOVED, -1, "the card was removed");

    private final String reader;
    private final CpsIdentity identity;
    private final CpsProfile profile;
    private final ReaderWatcher watcher;
    private final Card card;

    ConnectedCps(String reader, CpsIdentity identity, CpsProfile profile, ReaderWatcher watcher, Card card) {
        this.reader = reader;
        this.identity = identity;
        this.profile = profile;
        this.watcher = watcher;
        this.card = card;
    }

    @Override
    public String reader() {
        return reader;
    }

    @Override
    public Optional<CpsHolder> holder() {
        return Optional.of(identity.holder());
    }

    @Override
    public Optional<String> cardNumber() {
        return Optional.of(identity.cardNumber());
    }

    @Override
    public CpsCategory category() {
        return identity.category();
    }

    @Override
    public boolean isTest() {
        return identity.test();
    }

    @Override
    public PinOutcome pinTries() {
        return onCard(session -> profile.triesLeft(session, identity.pin()));
    }

    @Override
    public PinOutcome verifyPin(char[] pin, boolean lastTryConfirmed) {
        try {
            if (!CpsCard.isWellFormedPin(pin)) {
                return new PinOutcome(Status.INVALID_PIN, -1, "a PIN has " + CpsCard.SHORTEST_PIN + " to "
                        + CpsCard.LONGEST_PIN + " digits: the card was not tried");
            }
            // The task owns this copy and wipes it: after a timeout the caller returns while the task
            // may still run, and must not leave it a wiped PIN to present. A task that never ran (the
            // card changed, or it was cancelled waiting) leaves the copy to the caller, who wipes it.
            byte[] digits = new byte[pin.length];
            for (int i = 0; i < pin.length; i++) {
                digits[i] = (byte) pin[i];
            }
            AtomicBoolean taken = new AtomicBoolean();
            try {
                return onCard(session -> {
                    if (!taken.compareAndSet(false, true)) {
                        return new PinOutcome(Status.CARD_ERROR, -1, "the reader did not answer in time: the card was not tried");
                    }
                    try {
                        PinOutcome tries = profile.triesLeft(session, identity.pin());
                        if (tries.status() == Status.BLOCKED || tries.status() == Status.CARD_ERROR) {
                            return tries;
                        }
                        if (tries.status() == Status.TRIES_LEFT && tries.triesLeft() == 1 && !lastTryConfirmed) {
                            return new PinOutcome(Status.LAST_TRY_NOT_CONFIRMED, 1,
                                    "one try left: the card was not tried; confirm to spend the last try");
                        }
                        if (Thread.currentThread().isInterrupted()) {
                            return new PinOutcome(Status.CARD_ERROR, -1, "the reader did not answer in time: the card was not tried");
                        }
                        return profile.verify(session, identity.pin(), digits);
                    } finally {
                        Arrays.fill(digits, (byte) 0);
                    }
                });
            } finally {
                if (taken.compareAndSet(false, true)) {
                    Arrays.fill(digits, (byte) 0);
                }
            }
        } finally {
            if (pin != null) {
                Arrays.fill(pin, '\0');
            }
        }
    }

    private PinOutcome onCard(ReaderWatcher.CardTask<PinOutcome> task) {
        try {
            Optional<PinOutcome> outcome = watcher.onCard(reader, card, task);
            return outcome.orElse(REMOVED);
        } catch (CardException e) {
            return new PinOutcome(Status.CARD_ERROR, -1, e.getMessage());
        }
    }


    @Override
    public String toString() {
        return "CpsCard[" + reader + ", " + identity.category() + (identity.test() ? ", test" : "") + "]";
    }
}
