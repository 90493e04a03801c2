package com.medialogis.dmp.bridge.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.bridge.internal.licence.LicenceService;
import com.medialogis.dmp.card.CardReaders;
import com.medialogis.dmp.card.ReaderStatus;
import com.medialogis.dmp.connector.Access;
import com.medialogis.dmp.connector.DepositReceipt;
import com.medialogis.dmp.connector.DmpConnector;
import com.medialogis.dmp.connector.DmpEnvironment;
import com.medialogis.dmp.connector.DmpStatus;
import com.medialogis.dmp.connector.DocumentContent;
import com.medialogis.dmp.connector.DocumentEntry;
import com.medialogis.dmp.connector.DocumentMetadata;
import com.medialogis.dmp.connector.DocumentQuery;
import com.medialogis.dmp.connector.PatientForm;
import com.medialogis.dmp.connector.SessionState;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.status.DmpStatusService;
import com.medialogis.dmp.status.PatientStatus;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.Test;


/** The session the bridge opened for the practice program, closed when the program goes silent or closes; no other. */
public class EfficienceHeartbeatTest {

    private static final String DEMO_CODE = "MDL1.eyJwcmFjdGljZSI6IkNhYmluZXQgZGUgZMOpbW9uc3RyYXRpb24iLCJvcHRpb25zIjpbIkRNUCDigJMgRWZmaWNpZW5jZSJdLCJpc3N1ZWQiOiIyMDI2LTExLTMwIiwiZXhwaXJlcyI6IjIwMzAtMTItMzEiLCJrZXkiOiIzYjFiZDgyMDFmZDFhMzU4In0.s1_hB3WnpWsJydbXCTQNTX3cjhlnS7JxUF8JORcbpcme_FmreSC2Kb66_Qn4tQkc-88GIOWFqY9LxOep6My2Bw";

    /** A clock the test moves. */
    private static final class Moving extends Clock {
        Instant now = Instant.parse("2026-11-30T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(now, zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A driver whose session the test opens and closes. */
    private static final class Driver implements DmpConnector {
        SessionState session = new SessionState(SessionState.State.CLOSED, "", Instant.EPOCH);
        DmpEnvironment environment = DmpEnvironment.SIMULATED;
        int closed;

        @Override
        public String name() {
            return "test";
        }

        @Override
        public SessionState session() {
            return session;
        }

        @Override
        public DmpEnvironment environment() {
            return environment;
        }

        @Override
        public void openSession(char[] pin) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void closeSession() {
            closed++;
            session = new SessionState(SessionState.State.CLOSED, "", Instant.now());
        }

        @Override
        public DmpStatus status(Ins ins) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void create(Ins ins, PatientForm form) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void reactivate(Ins ins, PatientForm form) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void authorize(Ins ins, boolean granted) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void access(Ins ins, Access access) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<DocumentEntry> find(Ins ins, DocumentQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long retrieve(Ins ins, String uniqueId, OutputStream into) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DepositReceipt deposit(Ins ins, DocumentMetadata metadata, DocumentContent content) {
            throw new UnsupportedOperationException();
        }
    }

    private final Moving clock = new Moving();
    private final Driver driver = new Driver();
    private char[] pinSeen;

    private final DmpStatusService statuses = new DmpStatusService() {
        @Override
        public PatientStatus status(Optional<Ins> ins) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PatientStatus refresh(Ins ins) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PatientStatus create(Ins ins, PatientForm form) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PatientStatus reactivate(Ins ins, PatientForm form) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PatientStatus authorize(Ins ins, boolean granted) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void checkSessionCanOpen(boolean lastTryConfirmed) {
        }

        @Override
        public SessionState openSession(char[] pin, boolean lastTryConfirmed) {
            pinSeen = pin;
            driver.session = new SessionState(SessionState.State.OPEN, "", clock.instant());
            return driver.session;
        }
    };

    private final CardReaders readers = new CardReaders() {
        @Override
        public List<com.medialogis.dmp.card.Reader> readers() {
            return List.of();
        }

        @Override
        public ReaderStatus status() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<com.medialogis.dmp.card.CpsCard> cps() {
            return Optional.empty();
        }

        @Override
        public Optional<com.medialogis.dmp.card.VitaleCard> vitale() {
            return Optional.empty();
        }
    };

    private static LicenceService licence(String code) {
        return new LicenceService(new LicenceService.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LicenceService.Config.class;
            }

            @Override
            public String code() {
                return code;
            }

            @Override
            public String practice() {
                return "";
            }
        });
    }

    private ConnectorHolder holder() {
        ConnectorHolder holder = new ConnectorHolder();
        holder.bindConnector(driver);
        return holder;
    }

    private EfficienceResource button(String code) {
        EfficienceResource button = new EfficienceResource(new EfficienceResource.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return EfficienceResource.Config.class;
            }

            @Override
            public String program() {
                return "";
            }

            @Override
            public int start_wait_seconds() {
                return 30;
            }

            @Override
            public int heartbeat_seconds() {
                return 60;
            }
        }, licence(code), statuses, readers, holder(), clock);
        return button;
    }

    @Test
    public void theSessionOpenedForTheProgramClosesWhenItsHeartbeatStops() throws Exception {
        EfficienceResource button = button(DEMO_CODE);
        EfficienceResource.EfficienceView started = button.start(new EfficienceResource.StartBody("1234".toCharArray(), false));
        assertTrue(started.openedByBridge());
        assertEquals("OPEN", started.session());
        assertEquals("the PIN is wiped once used", "\0\0\0\0", new String(pinSeen));

        clock.now = clock.now.plusSeconds(50);
        button.heartbeat();
        clock.now = clock.now.plusSeconds(50);
        button.closeWhenSilent();
        assertEquals("a heartbeat 50 s ago keeps it open", 0, driver.closed);
        clock.now = clock.now.plusSeconds(11);
        button.closeWhenSilent();
        assertEquals(1, driver.closed);
        assertFalse(button.state().openedByBridge());
    }

    @Test
    public void aSessionOpenedOtherwiseIsLeftAlone() throws Exception {
        EfficienceResource button = button(DEMO_CODE);
        button.start(new EfficienceResource.StartBody("1234".toCharArray(), false));
        clock.now = clock.now.plusSeconds(1);
        driver.session = new SessionState(SessionState.State.OPEN, "", clock.instant());
        assertFalse("the shell opened another session since", button.state().openedByBridge());
        button.closing();
        clock.now = clock.now.plusSeconds(3600);
        button.closeWhenSilent();
        assertEquals(0, driver.closed);
    }

    @Test
    public void theProgramClosingClosesTheSessionTheBridgeOpened() throws Exception {
        EfficienceResource button = button(DEMO_CODE);
        button.start(new EfficienceResource.StartBody("1234".toCharArray(), false));
        button.closing();
        assertEquals(1, driver.closed);
        button.closing();
        assertEquals("closed once", 1, driver.closed);
    }

    @Test
    public void theDemonstrationLicenceOpensNoRealDmp() {
        driver.environment = DmpEnvironment.PRODUCTION;
        EfficienceResource button = button(DEMO_CODE);
        ApiProblem refused = assertThrows(ApiProblem.class, () -> button.start(new EfficienceResource.StartBody("1234".toCharArray(),
                false)));
        assertEquals("LICENCE_REQUIRED", refused.error().code());
        assertTrue(refused.error().detail(), refused.error().detail().startsWith("DEMO_ONLY: demonstration licence of"));
        assertFalse(button.state().licensed());
        assertEquals("no session was opened", null, pinSeen);
    }

    @Test
    public void withoutTheLicenceOptionNothingStartsAndThePinIsStillWiped() {
        EfficienceResource button = button("");
        char[] pin = "1234".toCharArray();
        ApiProblem refused = assertThrows(ApiProblem.class, () -> button.start(new EfficienceResource.StartBody(pin, false)));
        assertEquals("LICENCE_REQUIRED", refused.error().code());
        assertEquals(EfficienceResource.CALL_US, refused.error().message());
        assertEquals("MISSING: no licence code is configured", refused.error().detail());
        assertTrue(Arrays.equals(new char[4], pin));
        assertEquals("SIMULATED", button.state().environment());
        assertFalse(button.state().licensed());
        assertThrows(ApiProblem.class, button::stop);
        assertEquals(0, driver.closed);
    }
}
