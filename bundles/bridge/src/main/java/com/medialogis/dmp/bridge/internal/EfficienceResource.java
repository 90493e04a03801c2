package com.medialogis.dmp.bridge.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.medialogis.dmp.bridge.internal.licence.Licence;
import com.medialogis.dmp.bridge.internal.licence.LicenceCodes;
import com.medialogis.dmp.bridge.internal.licence.LicenceService;
import com.medialogis.dmp.card.CardReaders;
import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.PinOutcome;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DmpConnector;
import com.medialogis.dmp.connector.DmpEnvironment;
import com.medialogis.dmp.connector.SessionState;
import com.medialogis.dmp.status.DmpStatusService;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The Efficience button: its state (licence, service, DMP session, CPS), "start" (the configured
 * Efficience program launched when the service does not answer, then the session opened with the
 * PIN given once) and "stop". A session the bridge opened is closed, with the program it launched,
 * when the practice program says it closes or stops its heartbeat; one opened otherwise (the
 * shell) is left alone. Every action but the state needs the licence option "DMP – Efficience".
 */
@Component(service = EfficienceResource.class, configurationPid = EfficienceResource.PID)
@Designate(ocd = EfficienceResource.Config.class)
@JaxrsResource
@JaxrsApplicationSelect(BridgeApplication.SELECT)
@Path("efficience")
@Produces(MediaType.APPLICATION_JSON)
public class EfficienceResource {

    static final String PID = "com.medialogis.dmp.bridge.efficience";
    private static final Logger LOG = LoggerFactory.getLogger(EfficienceResource.class);
    /** The manual's sentence for a licence without the option. */
    static final String CALL_US = "Si ce bouton n'apparaît pas, appelez-nous afin d'obtenir un nouveau code licence intégrant l'option"
            + " « DMP – Efficience ».";

    @ObjectClassDefinition(name = "DMP bridge: the Efficience button",
            description = "How the bridge starts Efficience and watches the practice program.")
    public @interface Config {
        @AttributeDefinition(description = "The Efficience program to launch when its service does not answer (an executable file);"
                + " empty: never launched.")
        String program() default "";

        @AttributeDefinition(description = "Longest wait, in seconds (1 to 300), for a launched Efficience to answer.")
        int start_wait_seconds() default 30;

        @AttributeDefinition(description = "Seconds (10 to 3600) without a heartbeat of the practice program after which the"
                + " session the bridge opened for it is closed.")
        int heartbeat_seconds() default 60;
    }

    /**
     * @param pin the CPS holder's code, 4 to 8 digits: wiped once used, never kept nor logged
     * @param lastTryConfirmed the user confirmed spending the card's last try
     */
    public record StartBody(@JsonDeserialize(using = PinDeserializer.class) char[] pin, boolean lastTryConfirmed) {
        /** Names no PIN. */
        @Override
        public String toString() {
            return "StartBody[lastTryConfirmed=" + lastTryConfirmed + "]";
        }
    }

    /** A PIN read from a JSON string into a char array, never into a String; any other JSON is refused. */
    public static final class PinDeserializer extends StdDeserializer<char[]> {
        private static final long serialVersionUID = 1L;

        public PinDeserializer() {
            super(char[].class);
        }

        @Override
        public char[] deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (char[]) context.handleUnexpectedToken(char[].class, parser);
            }
            return Arrays.copyOfRange(parser.getTextCharacters(), parser.getTextOffset(),
                    parser.getTextOffset() + parser.getTextLength());
        }
    }

    /** The CPS in the reader: its holder and its PIN tries left (-1 unknown), read without spending one. */
    public record CpsView(String holder, int triesLeft, boolean blocked, boolean test) {}

    /** @param verdict VALID, MISSING, MALFORMED, FOREIGN, TAMPERED, EXPIRED or OTHER_PRACTICE */
    public record LicenceView(String verdict, String practice, String expires, boolean demo, boolean efficienceOption, String detail) {}

    /**
     * The button's state.
     *
     * @param licensed the Efficience actions are allowed
     * @param message what to do when they are not: the manual's sentence; null otherwise
     * @param serviceRunning the Efficience service answers
     * @param environment which DMP answers: PRODUCTION, SIMULATED, UNKNOWN
     * @param session OPEN or CLOSED
     * @param openedByBridge the bridge opened the session for the practice program (and closes it)
     * @param cps the doctor's CPS, or null when none is in a reader
     */
    public record EfficienceView(boolean licensed, LicenceView licence, String message, boolean serviceRunning, String environment,
            String session, boolean openedByBridge, CpsView cps) {}

    private final LicenceService licence;
    private final DmpStatusService statuses;
    private final CardReaders readers;
    private final Config config;
    private final Clock clock;
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "dmp-bridge-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private final ConnectorHolder connector;
    /** The session the bridge opened, by its start; null when it opened none (or closed it). */
    private Instant opened;
    private Instant lastBeat;
    private Process launched;

    @Activate
    public EfficienceResource(Config config, @Reference LicenceService licence, @Reference DmpStatusService statuses,
            @Reference CardReaders readers, @Reference ConnectorHolder connector) {
        this(config, licence, statuses, readers, connector, Clock.systemUTC());
        watch.scheduleWithFixedDelay(this::closeWhenSilent, 5, 5, TimeUnit.SECONDS);
    }

    EfficienceResource(Config config, LicenceService licence, DmpStatusService statuses, CardReaders readers,
            ConnectorHolder connector, Clock clock) {
        if (config.heartbeat_seconds() < 10 || config.heartbeat_seconds() > 3600) {
            throw new IllegalArgumentException(PID + ": heartbeat.seconds must be between 10 and 3600, not " + config.heartbeat_seconds());
        }
        if (config.start_wait_seconds() < 1 || config.start_wait_seconds() > 300) {
            throw new IllegalArgumentException(PID + ": start.wait.seconds must be between 1 and 300, not "
                    + config.start_wait_seconds());
        }
        this.config = config;
        this.licence = licence;
        this.statuses = statuses;
        this.readers = readers;
        this.connector = connector;
        this.clock = clock;
    }

    /** The bridge stops (or is reconfigured): the session it opened, and the program it launched, go with it. */
    @Deactivate
    void deactivate() {
        watch.shutdownNow();
        closeOurs("the bridge stops");
    }

    @GET
    public EfficienceView state() {
        DmpConnector bound = connector.bound().orElse(null);
        DmpEnvironment environment = bound == null ? DmpEnvironment.UNKNOWN : bound.environment();
        LicenceCodes.Check check = licence.check();
        boolean licensed = LicenceService.refusesEfficience(check, environment).isEmpty();
        LicenceView licenceView = new LicenceView(check.verdict().name(), check.licence().map(Licence::practice).orElse(null),
                check.licence().map(held -> held.expires().toString()).orElse(null), check.licence().map(Licence::demo).orElse(false),
                check.licence().map(held -> held.options().contains(Licence.EFFICIENCE)).orElse(false), check.detail());
        SessionState session = bound == null ? null : bound.session();
        boolean ours;
        synchronized (this) {
            ours = opened != null && session != null && session.state() == SessionState.State.OPEN && opened.equals(session.since());
        }
        return new EfficienceView(licensed, licenceView, licensed ? null : CALL_US, environment != DmpEnvironment.UNKNOWN,
                environment.name(), session == null ? SessionState.State.CLOSED.name() : session.state().name(), ours, cps());
    }

    /** Starts Efficience when its service does not answer, then opens the DMP session with the PIN, once. */
    @POST
    @Path("start")
    @Consumes(MediaType.APPLICATION_JSON)
    public EfficienceView start(StartBody body) throws ConnectorException {
        char[] pin = body == null ? null : body.pin();
        try {
            requireLicence();
            if (pin == null) {
                throw ApiProblem.badField("pin", "the CPS holder's code is required");
            }
            statuses.checkSessionCanOpen(body.lastTryConfirmed());
            ensureServiceRunning();
            SessionState session = statuses.openSession(pin, body.lastTryConfirmed());
            synchronized (this) {
                opened = session.since();
                lastBeat = clock.instant();
            }
            LOG.info("Bridge: DMP session opened for the practice program");
            return state();
        } finally {
            if (pin != null) {
                Arrays.fill(pin, '\0');
            }
        }
    }

    /** "Fermer": closes the DMP session, and the Efficience program the bridge launched. */
    @POST
    @Path("stop")
    public EfficienceView stop() throws ConnectorException {
        requireLicence();
        Process program;
        synchronized (this) {
            opened = null;
            lastBeat = null;
            program = launched;
            launched = null;
        }
        try {
            DmpConnector bound = connector.bound().orElse(null);
            if (bound != null) {
                bound.closeSession();
            }
        } finally {
            stopLaunched(program);
        }
        return state();
    }

    /** The practice program is alive: the session the bridge opened for it stays open. */
    @POST
    @Path("heartbeat")
    public Response heartbeat() {
        synchronized (this) {
            lastBeat = clock.instant();
        }
        return Response.noContent().build();
    }

    /** The practice program closes: the session the bridge opened for it is closed, with the program it launched. */
    @POST
    @Path("closing")
    public Response closing() {
        closeOurs("the practice program closes");
        return Response.noContent().build();
    }

    /** Run every 5 s: a session the bridge opened is closed once the practice program's heartbeat stops. */
    void closeWhenSilent() {
        Instant beat;
        synchronized (this) {
            beat = lastBeat;
        }
        if (beat != null && clock.instant().isAfter(beat.plusSeconds(config.heartbeat_seconds()))) {
            closeOurs("no heartbeat of the practice program for " + config.heartbeat_seconds() + " s");
        }
    }

    /** What it closes is taken under the lock; the driver is called outside it, so that no call waits on the DMP's. */
    private void closeOurs(String why) {
        Instant ours;
        Process program;
        synchronized (this) {
            ours = opened;
            program = launched;
            opened = null;
            launched = null;
            lastBeat = null;
        }
        try {
            DmpConnector bound = connector.bound().orElse(null);
            SessionState session = bound == null ? null : bound.session();
            if (ours != null && session != null && session.state() == SessionState.State.OPEN && ours.equals(session.since())) {
                bound.closeSession();
                LOG.info("Bridge: the DMP session it opened is closed: {}", why);
            }
        } catch (ConnectorException | RuntimeException e) {
            LOG.warn("Bridge: the DMP session it opened could not be closed ({}): {}", why, e.toString());
        } finally {
            stopLaunched(program);
        }
    }

    private static void stopLaunched(Process program) {
        if (program != null && program.isAlive()) {
            program.destroy();
            LOG.info("Bridge: the Efficience program it launched is stopped");
        }
    }

    private void requireLicence() {
        DmpEnvironment environment = connector.bound().map(DmpConnector::environment).orElse(DmpEnvironment.UNKNOWN);
        licence.refusesEfficience(environment).ifPresent(why -> {
            throw new ApiProblem(Response.Status.FORBIDDEN, "LICENCE_REQUIRED", CALL_US, why);
        });
    }

    /** Launches the configured program when the service does not answer, and waits for it. */
    private void ensureServiceRunning() throws ConnectorException {
        DmpConnector bound = connector.current();
        if (bound.environment() != DmpEnvironment.UNKNOWN) {
            return;
        }
        if (config.program().isBlank()) {
            throw new ApiProblem(Response.Status.SERVICE_UNAVAILABLE, "EFFICIENCE_NOT_RUNNING", "Efficience ne répond pas : démarrez"
                    + " Efficience sur ce poste, puis recommencez.", "the Efficience service does not answer and no program is"
                    + " configured to launch (program in load/" + PID + ".cfg)");
        }
        java.nio.file.Path program = java.nio.file.Path.of(config.program());
        if (!Files.isExecutable(program)) {
            throw new ApiProblem(Response.Status.SERVICE_UNAVAILABLE, "EFFICIENCE_NOT_INSTALLED", "Efficience n'est pas installé à"
                    + " l'emplacement configuré.", program + " is not an executable file");
        }
        synchronized (this) {
            if (launched == null || !launched.isAlive()) {
                launched = launch(program);
            }
        }
        Instant deadline = clock.instant().plusSeconds(config.start_wait_seconds());
        while (bound.environment() == DmpEnvironment.UNKNOWN) {
            if (clock.instant().isAfter(deadline)) {
                throw new ApiProblem(Response.Status.SERVICE_UNAVAILABLE, "EFFICIENCE_NOT_RUNNING", "Efficience a été démarré mais"
                        + " ne répond pas encore : recommencez dans quelques instants.", "launched, no answer within "
                        + config.start_wait_seconds() + " s");
            }
            try {
                Thread.sleep(Duration.ofMillis(250).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiProblem(Response.Status.SERVICE_UNAVAILABLE, "EFFICIENCE_NOT_RUNNING", "Efficience ne répond pas.",
                        "interrupted while waiting for it");
            }
        }
    }

    private static Process launch(java.nio.file.Path program) {
        try {
            Process started = new ProcessBuilder(program.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            LOG.info("Bridge: Efficience launched ({})", program);
            return started;
        } catch (IOException e) {
            throw new ApiProblem(Response.Status.SERVICE_UNAVAILABLE, "EFFICIENCE_NOT_STARTED", "Efficience n'a pas pu être"
                    + " démarré.", program + " could not be started: " + e.getMessage());
        }
    }

    private CpsView cps() {
        Optional<CpsCard> present = readers.cps();
        if (present.isEmpty()) {
            return null;
        }
        CpsCard cps = present.get();
        PinOutcome tries = cps.pinTries();
        return new CpsView(cps.holder().map(holder -> holder.name() + " " + holder.firstName()).orElse(null), tries.triesLeft(),
                tries.status() == PinOutcome.Status.BLOCKED, cps.isTest());
    }
}
