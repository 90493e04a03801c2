package com.medialogis.dmp.card.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.card.CardEvent;
import com.medialogis.dmp.card.CardEvent.Type;
import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.CpsCategory;
import com.medialogis.dmp.card.CpsHolder;
import com.medialogis.dmp.card.PinOutcome;
import com.medialogis.dmp.card.Reader;
import com.medialogis.dmp.card.ReaderService;
import com.medialogis.dmp.card.ReaderStatus;
import com.medialogis.dmp.card.UnknownCard;
import com.medialogis.dmp.card.VitaleCard;
import com.medialogis.dmp.cardsimulator.internal.VirtualCards;
import com.medialogis.dmp.identity.Beneficiary;
import com.medialogis.dmp.identity.internal.AsipInsCalculator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The card service while a reader service owns the readers: what the service says becomes the
 * readers and the events, the simulator's readers (PC/SC's, in the field) are let go, the Vitale
 * beneficiaries get their INS-C, and the readers come back to PC/SC when the service leaves. The
 * reader service here is the SPI's caller as the card service sees it; the Efficience driver's own
 * is tested against the DMP sandbox in its bundle.
 */
public class OwnedReadersTest {

    private static final String CPS_READER = "Virtual PCD 00 00";
    private static final String VITALE_READER = "Virtual PCD 00 01";
    /** The INS-C of MARTIN Jean of the virtual Vitale card, as ASIP Santé's sample gives it (the sandbox's seed). */
    private static final String MARTIN_JEAN_INSC = "1541187387477485562488";

    private final VirtualCards cards = VirtualCards.standard();
    private final List<CardEvent> events = new CopyOnWriteArrayList<>();
    private final Owner owner = new Owner();
    private CardService service;

    /** A reader service whose observer the test drives, as a driver's thread would. */
    private static final class Owner implements ReaderService {
        volatile ReaderService.Observer observer;
        volatile boolean closed;

        @Override
        public String name() {
            return "Efficience";
        }

        @Override
        public AutoCloseable watch(ReaderService.Observer watching) {
            observer = watching;
            return () -> closed = true;
        }
    }

    @Before
    public void start() {
        service = new CardService(new AsipInsCalculator(), CardServiceTest.config(20, false));
        service.bindSimulator(cards.terminalFactory().orElseThrow());
        service.addListener(events::add);
        service.start();
        await("the simulator's readers", () -> service.readers().size() == 2);
        events.clear();
        service.bindReaderService(owner);
    }

    @After
    public void stop() {
        service.stop();
    }

    @Test
    public void theServiceReadersAndCardsReplaceThoseOfPcsc() {
        assertEquals(ReaderStatus.State.STARTING, service.status().state());
        owner.observer.readers(List.of(CPS_READER, VITALE_READER));
        owner.observer.vitaleInserted(VITALE_READER, List.of(new Beneficiary("MARTIN", "JEAN", "500801", "150081505104018",
                Optional.of("150081505104018"), 0, "")));
        owner.observer.inserted(new UnknownCard(CPS_READER, "an expired CPx card"));
        assertEquals(List.of(CPS_READER, VITALE_READER), service.readers().stream().map(Reader::name).toList());
        assertEquals(ReaderStatus.State.RUNNING, service.status().state());
        assertTrue(service.status().detail(), service.status().detail().contains("belong to Efficience"));
        VitaleCard vitale = service.vitale().orElseThrow();
        assertEquals("the INS-C computed by the card service", MARTIN_JEAN_INSC,
                vitale.beneficiaries().get(0).insc().orElseThrow().value());
        await("the events", () -> events.stream().filter(event -> event.type() == Type.INSERTED).count() == 2);
        await("the simulator's readers let go at the reader thread's next pass", () -> events.stream()
                .filter(event -> event.type() == Type.READER_LOST && event.reader().startsWith("DMP simulated reader")).count() == 2);
        List<String> told = events.stream().filter(event -> !event.reader().startsWith("DMP simulated reader"))
                .map(event -> event.type() + " " + event.reader()).toList();
        assertEquals(List.of("READER_ADDED " + CPS_READER, "READER_ADDED " + VITALE_READER, "INSERTED " + VITALE_READER,
                "INSERTED " + CPS_READER), told);
    }

    @Test
    public void removalsReadersLostAndAnUnreachableServiceAreTold() {
        owner.observer.readers(List.of(CPS_READER, VITALE_READER));
        owner.observer.inserted(new UnknownCard(CPS_READER, "an expired CPx card"));
        owner.observer.removed(CPS_READER);
        owner.observer.removed(CPS_READER);
        owner.observer.readers(List.of(VITALE_READER));
        assertEquals(List.of(VITALE_READER), service.readers().stream().map(Reader::name).toList());
        owner.observer.unavailable("the service stopped");
        assertEquals(ReaderStatus.State.NO_SERVICE, service.status().state());
        assertTrue(service.status().detail(), service.status().detail().endsWith("the service stopped"));
        assertEquals(List.of(), service.readers());
        await("the events", () -> events.stream().filter(event -> event.type() == Type.READER_LOST
                && event.reader().equals(VITALE_READER)).count() == 1);
        List<String> told = events.stream().filter(event -> !event.reader().startsWith("DMP simulated reader"))
                .map(event -> event.type() + " " + event.reader()).toList();
        assertEquals("one removal for one card", List.of("READER_ADDED " + CPS_READER, "READER_ADDED " + VITALE_READER,
                "INSERTED " + CPS_READER, "REMOVED " + CPS_READER, "READER_LOST " + CPS_READER, "READER_LOST " + VITALE_READER), told);
    }

    @Test
    public void whenTheServiceLeavesItsWatchIsClosedAndPcscComesBack() {
        owner.observer.readers(List.of(CPS_READER));
        service.unbindReaderService(owner);
        assertTrue("the watch is closed", owner.closed);
        await("the simulator's readers back", () -> service.readers().stream().map(Reader::name).toList()
                .equals(List.of("DMP simulated reader 0", "DMP simulated reader 1")));
    }

    @Test
    public void aServiceReplacedByAnotherLeavesTheNewOneInPlace() {
        Owner next = new Owner();
        service.bindReaderService(next);
        assertTrue("the first one's watch is closed", owner.closed);
        service.unbindReaderService(owner);
        next.observer.readers(List.of(CPS_READER));
        assertEquals("the second one stays", List.of(CPS_READER), service.readers().stream().map(Reader::name).toList());
        assertTrue(!next.closed);
    }

    @Test
    public void whereTestCardsAreRefusedATestCpsKnownByItsPinIsRefusedAndReplaced() {
        service.stop();
        service = new CardService(new AsipInsCalculator(), CardServiceTest.config(20, false, false));
        service.start();
        service.bindReaderService(owner);
        owner.observer.readers(List.of(CPS_READER, VITALE_READER));
        owner.observer.inserted(new HolderWithThePin(CPS_READER, "899700000001"));
        CpsCard test = service.cps().orElseThrow();
        PinOutcome refused = test.verifyPin("1234".toCharArray(), false);
        assertEquals(new PinOutcome(PinOutcome.Status.CARD_ERROR, 3, "a test CPS (national identifier 8997…), refused by this"
                + " installation's setting (test.cards.accepted = false)"), refused);
        assertEquals("no CPS in the readers any more", Optional.empty(), service.cps());
        assertEquals(refused.detail(), ((UnknownCard) service.readers().get(0).card().orElseThrow()).reason());

        owner.observer.inserted(new HolderWithThePin(VITALE_READER, "810001234567"));
        CpsCard real = service.cps().orElseThrow();
        assertEquals(PinOutcome.Status.VERIFIED, real.verifyPin("1234".toCharArray(), false).status());
        assertEquals("a real card stays", Optional.of(real), service.cps());

        owner.observer.removed(CPS_READER);
        assertEquals("the refused card taken out", Optional.empty(), service.readers().get(0).card());
        HolderWithThePin known = new HolderWithThePin(CPS_READER, "899700000001");
        known.verifyPin("1234".toCharArray(), false);
        owner.observer.inserted(known);
        assertEquals("a test CPS whose holder is known is refused at once", refused.detail(),
                ((UnknownCard) service.readers().get(0).card().orElseThrow()).reason());
    }

    /** A CPS as a reader service reads it: its holder (and whether it is a test card) known once its PIN is verified. */
    private static final class HolderWithThePin implements CpsCard {
        private final String reader;
        private final String nationalId;
        private volatile Optional<CpsHolder> holder = Optional.empty();

        HolderWithThePin(String reader, String nationalId) {
            this.reader = reader;
            this.nationalId = nationalId;
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
            return new PinOutcome(PinOutcome.Status.TRIES_LEFT, 3, "3 PIN tries left");
        }

        @Override
        public PinOutcome verifyPin(char[] pin, boolean lastTryConfirmed) {
            java.util.Arrays.fill(pin, '\0');
            holder = Optional.of(new CpsHolder("DUPONT", "JEANNE", nationalId, "Médecin", Optional.empty()));
            return new PinOutcome(PinOutcome.Status.VERIFIED, 3, "PIN verified");
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        PcscStack.await(what, Duration.ofSeconds(5), condition);
    }
}
