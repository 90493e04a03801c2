package com.medialogis.dmp.efficience.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.CpsCategory;
import com.medialogis.dmp.card.CpsHolder;
import com.medialogis.dmp.card.PinOutcome;
import com.medialogis.dmp.card.PinOutcome.Status;
import com.medialogis.dmp.connector.ConnectorException;
import java.util.Arrays;
import java.util.concurrent.locks.Lock;
import java.util.Optional;

/**
 * A CPx card in a reader the Efficience service owns (EFFICIENCE-API.md §2.3): its tries read by
 * {@code hl_getCpxStatus}, its PIN presented once by {@code hl_readCpxCard}, which gives its
 * holder. The service tells CPS, CPE and CPA apart in none of its published answers: it is shown
 * as a CPS.
 */
final class ServiceCps implements CpsCard {

    private final String reader;
    private final ServiceReaders.Service service;
    private final String session;
    /** The watch's: held from reading the tries to presenting the PIN, so that two presentations never interleave. */
    private final Lock pins;
    private volatile Optional<CpsHolder> holder = Optional.empty();
    /** Set once the watch no longer holds this card (taken out, or the watch started again): it is not asked any more. */
    private volatile boolean retired;

    ServiceCps(String reader, ServiceReaders.Service service, String session, Lock pins) {
        this.reader = reader;
        this.service = service;
        this.session = session;
        this.pins = pins;
    }

    /** The watch no longer holds this card: what is asked of it from now on says so, without asking the service. */
    void retire() {
        retired = true;
    }

    @Override
    public String reader() {
        return reader;
    }

    @Override
    public Optional<CpsHolder> holder() {
        return holder;
    }

    @Override
    public CpsCategory category() {
        return CpsCategory.CPS;
    }

    @Override
    public boolean isTest() {
        return holder.map(CpsHolder::onTestCard).orElse(false);
    }

    @Override
    public PinOutcome pinTries() {
        pins.lock();
        try {
            return tries();
        } finally {
            pins.unlock();
        }
    }

    /** The tries left, read from the card while the watch holds it. */
    private PinOutcome tries() {
        return retired ? new PinOutcome(Status.CARD_REMOVED, -1, "the card was taken out, or its readers are being watched anew:"
                + " it is read again when it is there") : triesNow();
    }

    private PinOutcome triesNow() {
        try {
            int left = new Answer("hl_getCpxStatus", service.call("hl_getCpxStatus", inSession())).integer("i_nbInputLeft");
            return left <= 0 ? new PinOutcome(Status.BLOCKED, 0, "the CPS is blocked: no PIN try left")
                    : new PinOutcome(Status.TRIES_LEFT, left, left + (left == 1 ? " PIN try left" : " PIN tries left"));
        } catch (ConnectorException e) {
            return new PinOutcome(Status.CARD_ERROR, -1, "the Efficience service could not read the CPS: " + e.getMessage());
        }
    }

    /**
     * Reads the tries first (never spending the last one unconfirmed, never trying a blocked card),
     * then presents the PIN once with {@code hl_readCpxCard}; both under the watch's lock, so that
     * two callers never both see the tries before either spends one. A refusal is told apart by the
     * tries read again; an accepted PIN whose answer cannot be read is said so.
     */
    @Override
    public PinOutcome verifyPin(char[] pin, boolean lastTryConfirmed) {
        try {
            if (!CpsCard.isWellFormedPin(pin)) {
                return new PinOutcome(Status.INVALID_PIN, -1, "a PIN has " + CpsCard.SHORTEST_PIN + " to " + CpsCard.LONGEST_PIN
                        + " digits: the card was not tried");
            }
            pins.lock();
            try {
                PinOutcome tries = tries();
                if (tries.status() != Status.TRIES_LEFT) {
                    return tries;
                }
                if (tries.triesLeft() == 1 && !lastTryConfirmed) {
                    return new PinOutcome(Status.LAST_TRY_NOT_CONFIRMED, 1, "one try left: the card was not tried; confirm to"
                            + " spend the last try");
                }
                Answer read;
                try {
                    read = new Answer("hl_readCpxCard", service.callWithPin("hl_readCpxCard", inSession(), pin));
                } catch (ConnectorException refused) {
                    return refusal(tries.triesLeft(), refused);
                }
                return accepted(read);
            } finally {
                pins.unlock();
            }
        } finally {
            if (pin != null) {
                Arrays.fill(pin, '\0');
            }
        }
    }

    /** A refused PIN: wrong when a try was spent (the last one blocks the card), else the service's failure. */
    private PinOutcome refusal(int triesBefore, ConnectorException refused) {
        PinOutcome after = triesNow();
        if (after.status() == Status.BLOCKED) {
            return new PinOutcome(Status.WRONG_PIN, 0, "wrong PIN: the CPS is now blocked");
        }
        if (after.status() == Status.TRIES_LEFT && after.triesLeft() < triesBefore) {
            return new PinOutcome(Status.WRONG_PIN, after.triesLeft(), "wrong PIN: " + after.detail());
        }
        return new PinOutcome(Status.CARD_ERROR, -1, "the Efficience service refused the PIN: " + refused.getMessage());
    }

    /** The PIN was accepted: the holder as the service read him. */
    private PinOutcome accepted(Answer read) {
        try {
            holder = Optional.of(new CpsHolder(read.text("s_name"), read.text("s_given"), read.text("s_internalId"),
                    read.optionalText("s_professionDescription").filter(text -> !text.isBlank()).orElse(read.text("s_profession")),
                    read.optionalText("s_speciality").filter(text -> !text.isBlank())));
            return new PinOutcome(Status.VERIFIED, read.integer("i_remainingPinCodeInputs"), "PIN verified");
        } catch (ConnectorException unreadable) {
            return new PinOutcome(Status.CARD_ERROR, -1, "the PIN was accepted, but the holder the Efficience service gave could"
                    + " not be read: " + unreadable.getMessage());
        }
    }

    private ObjectNode inSession() {
        return EfficienceConnector.Json.MAPPER.createObjectNode().put("s_sessionId", session);
    }

    @Override
    public String toString() {
        return "CpsCard[" + reader + ", through the Efficience service" + (isTest() ? ", test" : "") + "]";
    }
}
