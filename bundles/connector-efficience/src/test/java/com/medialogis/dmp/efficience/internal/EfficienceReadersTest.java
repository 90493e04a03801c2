package com.medialogis.dmp.efficience.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.CpsHolder;
import com.medialogis.dmp.card.PinOutcome;
import com.medialogis.dmp.card.PinOutcome.Status;
import com.medialogis.dmp.identity.Beneficiary;
import com.medialogis.dmp.sandbox.internal.DmpSandbox;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The cards read through the Efficience service when it owns the readers, against the DMP sandbox:
 * its readers, its CPS and Vitale card moved in and out, their monitoring pushes on the sandbox's
 * WebSocket, the CPS's PIN presented through the service; every request held to the published API
 * by the sandbox.
 */
public class EfficienceReadersTest {

    private static final String CPS_READER = "Virtual PCD 00 00";
    private static final String VITALE_READER = "Virtual PCD 00 01";
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private DmpSandbox sandbox;
    private EfficienceConnector driver;
    private final ToldReaders told = new ToldReaders(DEADLINE);
    private AutoCloseable watch;

    @Before
    public void start() throws Exception {
        sandbox = DmpSandbox.start(folder.getRoot().toPath(), new InetSocketAddress("127.0.0.1", 0));
        driver = driver(sandbox.monitoringPort());
        watch = driver.watch(told);
    }

    private EfficienceConnector driver(int monitoringPort) {
        return new EfficienceConnector(URI.create("http://127.0.0.1:" + sandbox.port()), Duration.ofSeconds(5), Optional.empty(),
                EfficienceConnector.Connection.DEFAULTS, EfficienceConnector.Insi.NONE, Optional.empty(),
                new ServiceReaders.Settings(URI.create("ws://127.0.0.1:" + monitoringPort), "", "", Duration.ofSeconds(1),
                        Duration.ofMillis(200)));
    }

    @After
    public void stop() throws Exception {
        watch.close();
        sandbox.close();
    }

    @Test
    public void theReadersAndBothCardsAreToldAsTheServiceSeesThem() throws Exception {
        told.await("the readers", event -> event.equals("readers " + List.of(CPS_READER, VITALE_READER)));
        CpsCard cps = told.await("the CPS", event -> event.startsWith("inserted " + CPS_READER)).cps();
        assertEquals("the holder comes with the PIN only", Optional.empty(), cps.holder());
        assertFalse("a card whose holder is not read yet is taken as a real one", cps.isTest());
        assertEquals(new PinOutcome(Status.TRIES_LEFT, 3, "3 PIN tries left"), cps.pinTries());
        List<Beneficiary> card = told.await("the Vitale card", event -> event.startsWith("vitale " + VITALE_READER)).beneficiaries();
        assertEquals("the sandbox's four beneficiaries, as hl_readVitaleCard gives them", 4, card.size());
        assertEquals(new Beneficiary("MARTIN", "JEAN", "500801", "150081505104018", Optional.of("150081505104018"), 0, ""), card.get(0));
    }

    @Test
    public void cardsTakenOutAndPutBackAreToldByTheMonitoring() throws Exception {
        CpsCard first = told.await("the CPS", event -> event.startsWith("inserted " + CPS_READER)).cps();
        told.await("the Vitale card", event -> event.startsWith("vitale " + VITALE_READER));
        int before = told.count();
        sandbox.remove("cps");
        told.awaitAfter(before, "the CPS taken out", event -> event.equals("removed " + CPS_READER));
        long asked = sandbox.counts().getOrDefault("hl_getCpxStatus", 0L);
        assertEquals("a card taken out says so", Status.CARD_REMOVED, first.pinTries().status());
        assertEquals(Status.CARD_REMOVED, first.verifyPin("1234".toCharArray(), false).status());
        assertEquals("without asking the service", asked, (long) sandbox.counts().getOrDefault("hl_getCpxStatus", 0L));
        sandbox.remove("vitale");
        told.awaitAfter(before, "the Vitale card taken out", event -> event.equals("removed " + VITALE_READER));
        int out = told.count();
        sandbox.insert("vitale");
        told.awaitAfter(out, "the Vitale card back", event -> event.startsWith("vitale " + VITALE_READER));
        sandbox.insert("cps");
        CpsCard back = told.awaitAfter(out, "the CPS back", event -> event.startsWith("inserted " + CPS_READER)).cps();
        assertEquals(Status.TRIES_LEFT, back.pinTries().status());
        assertNoRestart();
    }

    @Test
    public void aCpsChangedBetweenTwoChecksIsANewCard() throws Exception {
        CpsCard first = told.await("the CPS", event -> event.startsWith("inserted " + CPS_READER)).cps();
        int before = told.count();
        // Out and in again faster than the service checks: "card status changed", a new CPx object.
        sandbox.remove("cps");
        sandbox.insert("cps");
        told.awaitAfter(before, "the old card gone", event -> event.equals("removed " + CPS_READER));
        CpsCard second = told.awaitAfter(before, "the new card", event -> event.startsWith("inserted " + CPS_READER)).cps();
        assertTrue("another card object", first != second);
        assertEquals("the new card answers", Status.TRIES_LEFT, second.pinTries().status());
        assertNoRestart();
    }

    @Test
    public void aCpsPutInTheOtherReaderIsWatchedThere() throws Exception {
        told.await("the CPS", event -> event.startsWith("inserted " + CPS_READER));
        told.await("the Vitale card", event -> event.startsWith("vitale " + VITALE_READER));
        sandbox.remove("cps");
        sandbox.remove("vitale");
        told.await("the Vitale card taken out", event -> event.equals("removed " + VITALE_READER));
        int out = told.count();
        sandbox.move(List.of("insert", "cps", VITALE_READER));
        // The Vitale card's monitoring may first tell of an unknown card there, until the readers are listed again.
        CpsCard moved = told.awaitAfter(out, "the CPS in the Vitale card's reader", event -> event.equals("inserted "
                + VITALE_READER + " " + ServiceCps.class.getSimpleName())).cps();
        assertEquals("the card answers where it is", new PinOutcome(Status.TRIES_LEFT, 3, "3 PIN tries left"), moved.pinTries());
        int there = told.count();
        sandbox.insert("vitale");
        told.awaitAfter(there, "the Vitale card in the reader left", event -> event.startsWith("vitale " + CPS_READER));
        assertSettles();
    }

    @Test
    public void aVitaleCardMovedBetweenTwoChecksIsToldOutOfTheReaderItLeft() throws Exception {
        told.await("the Vitale card", event -> event.startsWith("vitale " + VITALE_READER));
        sandbox.remove("cps");
        told.await("the CPS taken out", event -> event.equals("removed " + CPS_READER));
        int before = told.count();
        sandbox.move(List.of("insert", "vitale", CPS_READER));
        // The watch starts again, the Vitale card being elsewhere: the reader it left is told empty then, whatever the
        // previous round's monitoring said or had no time to say.
        int restarted = told.indexAfter(before, "the watch started again", event -> event.startsWith("readers "));
        told.awaitAfter(restarted, "the reader it left told empty", event -> event.equals("removed " + VITALE_READER));
        told.awaitAfter(restarted, "the Vitale card in the other reader", event -> event.startsWith("vitale " + CPS_READER));
        assertSettles();
    }

    @Test
    public void thePinIsPresentedOnceThroughTheServiceAndGivesTheHolder() throws Exception {
        CpsCard cps = told.await("the CPS", event -> event.startsWith("inserted " + CPS_READER)).cps();
        char[] wrong = "0000".toCharArray();
        assertEquals(new PinOutcome(Status.WRONG_PIN, 2, "wrong PIN: 2 PIN tries left"), cps.verifyPin(wrong, false));
        assertEquals("the PIN's array is wiped", "\0\0\0\0", new String(wrong));
        assertEquals(Optional.empty(), cps.holder());
        assertEquals(new PinOutcome(Status.INVALID_PIN, -1, "a PIN has 4 to 8 digits: the card was not tried"),
                cps.verifyPin("12a4".toCharArray(), false));
        assertEquals("nothing spent on a malformed PIN", 2, cps.pinTries().triesLeft());
        long presented = presentations();
        PinOutcome verified = cps.verifyPin("1234".toCharArray(), false);
        assertEquals(Status.VERIFIED, verified.status());
        assertEquals("presented once", presented + 1, presentations());
        assertEquals("the tries are back", 3, verified.triesLeft());
        assertEquals(Optional.of(new CpsHolder("DUPONT", "JEANNE", "899700000001", "Médecin", Optional.of("SM26"))), cps.holder());
        assertTrue("the sandbox's CPS is a test card (8997…)", cps.isTest());
    }

    @Test
    public void theLastTryIsNeverSpentUnconfirmedAndABlockedCardIsNotTried() throws Exception {
        CpsCard cps = told.await("the CPS", event -> event.startsWith("inserted " + CPS_READER)).cps();
        cps.verifyPin("0000".toCharArray(), false);
        assertEquals(1, cps.verifyPin("0000".toCharArray(), false).triesLeft());
        long presented = presentations();
        PinOutcome refused = cps.verifyPin("1234".toCharArray(), false);
        assertEquals(Status.LAST_TRY_NOT_CONFIRMED, refused.status());
        assertEquals("nothing was sent to the card", presented, presentations());
        assertEquals(1, cps.pinTries().triesLeft());
        assertEquals("the wrong PIN that blocks the card is said wrong", new PinOutcome(Status.WRONG_PIN, 0,
                "wrong PIN: the CPS is now blocked"), cps.verifyPin("0000".toCharArray(), true));
        long blocked = presentations();
        assertEquals(Status.BLOCKED, cps.verifyPin("1234".toCharArray(), true).status());
        assertEquals("a blocked card is not tried", blocked, presentations());
    }

    @Test
    public void twoPresentationsAtOnceNeverSpendTheLastTryUnconfirmed() throws Exception {
        CpsCard cps = told.await("the CPS", event -> event.startsWith("inserted " + CPS_READER)).cps();
        cps.verifyPin("0000".toCharArray(), false);
        List<PinOutcome> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread caller = new Thread(() -> {
                try {
                    go.await();
                    outcomes.add(cps.verifyPin("0000".toCharArray(), false));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            caller.start();
            callers.add(caller);
        }
        go.countDown();
        for (Thread caller : callers) {
            caller.join(DEADLINE.toMillis());
        }
        assertEquals("one wrong PIN spent, the other not tried: " + outcomes, List.of(Status.WRONG_PIN, Status.LAST_TRY_NOT_CONFIRMED),
                outcomes.stream().map(PinOutcome::status).sorted().toList());
        assertEquals("the last try is left", 1, cps.pinTries().triesLeft());
    }

    @Test
    public void aWatchClosedWhileItWaitsToStartAgainNeverStartsAgain() throws Exception {
        told.await("the CPS", event -> event.startsWith("inserted " + CPS_READER));
        int port = sandbox.port();
        int monitoring = sandbox.monitoringPort();
        sandbox.close();
        told.await("the service out of reach", event -> event.startsWith("unavailable "));
        watch.close();
        int after = told.count();
        startAgainOn(port, monitoring);
        // Absence is awaited for five retry delays: a watch that started again would have asked by then.
        long until = System.nanoTime() + Duration.ofMillis(5 * 200).toNanos();
        while (System.nanoTime() < until) {
            assertEquals("no session opened after the close", 0L, (long) sandbox.counts().getOrDefault("hl_openSession", 0L));
            Thread.sleep(20);
        }
        assertEquals("nothing told after the close", after, told.count());
    }

    @Test
    public void aServiceThatStopsIsToldAndTheWatchStartsAgainWhenItIsBack() throws Exception {
        told.await("the CPS", event -> event.startsWith("inserted " + CPS_READER));
        int port = sandbox.port();
        int monitoring = sandbox.monitoringPort();
        sandbox.close();
        told.await("the service out of reach", event -> event.startsWith("unavailable "));
        int before = told.count();
        startAgainOn(port, monitoring);
        told.awaitAfter(before, "the CPS again", event -> event.startsWith("inserted " + CPS_READER));
    }

    @Test
    public void aMonitoringCommandIsRefusedOverHttpAsTheSandboxServesItOnItsWebSocketOnly() throws Exception {
        told.await("the CPS", event -> event.startsWith("inserted " + CPS_READER));
        var http = java.net.http.HttpClient.newHttpClient();
        var answer = http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandbox.port()
                + "/api/hl_startcpxcardmonitoring")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"s_commandName\":\"hl_startCpxCardMonitoring\",\"s_sessionId\":\"x\",\"i_checkingInterval\":1}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertTrue(answer.body(), answer.body().contains("monitoring WebSocket only"));
    }

    /** The sandbox started again, on the ports it had. */
    private void startAgainOn(int port, int monitoring) throws Exception {
        sandbox = DmpSandbox.start(folder.getRoot().toPath(), new InetSocketAddress("127.0.0.1", port),
                new InetSocketAddress("127.0.0.1", monitoring));
    }

    /** @return the PINs presented to the sandbox's CPS through hl_readCpxCard so far */
    private long presentations() {
        return sandbox.counts().getOrDefault("hl_readCpxCard", 0L);
    }

    /** The watch started again once the cards moved, then no more: no session opened over three checking intervals. */
    private void assertSettles() throws InterruptedException {
        long sessions = sandbox.counts().getOrDefault("hl_openSession", 0L);
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until) {
            assertEquals("sessions opened once the cards stayed put", sessions, (long) sandbox.counts().getOrDefault("hl_openSession", 0L));
            Thread.sleep(50);
        }
    }

    /** The monitoring told it all: the watch never failed and started again (which tells everything anew). */
    private void assertNoRestart() {
        assertEquals("one session for the readers", 1L, (long) sandbox.counts().getOrDefault("hl_openSession", 0L));
        assertFalse(told.lines().toString(), told.lines().stream().anyMatch(line -> line.startsWith("unavailable")));
    }
}
