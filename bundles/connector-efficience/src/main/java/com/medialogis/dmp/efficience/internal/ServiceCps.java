package com.medialogis.dmp.efficience.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.CpsCategory;
import com.medialogis.dmp.card.CpsHolder;
import com.medialogis.dmp.card.PinOutcome;
import com.medialogis.dmp.card.PinOutcome.Status;
import com.medialogis.dmp.connector.ConnectorException;
import java.util.Arrays;
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
    private volatile Optional<CpsHolder> holder = Optional.empty();

    ServiceCps(String reader, ServiceReaders.Service service, String session) {
        this.reader = reader;
        this.service = service;
        this.session = session;
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
        try {
            int left = new Answer("hl_getCpxStatus", service.call("hl_getCpxStatus", inSession())).integer("i_nbInputLeft");
            return left <= 0 ? new PinOutcome(Status.BLOCKED, 0, "the CPS is blocked: no PIN try left")
                    : new PinOutcome(Status.TRIES_LEFT, left, left + (left == 1 ? " PIN try left" : " PIN tries left"));
        } catch (ConnectorException e) {
            return new PinOutcome(Status.CARD_ERROR, -1, "the Efficience service could not read the CPS: " + e.getMessage());
        }
    }

    /**
     * Reads the tries first (never spending the last one unconfirmed), then presents the PIN once
     * with {@code hl_readCpxCard}; a refusal is told apart by the tries read again.
     */
    @Override
    public PinOutcome verifyPin(char[] pin, boolean lastTryConfirmed) {
        try {
            if (!CpsCard.isWellFormedPin(pin)) {
                return new PinOutcome(Status.INVALID_PIN, -1, "a PIN has " + CpsCard.SHORTEST_PIN + " to " + CpsCard.LONGEST_PIN
                        + " digits: the card was not tried");
            }
            PinOutcome tries = pinTries();
            if (tries.status() != Status.TRIES_LEFT) {
                return tries;
            }
            if (tries.triesLeft() == 1 && !lastTryConfirmed) {
                return new PinOutcome(Status.LAST_TRY_NOT_CONFIRMED, 1, "one try left: the card was not tried; confirm to spend"
                        + " the last try");
            }
            try {
                Answer read = new Answer("hl_readCpxCard", service.callWithPin("hl_readCpxCard", inSession(), pin));
                holder = Optional.of(new CpsHolder(read.text("s_name"), read.text("s_given"), read.text("s_internalId"),
                        read.optionalText("s_professionDescription").filter(text -> !text.isBlank()).orElse(read.text("s_profession")),
                        read.optionalText("s_speciality").filter(text -> !text.isBlank())));
                return new PinOutcome(Status.VERIFIED, read.integer("i_remainingPinCodeInputs"), "PIN verified");
            } catch (ConnectorException refused) {
                PinOutcome after = pinTries();
                if (after.status() == Status.TRIES_LEFT && after.triesLeft() < tries.triesLeft()) {
                    return new PinOutcome(Status.WRONG_PIN, after.triesLeft(), "wrong PIN: " + after.detail());
                }
                return after.status() == Status.BLOCKED ? after
                        : new PinOutcome(Status.CARD_ERROR, -1, "the Efficience service refused the PIN: " + refused.getMessage());
            }
        } finally {
            if (pin != null) {
                Arrays.fill(pin, '\0');
            }
        }
    }

    private ObjectNode inSession() {
        return JsonNodeFactory.instance.objectNode().put("s_sessionId", session);
    }

    @Override
    public String toString() {
        return "CpsCard[" + reader + ", through the Efficience service" + (isTest() ? ", test" : "") + "]";
    }
}
