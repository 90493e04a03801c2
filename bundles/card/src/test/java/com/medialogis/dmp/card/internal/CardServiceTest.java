package com.medialogis.dmp.card.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.card.CardEvent;
import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.CpsCategory;
import com.medialogis.dmp.card.PinOutcome;
import com.medialogis.dmp.card.PinOutcome.Status;
import com.medialogis.dmp.card.ReaderStatus;
import com.medialogis.dmp.card.VitaleBeneficiary;
import com.medialogis.dmp.card.VitaleCard;
import com.medialogis.dmp.cardsimulator.internal.VirtualCards;
import com.medialogis.dmp.identity.internal.AsipInsCalculator;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The card service over the virtual cards in memory: the same code as over PC/SC. */
public class CardServiceTest {

    private static final String CPS_READER = "DMP simulated reader 0";
    private static final String VITALE_READER = "DMP simulated reader 1";

    private final VirtualCards cards = VirtualCards.standard();
    private final List<CardEvent> events = new CopyOnWriteArrayList<>();
    private CardService service;

    @Before
    public void start() {
        service = new CardService(new AsipInsCalculator(), config(20, false));
        service.bindSimulator(cards.terminalFactory().orElseThrow());
        service.addListener(events::add);
        service.start();
        await("both readers listed", () -> service.readers().size() == 2);
    }

    @After
    public void stop() {
        service.stop();
    }

    @Test
    public void insertionAndRemovalAreSeenWithinOneSecondAndToldInOrder() {
        cards.insert("cps", Optional.empty());
        await("CPS seen", () -> service.cps().isPresent());
        cards.remove("cps");
        await("CPS gone", () -> service.cps().isEmpty());
        await("events delivered", () -> events.size() == 4);
        assertEquals(List.of(CardEvent.Type.READER_ADDED, CardEvent.Type.READER_ADDED,
                CardEvent.Type.INSERTED, CardEvent.Type.REMOVED), events.stream().map(CardEvent::type).toList());
        assertTrue(events.get(2).card().orElseThrow() instanceof CpsCard);
        assertEquals(ReaderStatus.State.RUNNING, service.status().state());
    }

    @Test
    public void cpsHolderIsReadOnInsertion() {
        cards.insert("cps", Optional.empty());
        await("CPS seen", () -> service.cps().isPresent());
        CpsCard cps = service.cps().orElseThrow();
        assertEquals(CPS_READER, cps.reader());
        assertEquals("DUPONT", cps.holder().orElseThrow().name());
        assertEquals("899700000001", cps.holder().orElseThrow().nationalId());
        assertEquals("Médecin", cps.holder().orElseThrow().profession());
        assertEquals("not in the certificate", Optional.empty(), cps.holder().orElseThrow().specialty());
        assertEquals(Optional.of("802500000100012345"), cps.cardNumber());
        assertEquals(CpsCategory.CPS, cps.category());
        assertTrue(cps.isTest());
    }

    @Test
    public void everyBeneficiaryGetsHisInscOrTheReason() {
        cards.insert("vitale", Optional.empty());
        await("Vitale seen", () -> service.vitale().isPresent());
        VitaleCard vitale = service.vitale().orElseThrow();
        List<VitaleBeneficiary> beneficiaries = vitale.beneficiaries();
        assertEquals(4, beneficiaries.size());
        assertEquals("the domain example", "1541187387477485562488", beneficiaries.get(0).insc().orElseThrow().value());
        assertEquals("ASIP's demonstration identity", "0448685716413283718907",
                beneficiaries.get(1).insc().orElseThrow().value());
        assertEquals(Optional.empty(), beneficiaries.get(2).insc());
        assertTrue(beneficiaries.get(2).noInscReason(), beneficiaries.get(2).noInscReason().contains("no NIR of his own"));
        assertEquals("lunar birth date", "290200", beneficiaries.get(3).traits().birthDate());
        assertTrue(beneficiaries.get(3).insc().isPresent());
    }

    @Test
    public void triesAreReadWithoutSpendingOneAndTheRightPinVerifies() {
        CpsCard cps = insertedCps();
        assertEquals(new PinOutcome(Status.TRIES_LEFT, 3, "3 tries left"), cps.pinTries());
        assertEquals(new PinOutcome(Status.TRIES_LEFT, 3, "3 tries left"), cps.pinTries());
        assertEquals(Status.VERIFIED, cps.verifyPin("1234".toCharArray(), false).status());
    }

    @Test
    public void pinArrayIsWipedWhateverTheOutcome() {
        CpsCard cps = insertedCps();
        char[] right = "1234".toCharArray();
        cps.verifyPin(right, false);
        assertArrayEquals(new char[4], right);
        char[] invalid = "12a4".toCharArray();
        assertEquals(Status.INVALID_PIN, cps.verifyPin(invalid, false).status());
        assertArrayEquals(new char[4], invalid);
    }

    @Test
    public void lastTryIsNotSpentWithoutConfirmationAndThreeWrongPinsBlock() {
        CpsCard cps = insertedCps();
        assertEquals(new PinOutcome(Status.WRONG_PIN, 2, "wrong PIN, 2 tries left"), cps.verifyPin("0000".toCharArray(), false));
        assertEquals(new PinOutcome(Status.WRONG_PIN, 1, "wrong PIN, 1 try left"), cps.verifyPin("0000".toCharArray(), false));
        PinOutcome refused = cps.verifyPin("0000".toCharArray(), false);
        assertEquals(Status.LAST_TRY_NOT_CONFIRMED, refused.status());
        assertEquals("nothing was spent", 1, cps.pinTries().triesLeft());
        assertEquals(Status.BLOCKED, cps.verifyPin("0000".toCharArray(), true).status());
        assertEquals(Status.BLOCKED, cps.verifyPin("1234".toCharArray(), true).status());
        assertEquals(Status.BLOCKED, cps.pinTries().status());
    }

    @Test
    public void pulledCardAnswersCardRemovedAndItsReinsertionIsANewCard() {
        CpsCard cps = insertedCps();
        cards.remove("cps");
        assertEquals(Status.CARD_REMOVED, cps.verifyPin("1234".toCharArray(), false).status());
        cards.insert("cps", Optional.empty());
        await("CPS seen again", () -> service.cps().filter(card -> card != cps).isPresent());
        assertEquals("the old handle stays dead", Status.CARD_REMOVED, cps.pinTries().status());
        assertEquals(Status.TRIES_LEFT, service.cps().orElseThrow().pinTries().status());
    }

    @Test
    public void readersLostWhenTheSimulatorGoesAway() {
        cards.insert("cps", Optional.empty());
        await("CPS seen", () -> service.cps().isPresent());
        service.unbindSimulator(cards.terminalFactory().orElseThrow());
        await("readers lost", () -> service.readers().isEmpty());
        await("status says why", () -> service.status().state() == ReaderStatus.State.NO_SERVICE);
        assertEquals("PC/SC is disabled and no simulator is running", service.status().detail());
        await("lost events", () -> events.stream().filter(e -> e.type() == CardEvent.Type.READER_LOST).count() == 2);
    }

    @Test
    public void failingListenerDoesNotStopTheOthers() {
        List<CardEvent> second = new CopyOnWriteArrayList<>();
        service.addListener(event -> {
            throw new IllegalStateException("listener bug");
        });
        service.addListener(second::add);
        cards.insert("vitale", Optional.empty());
        await("the next listener still told", () -> second.stream().anyMatch(e -> e.type() == CardEvent.Type.INSERTED));
    }

    @Test
    public void pollIntervalOutOfRangeIsRefusedWithTheSettingNamed() {
        IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
                () -> new CardService(new AsipInsCalculator(), config(5, false)));
        assertEquals("com.medialogis.dmp.card: poll.millis must be between 10 and 2000, not 5", e.getMessage());
    }

    private CpsCard insertedCps() {
        cards.insert("cps", Optional.empty());
        await("CPS seen", () -> service.cps().isPresent());
        return service.cps().orElseThrow();
    }

    /** Polls until the condition holds; fails after one second, the bound for seeing a card. */
    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(1));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + ": not within 1 s");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(what + ": interrupted");
            }
        }
    }

    static CardService.Config config(long pollMillis, boolean pcsc) {
        return config(pollMillis, pcsc, true);
    }

    static CardService.Config config(long pollMillis, boolean pcsc, boolean testCardsAccepted) {
        return new CardService.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CardService.Config.class;
            }

            @Override
            public long poll_millis() {
                return pollMillis;
            }

            @Override
            public boolean pcsc_enabled() {
                return pcsc;
            }

            @Override
            public boolean test_cards_accepted() {
                return testCardsAccepted;
            }
        };
    }
}
