package com.medialogis.dmp.card.internal;

import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.CpsCategory;
import com.medialogis.dmp.card.CpsHolder;
import com.medialogis.dmp.card.PinOutcome;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A CPS read through a reader service where test cards are refused (test.cards.accepted = false):
 * its holder, known with the PIN only, says whether it is a test card. A PIN that shows one is
 * said refused rather than verified, and the card is replaced by an unknown card in its reader.
 */
final class ProductionOnlyCps implements CpsCard {

    private final CpsCard card;
    private final Consumer<CpsCard> refused;

    /** @param refused told of this card once its PIN showed a test card */
    ProductionOnlyCps(CpsCard card, Consumer<CpsCard> refused) {
        this.card = card;
        this.refused = refused;
    }

    @Override
    public String reader() {
        return card.reader();
    }

    @Override
    public Optional<CpsHolder> holder() {
        return card.holder();
    }

    @Override
    public Optional<String> cardNumber() {
        return card.cardNumber();
    }

    @Override
    public CpsCategory category() {
        return card.category();
    }

    @Override
    public boolean isTest() {
        return card.isTest();
    }

    @Override
    public PinOutcome pinTries() {
        return card.pinTries();
    }

    @Override
    public String toString() {
        return card.toString();
    }

    @Override
    public PinOutcome verifyPin(char[] pin, boolean lastTryConfirmed) {
        PinOutcome outcome = card.verifyPin(pin, lastTryConfirmed);
        if (outcome.status() == PinOutcome.Status.VERIFIED && card.isTest()) {
            refused.accept(this);
            return new PinOutcome(PinOutcome.Status.CARD_ERROR, outcome.triesLeft(), CardReading.TEST_CARD_REFUSED);
        }
        return outcome;
    }
}
