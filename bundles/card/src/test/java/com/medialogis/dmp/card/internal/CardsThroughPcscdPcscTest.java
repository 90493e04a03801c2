package com.medialogis.dmp.card.internal;

import static com.medialogis.dmp.card.internal.PcscStack.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.CpsHolder;
import com.medialogis.dmp.card.UnknownCard;
import com.medialogis.dmp.card.PinOutcome.Status;
import com.medialogis.dmp.card.ReaderStatus;
import com.medialogis.dmp.card.VitaleCard;
import com.medialogis.dmp.cardsimulator.internal.VirtualCards;
import com.medialogis.dmp.identity.internal.AsipInsCalculator;
import java.time.Duration;
import java.util.Optional;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/** The card service over the real stack: jnasmartcardio, pcscd, the vpcd driver, the virtual cards over TCP. */
public class CardsThroughPcscdPcscTest {

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    private VirtualCards cards;
    private CardService service;

    @BeforeClass
    public static void pcscdRuns() {
        PcscStack.requirePcscd();
    }

    @Before
    public void start() {
        cards = VirtualCards.overVpcd(PcscStack.HOST, PcscStack.VPCD_PORT);
        service = new CardService(new AsipInsCalculator(), CardServiceTest.config(100, true));
        service.start();
        await("PC/SC readers listed", Duration.ofSeconds(5), () -> service.readers().size() >= 2);
    }

    @After
    public void stop() {
        service.stop();
        cards.close();
    }

    @Test
    public void insertionAndRemovalThroughPcscdAreSeenWithinOneSecond() {
        assertEquals(ReaderStatus.State.RUNNING, service.status().state());
        cards.insert("cps", Optional.empty());
        await("CPS seen", ONE_SECOND, () -> service.cps().isPresent());
        assertEquals(PcscStack.CPS_READER, service.cps().orElseThrow().reader());
        cards.remove("cps");
        await("CPS gone", ONE_SECOND, () -> service.cps().isEmpty());
    }

    @Test
    public void cpsHolderAndPinThroughPcscd() {
        cards.insert("cps", Optional.empty());
        await("CPS seen", ONE_SECOND, () -> service.cps().isPresent());
        CpsCard cps = service.cps().orElseThrow();
        assertEquals("read from the IAS-ECC/PKCS#15 layout: the certificate's subject",
                new CpsHolder("DUPONT", "JEANNE", "899700000001", "Médecin", Optional.empty()), cps.holder().orElseThrow());
        assertEquals("D003's PAN without its Luhn digit", Optional.of("802500000100012345"), cps.cardNumber());
        assertEquals(3, cps.pinTries().triesLeft());
        assertEquals(Status.WRONG_PIN, cps.verifyPin("4321".toCharArray(), false).status());
        assertEquals(Status.VERIFIED, cps.verifyPin("1234".toCharArray(), false).status());
    }

    @Test
    public void vitaleBeneficiariesWithTheirInscThroughPcscd() {
        cards.insert("vitale", Optional.empty());
        await("Vitale seen", ONE_SECOND, () -> service.vitale().isPresent());
        VitaleCard vitale = service.vitale().orElseThrow();
        assertEquals(4, vitale.beneficiaries().size());
        assertEquals("1541187387477485562488", vitale.beneficiaries().get(0).insc().orElseThrow().value());
        assertTrue(vitale.beneficiaries().get(2).insc().isEmpty());
    }

    @Test
    public void aVitale1CardIsNamedByItsInverseConventionAtr() {
        cards.insert("vitale1", Optional.empty());
        await("Vitale 1 seen", ONE_SECOND, () -> service.readers().stream().anyMatch(reader -> reader.card()
                .filter(card -> card instanceof UnknownCard unknown && unknown.reason().startsWith("a Vitale 1 card")).isPresent()));
    }

    @Test
    public void cardPulledDuringUseAnswersCardRemoved() {
        cards.insert("cps", Optional.empty());
        await("CPS seen", ONE_SECOND, () -> service.cps().isPresent());
        CpsCard cps = service.cps().orElseThrow();
        cards.remove("cps");
        assertEquals(Status.CARD_REMOVED, cps.verifyPin("1234".toCharArray(), false).status());
    }
}
