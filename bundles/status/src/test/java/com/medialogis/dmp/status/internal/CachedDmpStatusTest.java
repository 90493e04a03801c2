package com.medialogis.dmp.status.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.card.CardReaders;
import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.CpsHolder;
import com.medialogis.dmp.card.PinOutcome;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DmpState;
import com.medialogis.dmp.connector.PatientForm;
import com.medialogis.dmp.connector.PatientForm.Sex;
import com.medialogis.dmp.connector.SessionState;
import com.medialogis.dmp.efficience.internal.EfficienceConnector;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsSystem;
import com.medialogis.dmp.sandbox.internal.DmpSandbox;
import com.medialogis.dmp.status.DmpAction;
import com.medialogis.dmp.status.DmpStatusService;
import com.medialogis.dmp.status.PatientStatus;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The status cache in front of the Efficience driver and the sandbox, counting what reached the DMP. */
public class CachedDmpStatusTest {

    private final AtomicInteger vitaleRetries = new AtomicInteger();

    private static final String STATUS_COMMAND = "hl_getDirectAuthenticationDMPStatus";
    private static final Ins AUTHORIZED = insc("1541187387477485562488");
    private static final Ins CLOSED = insc("1212369615611735941658");
    private static final Ins NOT_FOUND = insc("0505594846430100619097");
    private static final Duration TTL = Duration.ofSeconds(30);

    /** A clock the test moves by hand. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T09:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }
    }

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final TestClock clock = new TestClock();
    private DmpSandbox sandbox;
    private EfficienceConnector driver;
    private CachedDmpStatus statuses;

    @Before
    public void start() throws Exception {
        sandbox = DmpSandbox.start(folder.getRoot().toPath(), new InetSocketAddress("127.0.0.1", 0));
        driver = newDriver();
        driver.openSession("1234".toCharArray());
        statuses = new CachedDmpStatus(TTL, 100, clock);
        statuses.bindConnector(driver);
    }

    @After
    public void stop() {
        sandbox.close();
    }

    private EfficienceConnector newDriver() {
        return new EfficienceConnector(URI.create("http://127.0.0.1:" + sandbox.port()), Duration.ofSeconds(2), Optional.empty());
    }

    private long dmpCalls() {
        return sandbox.counts().getOrDefault(STATUS_COMMAND, 0L);
    }

    private static Ins insc(String value) {
        return new Ins(value, InsSystem.INS_C, Ins.Status.COMPUTED);
    }

    /** A card service holding one CPS (or none), as the card bundle would, counting the requests to read Vitale cards again. */
    private CardReaders readersWith(Optional<CpsCard> cps) {
        return (CardReaders) Proxy.newProxyInstance(CachedDmpStatusTest.class.getClassLoader(), new Class<?>[] {CardReaders.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "cps" -> cps;
                    case "retryVitaleSources" -> {
                        vitaleRetries.incrementAndGet();
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static CpsCard cps(boolean test, PinOutcome tries) {
        return (CpsCard) Proxy.newProxyInstance(CachedDmpStatusTest.class.getClassLoader(), new Class<?>[] {CpsCard.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "holder" -> Optional.of(new CpsHolder("DUPONT", "JEANNE", test ? "899700000001" : "810100000002", "Médecin",
                            Optional.empty()));
                    case "isTest" -> test;
                    case "pinTries" -> tries;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /**
     * A CPS read through a service that owns the readers: its holder known once its PIN was
     * verified, which answers {@code verified}; whether each PIN presented was the right one is kept.
     */
    private static CpsCard cpsReadWithPin(boolean test, PinOutcome verified, List<Boolean> presented) {
        AtomicBoolean known = new AtomicBoolean();
        return (CpsCard) Proxy.newProxyInstance(CachedDmpStatusTest.class.getClassLoader(), new Class<?>[] {CpsCard.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "holder" -> known.get() ? Optional.of(new CpsHolder("DUPONT", "JEANNE", test ? "899700000001" : "810100000002",
                            "Médecin", Optional.empty())) : Optional.empty();
                    case "isTest" -> known.get() && test;
                    case "pinTries" -> new PinOutcome(PinOutcome.Status.TRIES_LEFT, 3, "3 tries left");
                    case "verifyPin" -> {
                        char[] pin = (char[]) args[0];
                        presented.add(Arrays.equals(pin, "1234".toCharArray()));
                        Arrays.fill(pin, '\0');
                        known.set(verified.status() == PinOutcome.Status.VERIFIED);
                        yield verified;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private long connectorsCreated() {
        return sandbox.counts().getOrDefault("hl_createDmpConnector", 0L);
    }

    @Test
    public void aCpsWhoseHolderComesWithThePinIsGivenItFirstAndTheDriverOnlyARightOne() throws Exception {
        List<Boolean> presented = new ArrayList<>();
        long before = connectorsCreated();
        statuses.bindCards(readersWith(Optional.of(cpsReadWithPin(true, new PinOutcome(PinOutcome.Status.WRONG_PIN, 2,
                "wrong PIN: 2 PIN tries left"), presented))));
        statuses.checkSessionCanOpen(false);
        char[] wrong = "0000".toCharArray();
        ConnectorException refused = assertThrows(ConnectorException.class, () -> statuses.openSession(wrong, false));
        assertEquals(DmpStatusService.WRONG_PIN, refused.dmpCode());
        assertEquals("wrong PIN: 2 PIN tries left", refused.getMessage());
        assertWiped(wrong);
        assertEquals("presented once, to the card", List.of(false), presented);
        assertEquals("the driver never had it", before, connectorsCreated());

        statuses.bindCards(readersWith(Optional.of(cpsReadWithPin(true, new PinOutcome(PinOutcome.Status.VERIFIED, 3, "PIN verified"),
                presented))));
        assertEquals(SessionState.State.OPEN, statuses.openSession("1234".toCharArray(), false).state());
        assertEquals(List.of(false, true), presented);
        assertEquals("then the driver, once", before + 1, connectorsCreated());
    }

    @Test
    public void aRealCpsKnownOnlyWithThePinIsToldOnceItsHolderIsReadAndNoDmpConnectorIsCreatedWithIt() throws Exception {
        List<Boolean> presented = new ArrayList<>();
        long before = connectorsCreated();
        statuses.bindCards(readersWith(Optional.of(cpsReadWithPin(false, new PinOutcome(PinOutcome.Status.VERIFIED, 3, "PIN verified"),
                presented))));
        statuses.checkSessionCanOpen(false);
        ConnectorException refused = assertThrows(ConnectorException.class, () -> statuses.openSession("1234".toCharArray(), false));
        assertEquals(DmpStatusService.SIMULATED_DMP, refused.dmpCode());
        assertEquals(List.of(true), presented);
        assertEquals("no DMP connector of the sandbox was created with the real card's PIN", before, connectorsCreated());
    }

    private String refusal(CardReaders readers, boolean confirmed) {
        statuses.bindCards(readers);
        return assertThrows(ConnectorException.class, () -> statuses.checkSessionCanOpen(confirmed)).dmpCode();
    }

    @Test
    public void aSessionIsOpenedOnlyWithACpsThatMayBeTriedAndNeverARealOneOnTheSandbox() throws Exception {
        PinOutcome three = new PinOutcome(PinOutcome.Status.TRIES_LEFT, 3, "3 tries left");
        PinOutcome one = new PinOutcome(PinOutcome.Status.TRIES_LEFT, 1, "1 try left");
        assertEquals("NO_CPS", refusal(readersWith(Optional.empty()), false));
        assertEquals("PIN_NOT_TRIED", refusal(readersWith(Optional.of(cps(true,
                new PinOutcome(PinOutcome.Status.BLOCKED, 0, "the card is blocked")))), true));
        assertEquals("LAST_TRY_NOT_CONFIRMED", refusal(readersWith(Optional.of(cps(true, one))), false));
        assertEquals("the DMP here is the sandbox", "SIMULATED_DMP", refusal(readersWith(Optional.of(cps(false, three))), false));

        char[] pin = "1234".toCharArray();
        assertEquals("SIMULATED_DMP", assertThrows(ConnectorException.class, () -> statuses.openSession(pin, false)).dmpCode());
        assertWiped(pin);

        statuses.bindCards(readersWith(Optional.of(cps(true, one))));
        statuses.checkSessionCanOpen(true);
        statuses.bindCards(readersWith(Optional.of(cps(true, three))));
        assertEquals("no session yet, no Vitale card asked again", 0, vitaleRetries.get());
        assertEquals(SessionState.State.OPEN, statuses.openSession("1234".toCharArray(), false).state());
        assertEquals("the session open, the Vitale cards the driver could not read are asked again", 1, vitaleRetries.get());
    }

    @Test
    public void aRealCpsOpensNoSessionWhileTheDriverCannotTellWhichDmpAnswers() throws Exception {
        PinOutcome three = new PinOutcome(PinOutcome.Status.TRIES_LEFT, 3, "3 tries left");
        sandbox.close();
        ConnectorException unknown = assertThrows(ConnectorException.class, () -> {
            statuses.bindCards(readersWith(Optional.of(cps(false, three))));
            statuses.checkSessionCanOpen(false);
        });
        assertEquals("DMP_ENVIRONMENT_UNKNOWN", unknown.dmpCode());
        assertTrue(unknown.isTransient());
        statuses.bindCards(readersWith(Optional.of(cps(true, three))));
        statuses.checkSessionCanOpen(false);
    }

    private static void assertWiped(char[] pin) {
        assertEquals("the PIN is wiped", new String(new char[pin.length]), new String(pin));
    }

    @Test
    public void noIdentifierIsAnsweredWithoutAConnectorOrACall() throws Exception {
        statuses.unbindConnector(driver);
        PatientStatus status = statuses.status(Optional.empty());
        assertEquals(DmpState.NO_IDENTIFIER, status.dmp().state());
        assertEquals(DmpAction.NONE, status.action());
        assertEquals(0, dmpCalls());
    }

    @Test
    public void withoutConnectorACallFailsAtOnceAndTransiently() {
        statuses.unbindConnector(driver);
        ConnectorException e = assertThrows(ConnectorException.class, () -> statuses.status(Optional.of(AUTHORIZED)));
        assertTrue(e.isTransient());
        assertEquals(ConnectorException.NO_CONNECTOR, e.dmpCode());
    }

    @Test
    public void anAnswerIsReusedWithItsAgeUntilItsTimeToLiveEnds() throws Exception {
        PatientStatus first = statuses.status(Optional.of(AUTHORIZED));
        assertEquals(DmpState.AUTHORIZED, first.dmp().state());
        assertEquals(DmpAction.OPEN, first.action());
        assertEquals(Duration.ZERO, first.age());
        clock.advance(Duration.ofSeconds(29));
        PatientStatus cached = statuses.status(Optional.of(AUTHORIZED));
        assertEquals(DmpState.AUTHORIZED, cached.dmp().state());
        assertEquals(Duration.ofSeconds(29), cached.age());
        assertEquals(first.answered(), cached.answered());
        assertEquals(1, dmpCalls());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Duration.ZERO, statuses.status(Optional.of(AUTHORIZED)).age());
        assertEquals(2, dmpCalls());
    }

    @Test
    public void refreshAsksTheDmpEvenWhenTheAnswerIsFresh() throws Exception {
        statuses.status(Optional.of(AUTHORIZED));
        statuses.refresh(AUTHORIZED);
        assertEquals(2, dmpCalls());
    }

    @Test
    public void creationReactivationAndAuthorizationRefreshTheAnswer() throws Exception {
        assertEquals(DmpState.NOT_FOUND, statuses.status(Optional.of(NOT_FOUND)).dmp().state());
        assertEquals(DmpState.AUTHORIZED, statuses.create(NOT_FOUND, form(true)).dmp().state());
        assertEquals("the cache holds the new state", DmpState.AUTHORIZED, statuses.status(Optional.of(NOT_FOUND)).dmp().state());

        PatientStatus closed = statuses.status(Optional.of(CLOSED));
        assertEquals(DmpState.CLOSED, closed.dmp().state());
        assertEquals(Optional.of(LocalDate.of(2024, 6, 30)), closed.dmp().closedOn());
        assertEquals(DmpAction.REACTIVATE, closed.action());
        assertEquals(DmpState.AUTHORIZED, statuses.reactivate(CLOSED, form(true)).dmp().state());

        assertEquals(DmpState.NOT_AUTHORIZED, statuses.authorize(AUTHORIZED, false).dmp().state());
        assertEquals(DmpState.NOT_AUTHORIZED, statuses.status(Optional.of(AUTHORIZED)).dmp().state());
    }

    @Test
    public void aRefusedChangeLeavesNoStaleAnswer() throws Exception {
        statuses.status(Optional.of(NOT_FOUND));
        assertThrows(ConnectorException.class, () -> statuses.create(NOT_FOUND, form(false)));
        statuses.status(Optional.of(NOT_FOUND));
        assertEquals("the answer was asked again", 2, dmpCalls());
    }

    @Test
    public void anotherSessionDoesNotSeeTheAnswersOfThePreviousOne() throws Exception {
        statuses.status(Optional.of(AUTHORIZED));
        driver.closeSession();
        driver.openSession("1234".toCharArray());
        statuses.status(Optional.of(AUTHORIZED));
        assertEquals(2, dmpCalls());
    }

    @Test
    public void aGreedyReplacementKeepsServingAndTheOldDriverLeavingChangesNothing() throws Exception {
        EfficienceConnector next = newDriver();
        next.openSession("1234".toCharArray());
        statuses.bindConnector(next);
        statuses.unbindConnector(driver);
        assertEquals(DmpState.AUTHORIZED, statuses.status(Optional.of(AUTHORIZED)).dmp().state());
        statuses.unbindConnector(next);
        assertThrows(ConnectorException.class, () -> statuses.status(Optional.of(AUTHORIZED)));
    }

    @Test
    public void theLeastRecentlyAskedPatientLeavesAFullCache() throws Exception {
        statuses.status(Optional.of(AUTHORIZED));
        for (int i = 0; i < 100; i++) {
            statuses.status(Optional.of(insc(String.format("99%020d", i))));
        }
        long before = dmpCalls();
        statuses.status(Optional.of(AUTHORIZED));
        assertEquals(before + 1, dmpCalls());
    }

    @Test
    public void settingsOutOfRangeAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CachedDmpStatus(config(0, 10_000)));
        assertTrue(e.getMessage(), e.getMessage().contains("ttl.seconds must be between 1 and 3600, not 0"));
        e = assertThrows(IllegalArgumentException.class, () -> new CachedDmpStatus(config(30, 5)));
        assertTrue(e.getMessage(), e.getMessage().contains("cache.entries must be between 100 and 1000000, not 5"));
    }

    private static CachedDmpStatus.Config config(int ttl, int entries) {
        return new CachedDmpStatus.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return CachedDmpStatus.Config.class;
            }

            @Override
            public int ttl_seconds() {
                return ttl;
            }

            @Override
            public int cache_entries() {
                return entries;
            }
        };
    }

    private static PatientForm form(boolean consent) {
        return new PatientForm(Optional.empty(), "MARTIN", "PAUL", LocalDate.of(1980, 1, 2), Sex.MALE,
                Optional.empty(), false, Optional.empty(), false, Optional.empty(), false, false, consent);
    }
}
