package com.medialogis.dmp.status.internal;

import com.medialogis.dmp.card.CardReaders;
import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.PinOutcome;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DmpConnector;
import com.medialogis.dmp.connector.DmpEnvironment;
import com.medialogis.dmp.connector.DmpState;
import com.medialogis.dmp.connector.DmpStatus;
import com.medialogis.dmp.connector.PatientForm;
import com.medialogis.dmp.connector.SessionState;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsSystem;
import com.medialogis.dmp.status.DmpStatusService;
import com.medialogis.dmp.status.PatientStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The toolbar state through the bound connector, cached per identifier. A cached answer is used
 * while it is younger than the time-to-live and was given in the connector's current DMP session
 * (another session may be another doctor, with other authorizations). The connector is bound
 * optional, dynamic and greedy: replacing the driver bundle never recreates this component. The
 * driver is the one with the highest {@code service.ranking}, or the one the configuration's
 * {@code connector.target} filter names (a DS reference target, so not a metatype attribute: an
 * empty default would match no driver).
 */
@Component(configurationPid = CachedDmpStatus.PID)
@Designate(ocd = CachedDmpStatus.Config.class)
public final class CachedDmpStatus implements DmpStatusService {

    /** Shared with the dmp: commands, so that one {@code connector.target} names the driver of both. */
    public static final String PID = "com.medialogis.dmp.status";

    @ObjectClassDefinition(name = "DMP status",
            description = "The patient's DMP state shown by the practice program, and which DMP connector serves it.")
    public @interface Config {
        @AttributeDefinition(description = "How long, in seconds, a DMP answer is shown without asking again (1 to 3600).")
        int ttl_seconds() default 30;

        @AttributeDefinition(description = "How many patients' answers are kept (100 to 1000000); the least recently asked go first.")
        int cache_entries() default 10_000;
    }

    private static final Logger LOG = LoggerFactory.getLogger(CachedDmpStatus.class);

    /** What the DMP answered, when, and in which session. */
    private record Answer(DmpStatus status, Instant answered, Instant session) {}

    private record Key(InsSystem system, String value) {
        static Key of(Ins ins) {
            return new Key(ins.system(), ins.value());
        }
    }

    private final Duration ttl;
    private final Clock clock;
    private final Map<Key, Answer> answers;
    private final AtomicReference<DmpConnector> connector = new AtomicReference<>();

    private final AtomicReference<CardReaders> cards = new AtomicReference<>();

    @Activate
    public CachedDmpStatus(Config config) {
        this(ttl(config.ttl_seconds()), entries(config.cache_entries()), Clock.systemUTC());
    }

    CachedDmpStatus(Duration ttl, int entries, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
        this.answers = new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Answer> eldest) {
                return size() > entries;
            }
        };
    }

    private static Duration ttl(int seconds) {
        if (seconds < 1 || seconds > 3600) {
            throw new IllegalArgumentException(PID + ": ttl.seconds must be between 1 and 3600, not " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    private static int entries(int entries) {
        if (entries < 100 || entries > 1_000_000) {
            throw new IllegalArgumentException(PID + ": cache.entries must be between 100 and 1000000, not " + entries);
        }
        return entries;
    }

    @Reference(name = "connector", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindConnector(DmpConnector bound) {
        connector.set(bound);
        Bundle driver = FrameworkUtil.getBundle(bound.getClass());
        LOG.info("DMP status served by the {} connector{}", bound.name(),
                driver == null ? "" : " (" + driver.getSymbolicName() + " " + driver.getVersion() + ")");
    }

    /** The card service, when there is one: the CPS is checked before a DMP session is opened. */
    @Reference(name = "cards", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindCards(CardReaders bound) {
        cards.set(bound);
    }

    public void unbindCards(CardReaders unbound) {
        cards.compareAndSet(unbound, null);
    }

    /** A greedy replacement binds the new driver before unbinding the old one: only the old one is cleared. */
    public void unbindConnector(DmpConnector unbound) {
        if (connector.compareAndSet(unbound, null)) {
            LOG.info("DMP status: no DMP connector bound");
        }
    }

    @Override
    public PatientStatus status(Optional<Ins> ins) throws ConnectorException {
        if (ins.isEmpty()) {
            return new PatientStatus(DmpStatus.of(DmpState.NO_IDENTIFIER), clock.instant(), Duration.ZERO);
        }
        DmpConnector current = current();
        Instant now = clock.instant();
        Answer cached;
        synchronized (answers) {
            cached = answers.get(Key.of(ins.get()));
        }
        if (cached != null && cached.session().equals(current.session().since())) {
            Duration age = Duration.between(cached.answered(), now);
            if (!age.isNegative() && age.compareTo(ttl) < 0) {
                return new PatientStatus(cached.status(), cached.answered(), age);
            }
        }
        return ask(current, ins.get());
    }

    @Override
    public PatientStatus refresh(Ins ins) throws ConnectorException {
        return ask(current(), ins);
    }

    @Override
    public PatientStatus create(Ins ins, PatientForm form) throws ConnectorException {
        return change(ins, driver -> driver.create(ins, form));
    }

    @Override
    public PatientStatus reactivate(Ins ins, PatientForm form) throws ConnectorException {
        return change(ins, driver -> driver.reactivate(ins, form));
    }

    @Override
    public PatientStatus authorize(Ins ins, boolean granted) throws ConnectorException {
        return change(ins, driver -> driver.authorize(ins, granted));
    }

    /** A change made through the driver in use. */
    @FunctionalInterface
    private interface Change {
        void apply(DmpConnector driver) throws ConnectorException;
    }

    /** The cached answer is dropped first: a change that fails half-way leaves nothing stale. */
    private PatientStatus change(Ins ins, Change change) throws ConnectorException {
        DmpConnector current = current();
        forget(ins);
        change.apply(current);
        return ask(current, ins);
    }

    @Override
    public void checkSessionCanOpen(boolean lastTryConfirmed) throws ConnectorException {
        check(current(), lastTryConfirmed);
    }

    @Override
    public SessionState openSession(char[] pin, boolean lastTryConfirmed) throws ConnectorException {
        try {
            DmpConnector driver = current();
            Optional<CpsCard> cps = check(driver, lastTryConfirmed);
            if (cps.isPresent() && cps.get().holder().isEmpty()) {
                verifyOnCard(cps.get(), pin.clone(), lastTryConfirmed);
                checkEnvironment(driver, cps.get());
            }
            driver.openSession(pin);
            CardReaders readers = cards.get();
            if (readers != null) {
                readers.retryVitaleSources(); // a Vitale card inserted before the session may be read through it now
            }
            return driver.session();
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    /**
     * The rules of {@link #checkSessionCanOpen}: the PIN is never retried, and a real doctor never
     * works on a simulated DMP (checked later for a card whose holder is read with the PIN only).
     *
     * @return the CPS checked, or empty without the card service
     */
    private Optional<CpsCard> check(DmpConnector driver, boolean lastTryConfirmed) throws ConnectorException {
        CardReaders readers = cards.get();
        if (readers == null) {
            return Optional.empty();
        }
        CpsCard cps = readers.cps().orElseThrow(() -> new ConnectorException(ConnectorException.Kind.TRANSIENT, NO_CPS,
                "no CPS in a reader: insert the doctor's card"));
        if (cps.holder().isPresent()) {
            checkEnvironment(driver, cps);
        }
        PinOutcome tries = cps.pinTries();
        Optional<String> refusal = tries.refusesPin(lastTryConfirmed);
        if (refusal.isPresent()) {
            throw new ConnectorException(ConnectorException.Kind.PERMANENT, tries.triesLeft() == 1 ? LAST_TRY_NOT_CONFIRMED
                    : PIN_NOT_TRIED, refusal.get());
        }
        return Optional.of(cps);
    }

    private static void checkEnvironment(DmpConnector driver, CpsCard cps) throws ConnectorException {
        if (cps.isTest()) {
            return;
        }
        DmpEnvironment environment = driver.environment();
        if (environment == DmpEnvironment.SIMULATED) {
            throw new ConnectorException(ConnectorException.Kind.PERMANENT, SIMULATED_DMP, "this CPS is a real card and the"
                    + " DMP answering is a simulation (the DMP sandbox of the demo): a real doctor's work must never go to it;"
                    + " use a test CPS, or point the driver at the Efficience service and turn the sandbox off");
        }
        if (environment == DmpEnvironment.UNKNOWN) {
            throw new ConnectorException(ConnectorException.Kind.TRANSIENT, DMP_ENVIRONMENT_UNKNOWN, "this CPS is a real card"
                    + " and the Efficience service did not answer in time to tell whether it is the DMP sandbox: try again");
        }
    }

    /** The PIN presented to the card once (the copy is wiped by the card); anything but VERIFIED ends the opening. */
    private static void verifyOnCard(CpsCard cps, char[] pin, boolean lastTryConfirmed) throws ConnectorException {
        PinOutcome outcome = cps.verifyPin(pin, lastTryConfirmed);
        String code = switch (outcome.status()) {
            case VERIFIED -> null;
            case WRONG_PIN -> WRONG_PIN;
            case LAST_TRY_NOT_CONFIRMED -> LAST_TRY_NOT_CONFIRMED;
            case INVALID_PIN -> DmpStatusService.INVALID_PIN;
            default -> PIN_NOT_TRIED;
        };
        if (code != null) {
            throw new ConnectorException(ConnectorException.Kind.PERMANENT, code, outcome.detail());
        }
    }

    private DmpConnector current() throws ConnectorException {
        DmpConnector current = connector.get();
        if (current == null) {
            throw ConnectorException.noConnector();
        }
        return current;
    }

    /** The session is read before the call: an answer is never filed under a session that began after it. */
    private PatientStatus ask(DmpConnector current, Ins ins) throws ConnectorException {
        Instant session = current.session().since();
        DmpStatus status = current.status(ins);
        Instant answered = clock.instant();
        synchronized (answers) {
            answers.put(Key.of(ins), new Answer(status, answered, session));
        }
        return new PatientStatus(status, answered, Duration.ZERO);
    }

    private void forget(Ins ins) {
        synchronized (answers) {
            answers.remove(Key.of(ins));
        }
    }
}
