package com.medialogis.dmp.efficience.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.ReaderService;
import com.medialogis.dmp.card.VitaleCardSource;
import com.medialogis.dmp.connector.Access;
import com.medialogis.dmp.connector.AccessMode;
import com.medialogis.dmp.connector.Category;
import com.medialogis.dmp.connector.Confidentiality;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.ConnectorException.Kind;
import com.medialogis.dmp.connector.DepositReceipt;
import com.medialogis.dmp.connector.DmpConnector;
import com.medialogis.dmp.connector.DmpEnvironment;
import com.medialogis.dmp.connector.DmpState;
import com.medialogis.dmp.connector.DmpStatus;
import com.medialogis.dmp.connector.DocumentContent;
import com.medialogis.dmp.connector.DocumentEntry;
import com.medialogis.dmp.connector.DocumentFormat;
import com.medialogis.dmp.connector.DocumentMetadata;
import com.medialogis.dmp.connector.DocumentQuery;
import com.medialogis.dmp.connector.DocumentStatus;
import com.medialogis.dmp.connector.FacilityType;
import com.medialogis.dmp.connector.InsIdentity;
import com.medialogis.dmp.connector.InsLookupResult;
import com.medialogis.dmp.connector.InsTraits;
import com.medialogis.dmp.connector.InsVerification;
import com.medialogis.dmp.connector.PatientForm;
import com.medialogis.dmp.connector.PracticeSetting;
import com.medialogis.dmp.connector.SessionState;
import com.medialogis.dmp.identity.Beneficiary;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsSystem;
import com.medialogis.dmp.support.files.DataFolder;
import com.medialogis.dmp.support.files.PrivateFiles;
import com.medialogis.dmp.support.health.Checks;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Efficience local JSON API (EFFICIENCE-API.md), one command at a time over either of its
 * transports ({@link Transport}). Network failures, timeouts and "DMP unavailable" answers are
 * transient; the DMP's refusals, malformed requests and answers the driver does not understand are
 * permanent, with the DMP's code. Several calls may run at once (one shared HTTP client).
 * Documents travel as streams: base64-encoded as they are read on the way in, decoded as they
 * arrive on the way out. The PIN never becomes a {@code String}: it goes from the caller's array
 * into the request's bytes, both wiped once sent (the copies the JDK makes on the way to the socket
 * are beyond reach).
 *
 * <p>The session lives in the Efficience service, not in this driver: its id is kept in the
 * driver's data folder ({@code efficience/} of the container's), so that a new build of the driver
 * installed over this one resumes the open session without asking for the PIN again. The id is deleted
 * when the session is closed or when the service no longer knows it.
 */
@Component(configurationPid = EfficienceConnector.PID, service = {DmpConnector.class, HealthCheck.class, VitaleCardSource.class,
    ReaderService.class},
        property = {
    HealthCheck.NAME + "=Efficience service",
    HealthCheck.TAGS + "=" + Checks.DMP,
    HealthCheck.TAGS + "=" + Checks.CONNECTOR,
    HealthCheck.TAGS + "=" + Checks.DEMO
})
@Designate(ocd = EfficienceConnector.Config.class)
public final class EfficienceConnector implements DmpConnector, HealthCheck, VitaleCardSource, ReaderService {

    static final String PID = "com.medialogis.dmp.connector.efficience";

    @ObjectClassDefinition(name = "DMP connector: Efficience",
            description = "Icanopée's Efficience service, which holds the DMP connection of the workstation.")
    public @interface Config {
        @AttributeDefinition(description = "Address of the Efficience service: http(s)://host:port, one HTTP POST per command (the newer"
                + " service), or ws(s)://host:port, one WebSocket per command (the older one).")
        String address() default "http://127.0.0.1:9982";

        @AttributeDefinition(description = "Over https or wss: a PEM file of the certificates to trust instead of the system's"
                + " (the service's own, or its authority); empty: the system's.")
        String trust_certificates() default "";

        @AttributeDefinition(description = "Longest wait, in milliseconds, for a connection and for each answer (100 to 120000).")
        long timeout_millis() default 10_000;

        @AttributeDefinition(description = "Inactivity, in seconds (60 to 86400), after which the Efficience service closes the DMP session.")
        int session_timeout_seconds() default 3600;

        @AttributeDefinition(description = "File of the DC parameters of the practice's Efficience licence (base64), readable by its owner only;"
                + " empty: none sent (the DMP sandbox needs none).")
        String dc_parameters_file() default "";

        @AttributeDefinition(description = "The DMP server: empty for the national DMP, formationN for a training server (formation1,"
                + " formation2, formation3 and formation5 are published), or an https:// address.")
        String dmp_server() default "";

        @AttributeDefinition(description = "Longest wait of the Efficience service for each DMP transaction, in seconds (1 to 600).")
        int transactions_timeout_seconds() default 60;

        @AttributeDefinition(description = "Practice setting of the DMP connector: " + "AMBULATOIRE" + ".")
        String practice_setting() default "AMBULATOIRE";

        @AttributeDefinition(description = "The CPS practice location the DMP connector uses, by its index on the card (0 to 99).")
        int cps_practice_location() default 0;

        @AttributeDefinition(description = "Healthcare setting (cadre de soins) of every document deposited: SA07 individual practice,"
                + " SA08 group practice, SA05 health centre, SA52 maison de santé.")
        String healthcare_setting() default "SA07";

        @AttributeDefinition(description = "PC/SC name of the CPS reader as the Efficience service sees it; empty: its first reader.")
        String cps_reader() default "";

        @AttributeDefinition(description = "The Efficience service owns the workstation's card readers (the practice lets it): the"
                + " cards are read through it (hl_getPcscReaders, the CPx and Vitale monitoring) and this program leaves PC/SC alone.")
        boolean readers_owned() default false;

        @AttributeDefinition(description = "With readers.owned: the WebSocket of the monitoring commands; empty: the address in its"
                + " ws(s) form, as the service serves both on one port (the DMP sandbox serves them on its own: ws://127.0.0.1:9983).")
        String monitoring_address() default "";

        @AttributeDefinition(description = "With readers.owned: the Vitale card reader's name as the Efficience service sees it;"
                + " empty: the first holding a Vitale card, else another than the CPS's.")
        String vitale_reader() default "";

        @AttributeDefinition(description = "With readers.owned: how often, in seconds (1 to 60), the service checks the cards"
                + " and the readers are listed again.")
        int readers_checking_seconds() default 1;

        @AttributeDefinition(description = "The INSi server as the Efficience service takes it (the address its INSi connector is created"
                + " with); empty: no INSi access, INS lookups and checks are refused.")
        String insi_server() default "";

        @AttributeDefinition(description = "For INSi: the software's authorization number (CNDA), sent as LpsInfos s_idam.")
        String insi_authorization_number() default "";

        @AttributeDefinition(description = "For INSi: the practice's FINESS or Assurance Maladie number, mandatory for INSi (LpsInfos"
                + " s_billingNumber).")
        String insi_billing_number() default "";
    }

    /**
     * The INSi access the driver sets up with each DMP session (EFFICIENCE-API.md §2.9): the INSi
     * connector is created with the same PIN right after the DMP connector, and each call carries
     * the software as INSi knows it (LpsInfos).
     *
     * @param server the INSi server as the service takes it, or empty for no INSi access
     * @param authorizationNumber the software's authorization number (s_idam)
     * @param billingNumber the practice's FINESS or Assurance Maladie number (s_billingNumber)
     * @param softwareVersion the software's version (s_version)
     * @param instance the installation's UUID, the same for every call (s_instance)
     */
    public record Insi(String server, String authorizationNumber, String billingNumber, String softwareVersion, String instance) {

        /** No INSi access. */
        public static final Insi NONE = new Insi("", "", "", "", "");

        public Insi {
            if (!server.isEmpty() && billingNumber.isBlank()) {
                throw new IllegalArgumentException(PID + ": insi.billing.number is mandatory for INSi once insi.server is set");
            }
            if (authorizationNumber.length() > 58 || billingNumber.length() > 32) {
                throw new IllegalArgumentException(PID + ": insi.authorization.number has 58 characters at most, insi.billing.number"
                        + " 32 (EFFICIENCE-API.md §2.9)");
            }
        }

        /** @param folder the driver's data folder, where the installation's UUID is kept once INSi is set */
        static Insi of(Config config, BundleContext context, Path folder) {
            String server = config.insi_server().strip();
            return new Insi(server, config.insi_authorization_number().strip(), config.insi_billing_number().strip(),
                    context.getBundle().getVersion().toString(), server.isEmpty() ? "" : installation(folder.resolve(INSTANCE_FILE)));
        }

        /** The installation's UUID: made once, then kept in the driver's data folder, which a new build of the driver keeps. */
        private static String installation(Path file) {
            try {
                Optional<String> kept = readKept(file);
                if (kept.isPresent()) {
                    return UUID.fromString(kept.get()).toString();
                }
                String made = UUID.randomUUID().toString();
                keep(file, made);
                return made;
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException(PID + ": the installation's INSi instance could not be kept in " + file + ": " + e, e);
            }
        }
    }

    /**
     * What the driver tells the Efficience service besides each call's own fields (EFFICIENCE-API.md
     * §2.1, §2.3, §2.6, §2.8).
     *
     * @param sessionTimeout the session's inactivity timeout
     * @param dcParameters the file of the licence's DC parameters, if any
     * @param dmpUrl the DMP server's address
     * @param transactionsTimeout the service's longest wait for a DMP transaction
     * @param practiceSetting the DMP connector's practice setting
     * @param practiceLocation the index of the CPS practice location
     * @param healthcareSetting the healthcare setting of the documents deposited
     * @param cpsReader the CPS reader's name, or empty for the first reader
     */
    public record Connection(Duration sessionTimeout, Optional<Path> dcParameters, String dmpUrl, Duration transactionsTimeout,
            PracticeSetting practiceSetting, int practiceLocation, FacilityType healthcareSetting, String cpsReader) {

        /** The national DMP, no DC parameters, the first reader and location: the published wrapper's defaults. */
        public static final Connection DEFAULTS = new Connection(Duration.ofHours(1), Optional.empty(), dmpUrl(""),
                Duration.ofSeconds(60), PracticeSetting.AMBULATOIRE, 0, FacilityType.SA07, "");

        static Connection of(Config config) {
            between("session.timeout.seconds", config.session_timeout_seconds(), 60, 86_400);
            between("transactions.timeout.seconds", config.transactions_timeout_seconds(), 1, 600);
            between("cps.practice.location", config.cps_practice_location(), 0, 99);
            return new Connection(Duration.ofSeconds(config.session_timeout_seconds()), dcParametersFile(config.dc_parameters_file()),
                    dmpUrl(config.dmp_server()), Duration.ofSeconds(config.transactions_timeout_seconds()),
                    named(PracticeSetting.class, "practice.setting", config.practice_setting()), config.cps_practice_location(),
                    named(FacilityType.class, "healthcare.setting", config.healthcare_setting()), config.cps_reader().strip());
        }

        /** The published wrapper's rule (EFFICIENCE-API.md §2.6): empty for production, formationN, or an https:// address. */
        static String dmpUrl(String server) {
            String name = server.strip();
            if (name.isEmpty()) {
                return "https://lps2.dmp.gouv.fr/si-dmp-server/v2/services";
            }
            if (name.matches("formation[0-9]+")) {
                return "https://" + name + ".lps2.dmp.gouv.fr/si-dmp-server/v2/services";
            }
            if (name.startsWith("https://") && name.length() > "https://".length()) {
                return name;
            }
            throw new IllegalArgumentException(PID + ": dmp.server must be empty (the national DMP), formationN or an https://"
                    + " address, not '" + name + "'");
        }

        private static <E extends Enum<E>> E named(Class<E> type, String setting, String value) {
            try {
                return Enum.valueOf(type, value.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PID + ": " + setting + " must be one of " + Arrays.toString(type.getEnumConstants())
                        + ", not '" + value + "'", e);
            }
        }

        /** The file must be there and readable by its owner only: it is a secret of the practice's licence. */
        private static Optional<Path> dcParametersFile(String setting) {
            if (setting.isBlank()) {
                return Optional.empty();
            }
            Path file = Path.of(setting.strip());
            DcParameters.checkPrivate(file);
            return Optional.of(file);
        }
    }

    private static final String SESSION_FILE = "session";
    /** The code of an INSi call when no INSi server is set: a choice of the practice, not a failure. */
    private static final String INSI_NOT_CONFIGURED = "INSI_NOT_CONFIGURED";
    private static final String INSTANCE_FILE = "insi-instance";
    /** The software's name as INSi knows it (LpsInfos s_name, 58 characters at most). */
    private static final String SOFTWARE_NAME = "MEDIALOGIS DMP";
    /** LpsInfos s_numAM: "Currently must be set to 04" (EFFICIENCE-API.md §2.9). */
    private static final String IDAM_TYPE = "04";
    /** InsIdentityResult (EFFICIENCE-API.md §3.19). */
    private static final int NO_IDENTITY_FOUND = 1;
    private static final int SINGLE_IDENTITY_FOUND = 2;
    private static final int MULTIPLE_IDENTITIES_FOUND = 3;
    /** Sex (EFFICIENCE-API.md §3.8). */
    private static final int UNKNOWN_SEX = 1;
    private static final int MALE = 2;
    private static final int FEMALE = 3;
    private static final Pattern MATRICULE = Pattern.compile("[0-9][0-9AB]{12}[0-9]{2}");
    private static final Pattern INSI_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Logger LOG = LoggerFactory.getLogger(EfficienceConnector.class);
    /** ErrorType CurlErrors: the DMP could not be reached, retry (EFFICIENCE-API.md §3.1). */
    private static final int CURL_ERRORS = 3;
    /** ErrorType DmpConnectJsSoftwareErrors, the service's own, and its codes ErrTechnical and ErrInvalidSession. */
    private static final int SERVICE_ERRORS = 6000;
    private static final int TECHNICAL = 1;
    private static final int INVALID_SESSION = 3;
    /** Efficience's visibility bits (DocumentVisibility); 1 alone means visible to all. */
    private static final int VISIBLE_TO_ALL = 1;
    private static final int HIDDEN_FROM_PATIENT = 2;
    private static final int MASKED_TO_PROFESSIONALS = 4;
    private static final int HIDDEN_FROM_LEGAL_REPRESENTATIVES = 8;
    private static final int KNOWN_VISIBILITY = VISIBLE_TO_ALL | HIDDEN_FROM_PATIENT | MASKED_TO_PROFESSIONALS
            | HIDDEN_FROM_LEGAL_REPRESENTATIVES;
    /** DocumentStatus bits (EFFICIENCE-API.md §3.16): approved, deprecated and archived. */
    private static final int EVERY_STATUS = statusBits(EnumSet.of(DocumentStatus.APPROVED, DocumentStatus.DEPRECATED,
            DocumentStatus.ARCHIVED));
    private static final String CONTENT_IN = "s_fileContentBase64";
    /** A report of the project's DMP sandbox (its README), served beside the API it simulates. */
    private static final String SANDBOX_REPORT = "/sandbox/faults";
    /** How long after a failure the watch of the readers the service owns starts again. */
    private static final Duration READERS_RETRY = Duration.ofSeconds(5);
    /** The health check sends two probes: both end within Felix's 2 s timeout of a check. */
    private static final Duration LONGEST_PROBE = Duration.ofMillis(900);
    /** What the health check reads of its probe's answer: an error of the API is far shorter. */
    private static final int LONGEST_PROBE_ANSWER = 64 * 1024;
    /**
     * A document's request may take longer than {@code timeout.millis}: its body is sent before the
     * answer comes. It is given one more second per 128 KB, the pace of a slow practice uplink
     * (about 1 Mbit/s): 3.5 minutes more for 20 MB.
     */
    private static final long SLOWEST_UPLOAD_BYTES_PER_SECOND = 128 * 1024;
    /** How much longer than the service's own wait for the DMP the driver waits for a change's answer. */
    private static final Duration SERVICE_MARGIN = Duration.ofSeconds(10);
    /** The code of an answer cut short (the connection dropped): the call may be made again. */
    private static final String ANSWER_CUT = "ANSWER_CUT";
    private static final String CONTENT_OUT = "s_fileContentInBase64";
    /** GuardianStatus NoGuardianDefined (EFFICIENCE-API.md §3.9). */
    private static final int NO_GUARDIAN = 1;
    /** The birth date of VitaleData: YYMMDD (EFFICIENCE-API.md §2.7). */
    private static final DateTimeFormatter VITALE_DAY = DateTimeFormatter.ofPattern("uuMMdd");
    private static final DateTimeFormatter DMP_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    /** The session as this driver knows it: its id in the service while open, and why it has no INSi access, if so. */
    private record Session(Optional<String> id, SessionState state, Optional<ConnectorException> noInsi) {
        static Session closed(String why) {
            return new Session(Optional.empty(), new SessionState(SessionState.State.CLOSED, why, Instant.now()), Optional.empty());
        }
    }

    private final URI address;
    private final ServiceReaders.Settings readers;
    /** The watch of the readers the card service runs, if the service owns them. */
    private volatile ServiceReaders watching;
    private final Duration timeout;
    private final Connection connection;
    private final Insi insi;
    private final Optional<Path> sessionFile;
    private final ServiceClient client;
    private final Transport transport;
    /** Held while a session is opened, so that two openings never interleave. */
    private final Object opening = new Object();
    /** Held while the session changes, with its file. */
    private final Object changing = new Object();
    private volatile Session session;
    /** The patients in emergency access, by identifier; the others are in normal access. */
    private final Map<String, Access> accesses = new ConcurrentHashMap<>();
    /** Held for reading by calls in normal access, for writing while the session's access mode is another. */
    private final ReentrantReadWriteLock modes = new ReentrantReadWriteLock();
    private volatile boolean sessionInNormalAccess = true;

    @Activate
    public EfficienceConnector(Config config, BundleContext context) {
        this(config, context, address(config.address()), DataFolder.resolve(context, "", "efficience"));
    }

    /**
     * @param folder the driver's own files (the open session's id, the INSi installation's UUID): in
     *     the container's data folder, not the bundle's data area, so that a new build of the driver,
     *     which Karaf installs as another bundle, and a rebuilt bundle cache keep them; created when first written
     */
    private EfficienceConnector(Config config, BundleContext context, URI address, Path folder) {
        this(address, timeout(config.timeout_millis()), trusted(config.trust_certificates()), Connection.of(config),
                Insi.of(config, context, folder), Optional.of(folder.resolve(SESSION_FILE)), readers(config, address));
    }

    /** A driver with the published wrapper's defaults ({@link Connection#DEFAULTS}), trusting the system's authorities, without INSi. */
    public EfficienceConnector(URI address, Duration timeout, Optional<Path> sessionFile) {
        this(address, timeout, Optional.empty(), Connection.DEFAULTS, Insi.NONE, sessionFile);
    }

    /** A driver without INSi access. */
    public EfficienceConnector(URI address, Duration timeout, Optional<Path> trusted, Connection connection, Optional<Path> sessionFile) {
        this(address, timeout, trusted, connection, Insi.NONE, sessionFile);
    }

    /**
     * @param address the Efficience service, for example {@code http://127.0.0.1:9982} or {@code wss://localhost.icanopee.net:9982}
     * @param timeout the longest wait for a connection and for each answer
     * @param trusted a PEM file of the certificates to trust over TLS instead of the system's
     * @param connection what the driver tells the service besides each call's own fields
     * @param insi the INSi access set up with each session
     * @param sessionFile where the open session's id is kept for the next build of the driver
     */
    public EfficienceConnector(URI address, Duration timeout, Optional<Path> trusted, Connection connection, Insi insi,
            Optional<Path> sessionFile) {
        this(address, timeout, trusted, connection, insi, sessionFile, new ServiceReaders.Settings(Transport.overWebSocket(address),
                connection.cpsReader(), "", Duration.ofSeconds(1), READERS_RETRY));
    }

    /** @param readers where and how the readers are watched, when the service owns them */
    EfficienceConnector(URI address, Duration timeout, Optional<Path> trusted, Connection connection, Insi insi,
            Optional<Path> sessionFile, ServiceReaders.Settings readers) {
        this.address = address;
        this.readers = readers;
        this.timeout = timeout;
        this.connection = connection;
        this.insi = insi;
        this.sessionFile = sessionFile;
        this.client = new ServiceClient(timeout, trusted);
        this.transport = Transport.of(address, client);
        this.session = sessionFile.flatMap(EfficienceConnector::readSessionId)
                .map(id -> new Session(Optional.of(id), new SessionState(SessionState.State.OPEN,
                        "DMP session resumed from the previous driver build",
                        sessionFile.map(EfficienceConnector::lastModified).orElseGet(Instant::now)), insiNotConfigured()))
                .orElseGet(() -> Session.closed("no session opened yet"));
    }

    private static ServiceReaders.Settings readers(Config config, URI address) {
        between("readers.checking.seconds", config.readers_checking_seconds(), 1, 60);
        URI monitoring = config.monitoring_address().isBlank() || !config.readers_owned()
                ? Transport.overWebSocket(address) : address(config.monitoring_address().strip());
        if (!monitoring.getScheme().startsWith("ws")) {
            throw new IllegalArgumentException(PID + ": monitoring.address must be ws(s)://host:port, not '" + monitoring + "'");
        }
        return new ServiceReaders.Settings(monitoring, config.cps_reader().strip(), config.vitale_reader().strip(),
                Duration.ofSeconds(config.readers_checking_seconds()), READERS_RETRY);
    }

    private static URI address(String text) {
        try {
            URI address = new URI(text);
            if (!Set.of("http", "https", "ws", "wss").contains(address.getScheme()) || address.getHost() == null) {
                throw new IllegalArgumentException(PID + ": address must be http(s)://host:port or ws(s)://host:port, not '" + text + "'");
            }
            return address;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(PID + ": address is not a URI: '" + text + "'", e);
        }
    }

    /** The file must hold certificates now: a mistake shows when the driver starts, not at the first call. */
    private static Optional<Path> trusted(String setting) {
        if (setting.isBlank()) {
            return Optional.empty();
        }
        Path file = Path.of(setting.strip());
        try {
            ServiceClient.trust(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(PID + ": trust.certificates " + e.getMessage(), e);
        }
        return Optional.of(file);
    }

    private static Duration timeout(long millis) {
        return Duration.ofMillis(between("timeout.millis", millis, 100, 120_000));
    }

    /** @return the setting's value, refused when it is not between min and max */
    private static long between(String setting, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(PID + ": " + setting + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    @Override
    public String name() {
        return "Efficience";
    }

    /**
     * The project's DMP sandbox answers its own reports beside the Efficience API, before its API
     * serves: a real service does not. A service that cannot be asked is {@code UNKNOWN}, never
     * taken for the national DMP.
     */
    @Override
    public DmpEnvironment environment() {
        try {
            HttpResponse<Void> sandbox = client.get().send(HttpRequest.newBuilder(Transport.overHttp(address).resolve(SANDBOX_REPORT))
                    .timeout(probeTimeout()).GET().build(), HttpResponse.BodyHandlers.discarding());
            return sandbox.statusCode() == 200 ? DmpEnvironment.SIMULATED : DmpEnvironment.PRODUCTION;
        } catch (IOException e) {
            return DmpEnvironment.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DmpEnvironment.UNKNOWN;
        }
    }

    /**
     * The driver's health check: something answers at the address, in the Efficience API's form
     * (asked {@code getLogLevels}, which changes nothing and is sent without a session, so that
     * monitoring never keeps a doctor's session alive), and which DMP it is.
     */
    @Override
    public Result execute() {
        String command = "getLogLevels";
        ObjectNode request = request().put("s_commandName", command);
        Transport.Reply response;
        byte[] answer;
        try {
            response = transport.send(command, HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(request)),
                    probeTimeout());
            try (InputStream body = response.body()) {
                answer = body.readNBytes(LONGEST_PROBE_ANSWER);
            }
        } catch (IOException e) {
            return Checks.problem(Result.Status.CRITICAL, "nothing answers at " + address + " (" + e + ")",
                    "start the Efficience service, or set address in load/" + PID + ".cfg");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Checks.problem(Result.Status.TEMPORARILY_UNAVAILABLE, "interrupted", "try again");
        }
        Optional<JsonNode> parsed = efficienceAnswer(answer);
        if (parsed.isEmpty()) {
            return Checks.problem(Result.Status.CRITICAL, "something that is not the Efficience service"
                    + " answers at " + address + " (HTTP " + response.status() + ")", "another program may hold the port:"
                    + " stop it, or set address in load/" + PID + ".cfg");
        }
        if (!"OK".equals(parsed.get().path("s_status").asText())) {
            return Checks.problem(Result.Status.WARN, "the Efficience service at " + address + " answers " + command + " with an error: "
                    + description(parsed.get()),
                    "see the service's logs (getLogsTail)");
        }
        Optional<ConnectorException> noInsi = session.noInsi().filter(missing -> !INSI_NOT_CONFIGURED.equals(missing.dmpCode()));
        if (noInsi.isPresent()) {
            return Checks.problem(Result.Status.WARN, "the DMP session is open without INSi access: " + noInsi.get().getMessage(),
                    "check insi.* in load/" + PID + ".cfg, then open the session again");
        }
        return switch (environment()) {
            case SIMULATED -> Checks.problem(Result.Status.WARN, "DEMO: the DMP answering at " + address
                    + " is the DMP sandbox, a simulation", "a practice sets address in load/" + PID + ".cfg to its Efficience service");
            case UNKNOWN -> Checks.problem(Result.Status.WARN, "the Efficience service at " + address + " answers, too slowly to"
                    + " tell whether it is the DMP sandbox", "a real CPS opens no session until it can be told; see the service's load");
            case PRODUCTION -> Checks.ok("the Efficience service answers at " + address);
        };
    }

    /** @return the answer, when it is one of the Efficience API: a JSON object with its status */
    private static Optional<JsonNode> efficienceAnswer(byte[] body) {
        try {
            JsonNode answer = Json.MAPPER.readTree(body);
            return answer != null && answer.path("s_status").isTextual() ? Optional.of(answer) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A probe never waits long: health checks and session opening ask on the workstation. */
    private Duration probeTimeout() {
        return timeout.compareTo(LONGEST_PROBE) < 0 ? timeout : LONGEST_PROBE;
    }

    @Override
    public SessionState session() {
        return session.state();
    }

    /**
     * Closes the session open before, if any, then opens a new one with the PIN. The PIN goes from
     * the caller's array into the request's bytes; both are wiped whatever happens.
     */
    @Override
    public void openSession(char[] pin) throws ConnectorException {
        try {
            if (!CpsCard.isWellFormedPin(pin)) {
                throw new ConnectorException(Kind.PERMANENT, "INVALID_PIN", "a PIN has " + CpsCard.SHORTEST_PIN + " to "
                        + CpsCard.LONGEST_PIN + " digits: it was not sent");
            }
            synchronized (opening) {
                closeOpenSession("closed: another DMP session is being opened");
                String id = openInService();
                String instance;
                Optional<ConnectorException> noInsi;
                try {
                    call("hl_getCpxCard", cpsReader(id));
                    instance = connect(id, pin);
                    noInsi = connectInsi(id, pin);
                } catch (ConnectorException refused) {
                    closeInService(id);
                    throw refused;
                }
                synchronized (changing) {
                    // A new session opens in normal access, for whichever doctor: no patient keeps an emergency access.
                    accesses.clear();
                    sessionInNormalAccess = true;
                    session = new Session(Optional.of(id), new SessionState(SessionState.State.OPEN,
                            "DMP session open, DMP instance " + instance, Instant.now()), noInsi);
                    keepSessionId(id);
                }
            }
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    /** {@code hl_openSession} with the inactivity timeout and, when the practice has them, its licence's DC parameters. */
    private String openInService() throws ConnectorException {
        String command = "hl_openSession";
        ObjectNode open = request().put("s_commandName", command)
                .put("i_timeoutInSeconds", connection.sessionTimeout().toSeconds());
        if (connection.dcParameters().isEmpty()) {
            return new Answer(command, call(command, open)).text("s_sessionId");
        }
        byte[] parameters = DcParameters.read(connection.dcParameters().get());
        try {
            return new Answer(command, sendSecret(command, open, "s_dcparameters64", parameters)).text("s_sessionId");
        } finally {
            Arrays.fill(parameters, (byte) 0);
        }
    }

    /**
     * {@code hl_getCpxCard}: the reader named in the settings, else the one the watch of the
     * readers found the CPS in (whose tries were read and whose PIN was checked), else the
     * service's first reader.
     */
    private ObjectNode cpsReader(String id) {
        ObjectNode request = request().put("s_sessionId", id);
        Optional<String> reader = Optional.of(connection.cpsReader()).filter(name -> !name.isEmpty())
                .or(() -> Optional.ofNullable(watching).flatMap(ServiceReaders::cpsReader));
        return reader.isPresent() ? request.put("s_readerName", reader.get()) : request.put("i_readerNumber", 0);
    }

    /**
     * {@code hl_createDmpConnector} with the PIN and the DMP server, practice setting and CPS
     * practice location of the settings.
     *
     * @return the DMP instance's unique id, stable for the user's account
     */
    private String connect(String id, char[] pin) throws ConnectorException {
        String command = "hl_createDmpConnector";
        return new Answer(command, createConnector(command, id, connection.dmpUrl(), pin)).text("s_instanceUniqueId");
    }

    /**
     * A connector of the session (DMP or INSi) created with the PIN and the settings' transactions
     * timeout, practice setting and CPS practice location; the PIN's bytes are wiped whatever happens.
     *
     * @return the service's answer
     */
    private JsonNode createConnector(String command, String id, String url, char[] pin) throws ConnectorException {
        ObjectNode connector = request().put("s_sessionId", id).put("s_commandName", command)
                .put("s_dmpUrl", url)
                .put("i_transactionsTimeout", connection.transactionsTimeout().toSeconds())
                .put("s_practiceSetting", connection.practiceSetting().name())
                .put("i_cpsPracticeLocationIndice", connection.practiceLocation());
        return sendPin(command, connector, pin);
    }

    /**
     * {@code hl_createInsiConnector} with the PIN the DMP connector has just taken, so that the
     * INSi calls of the session need no PIN: its fields are not published, and are those of
     * {@code hl_createDmpConnector} (EFFICIENCE-API.md §2.9, INFERRED), the INSi server going as
     * {@code s_dmpUrl}. The DMP session opens without INSi access when it fails.
     *
     * @return why the session has no INSi access, if so
     */
    private Optional<ConnectorException> connectInsi(String id, char[] pin) {
        Optional<ConnectorException> notConfigured = insiNotConfigured();
        if (notConfigured.isPresent()) {
            return notConfigured;
        }
        try {
            createConnector("hl_createInsiConnector", id, insi.server(), pin);
            return Optional.empty();
        } catch (ConnectorException e) {
            LOG.warn("The DMP session opens without INSi access: {}", e.getMessage());
            return Optional.of(e);
        }
    }

    private Optional<ConnectorException> insiNotConfigured() {
        return insi.server().isEmpty() ? Optional.of(new ConnectorException(Kind.PERMANENT, INSI_NOT_CONFIGURED,
                "no INSi server is set (insi.server in load/" + PID + ".cfg)")) : Optional.empty();
    }

    /** Sends a command with the PIN as its last field, {@code s_pinCode}: its digits' bytes are wiped whatever happens. */
    private JsonNode sendPin(String command, ObjectNode request, char[] pin) throws ConnectorException {
        byte[] digits = new byte[pin.length];
        for (int i = 0; i < pin.length; i++) {
            digits[i] = (byte) pin[i];
        }
        try {
            return sendSecret(command, request.put("s_commandName", command), "s_pinCode", digits);
        } finally {
            Arrays.fill(digits, (byte) 0);
        }
    }

    /**
     * Sends a command whose last field is a secret (a PIN, DC parameters): its body is one array,
     * wiped once sent, handed to the HTTP client as it is (the JDK's byte-array publisher would copy
     * it into buffers of its own). What the JDK copies on the way to the socket is beyond reach.
     *
     * @param secret ASCII that needs no JSON escaping (digits, base64), checked by the caller
     */
    private JsonNode sendSecret(String command, ObjectNode envelope, String field, byte[] secret) throws ConnectorException {
        byte[] body;
        try {
            body = JsonBody.withSecret(Json.MAPPER, envelope, field, secret);
        } catch (JsonProcessingException e) {
            throw notWritten(command, e);
        }
        try {
            return exchange(command, envelope, JsonBody.publisher(body), Optional.empty(), timeout);
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    @Override
    public void closeSession() throws ConnectorException {
        Optional<String> id = session.id();
        if (id.isPresent()) {
            forgetSession(id.get(), "closed by the user");
            call("hl_closeSession", request().put("s_sessionId", id.get()));
        }
    }

    private void closeOpenSession(String why) {
        session.id().ifPresent(id -> {
            forgetSession(id, why);
            closeInService(id);
        });
    }

    /** Closes a session in the service; it closes by itself after an hour anyway, so a failure is only logged. */
    private void closeInService(String id) {
        try {
            call("hl_closeSession", request().put("s_sessionId", id));
        } catch (ConnectorException e) {
            LOG.info("An unused Efficience session could not be closed; the service closes it after its timeout: {}",
                    e.getMessage());
        }
    }

    /** Forgets the session with that id, and only that one: a session opened since stays open. */
    private void forgetSession(String id, String why) {
        synchronized (changing) {
            if (!session.id().equals(Optional.of(id))) {
                return;
            }
            session = Session.closed(why);
            accesses.clear();
            sessionFile.ifPresent(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warn("The closed DMP session's id could not be deleted from {}: {}", file, e.toString());
                }
            });
        }
    }

    /** Written to a new file then moved in place, readable by the container's user only. */
    private void keepSessionId(String id) {
        sessionFile.ifPresent(file -> {
            try {
                keep(file, id);
            } catch (IOException e) {
                LOG.warn("The DMP session's id could not be kept in {}: a new driver build will ask for the PIN again ({})",
                        file, e.toString());
            }
        });
    }

    private static Optional<String> readSessionId(Path file) {
        try {
            return readKept(file);
        } catch (IOException e) {
            LOG.warn("The DMP session's id could not be read from {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** @return the one line a file of the driver's data folder holds, empty when there is none */
    private static Optional<String> readKept(Path file) throws IOException {
        try {
            String line = Files.readString(file).strip();
            return line.isEmpty() ? Optional.empty() : Optional.of(line);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Writes one line into a file of the driver's data folder, both readable by the container's user only. */
    private static void keep(Path file, String line) throws IOException {
        PrivateFiles.folder(file.getParent());
        PrivateFiles.replace(file, line.getBytes(StandardCharsets.US_ASCII));
    }

    private static Instant lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.now();
        }
    }

    @Override
    public DmpStatus status(Ins ins) throws ConnectorException {
        String command = "hl_getDirectAuthenticationDMPStatus";
        Answer answer = new Answer(command, onPatient(ins, () -> call(command, patient(ins)))).object("ExistingTestAnswer");
        return switch (answer.integer("i_dmpStatus")) {
            case 1 -> switch (answer.integer("i_userAuthorization")) {
                case 2 -> DmpStatus.of(DmpState.AUTHORIZED);
                case 3 -> new DmpStatus(DmpState.NOT_AUTHORIZED, Optional.empty(), "authorization expired");
                case 4 -> DmpStatus.of(DmpState.DENIED);
                case 5 -> DmpStatus.of(DmpState.NOT_AUTHORIZED);
                default -> throw answer.unknown("i_userAuthorization", "authorization of an existing DMP");
            };
            case 2 -> closed(answer);
            case 3 -> DmpStatus.of(DmpState.NOT_FOUND);
            case 4 -> throw new ConnectorException(Kind.TRANSIENT, "DMP_STATUS_ERROR", command
                    + " answered DMPError: the DMP could not tell this patient's DMP status");
            default -> throw answer.unknown("i_dmpStatus", "DMP status");
        };
    }

    /**
     * The closing date is shown only, and its format is not published: the API's other DMP dates
     * (YYYYMMDD) or ISO 8601 are read; one the driver cannot read is shown as unknown, and says so.
     */
    private static DmpStatus closed(Answer answer) throws ConnectorException {
        Optional<String> date = answer.optionalText("s_closingDate");
        try {
            return new DmpStatus(DmpState.CLOSED, date.map(EfficienceConnector::day), "");
        } catch (DateTimeParseException e) {
            return new DmpStatus(DmpState.CLOSED, Optional.empty(), "closing date not understood: '" + date.get() + "'");
        }
    }

    private static LocalDate day(String text) {
        return text.length() == 8 ? LocalDate.parse(text, DateTimeFormatter.BASIC_ISO_DATE) : LocalDate.parse(text);
    }

    @Override
    public void create(Ins ins, PatientForm form) throws ConnectorException {
        sendable(form);
        ObjectNode request = inSession();
        ObjectNode administrative = request.putObject("DmpAdministrativeData");
        ObjectNode patient = administrative.putObject("PatientData").put("s_ins", ins.value());
        ObjectNode civilStatus = patient.putObject("ExtendedCivilStatus");
        civilStatus.putObject("CivilStatus").put("i_gender", gender(form)).put("s_name", form.name()).put("s_given", form.firstName());
        civilStatus.put("s_birthName", form.name())
                .put("s_birthDay", form.birthDate().format(DateTimeFormatter.BASIC_ISO_DATE))
                .put("i_sex", sex(form));
        if (form.mobilePhone().isPresent() || form.email().isPresent()) {
            ObjectNode contact = patient.putObject("ExtendedContactDetails").putObject("ContactDetails");
            form.mobilePhone().ifPresent(phone -> contact.put("s_mobilePhone", phone));
            form.email().ifPresent(email -> contact.put("s_mail", email));
        }
        administrative.putObject("PatientOppositions")
                .put("i_brisDeGlaceOpposition", form.opposesBrisDeGlace() ? 1 : 0)
                .put("i_centre15Opposition", form.opposesCentre15() ? 1 : 0);
        administrative.put("i_guardian", NO_GUARDIAN);
        request.putObject("VitaleData").put("s_name", form.name()).put("s_birthName", form.name()).put("s_given", form.firstName())
                .put("s_birthDay", form.birthDate().format(VITALE_DAY));
        onPatient(ins, () -> change("hl_createDmp", request));
    }

    @Override
    public void reactivate(Ins ins, PatientForm form) throws ConnectorException {
        sendable(form);
        ObjectNode request = patient(ins)
                .put("i_gender", gender(form))
                .put("s_given", form.firstName())
                .put("s_name", form.name())
                .put("i_sex", sex(form))
                .put("s_birthDay", form.birthDate().format(DateTimeFormatter.BASIC_ISO_DATE))
                .put("s_birthName", form.name());
        form.mobilePhone().ifPresent(phone -> request.put("s_mobilePhone", phone));
        form.email().ifPresent(email -> request.put("s_mail", email));
        onPatient(ins, () -> change("hl_reactivateDmp", request));
    }

    /**
     * Adding an authorization with {@code i_setTreatingPhysician} 0 removes the doctor's treating
     * physician status (EFFICIENCE-API.md §2.6): the status the DMP answers for this patient is read
     * first and sent back as it is. A removal ignores the field.
     */
    @Override
    public void authorize(Ins ins, boolean granted) throws ConnectorException {
        onPatient(ins, () -> {
            int treatingPhysician = 0;
            if (granted) {
                String command = "hl_getDirectAuthenticationDMPStatus";
                treatingPhysician = new Answer(command, call(command, patient(ins))).optionalInteger("i_treatingPhysician").orElse(0);
            }
            return change("hl_updateUserDmpAccessAuthorization", patient(ins).put("i_action", granted ? 1 : 2)
                    .put("i_setTreatingPhysician", treatingPhysician));
        });
    }

    /**
     * The service's access mode is the session's, whatever the patient (EFFICIENCE-API.md §2.6):
     * the driver keeps each patient's, sets it just before each of his calls and sets the session
     * back to normal access just after, so that emergency access never reaches another patient.
     */
    @Override
    public void access(Ins ins, Access access) throws ConnectorException {
        inSession();
        if (access.mode() == AccessMode.NORMAL) {
            accesses.remove(ins.value());
        } else {
            accesses.put(ins.value(), access);
        }
    }

    /**
     * Runs a call on a patient's DMP in his access mode: a patient in normal access while the
     * session is in normal access (several at once); one in emergency access alone, the session's
     * mode set for him then back to normal.
     */
    private JsonNode onPatient(Ins ins, PatientCall call) throws ConnectorException {
        Access special = accesses.get(ins.value());
        if (special != null) {
            modes.writeLock().lock();
            try {
                setMode(special);
                try {
                    return call.run();
                } finally {
                    normalize();
                }
            } finally {
                modes.writeLock().unlock();
            }
        }
        while (true) {
            modes.readLock().lock();
            try {
                if (sessionInNormalAccess) {
                    return call.run();
                }
            } finally {
                modes.readLock().unlock();
            }
            modes.writeLock().lock();
            try {
                if (!sessionInNormalAccess) {
                    setMode(new Access(AccessMode.NORMAL, ""));
                    sessionInNormalAccess = true;
                }
            } finally {
                modes.writeLock().unlock();
            }
        }
    }

    /** A call on a patient's DMP. */
    @FunctionalInterface
    private interface PatientCall {
        JsonNode run() throws ConnectorException;
    }

    private void setMode(Access access) throws ConnectorException {
        int mode = switch (access.mode()) {
            case NORMAL -> 1;
            case BRIS_DE_GLACE -> 2;
            case CENTRE_15 -> 3;
        };
        sessionInNormalAccess = false;
        call("hl_setDmpAccessMode", inSession().put("i_accessMode", mode).put("s_reason", access.reason()));
        sessionInNormalAccess = mode == 1;
    }

    /** Sets the session back to normal access; should it fail, the next call in normal access tries again first. */
    private void normalize() {
        try {
            setMode(new Access(AccessMode.NORMAL, ""));
        } catch (ConnectorException e) {
            LOG.warn("The DMP session could not be set back to normal access; it is before the next call: {}", e.getMessage());
        }
    }

    @Override
    public List<DocumentEntry> find(Ins ins, DocumentQuery query) throws ConnectorException {
        ObjectNode request = patient(ins);
        if (!query.categories().isEmpty()) {
            ObjectNode categories = request.putObject("Categories");
            int index = 0;
            for (Category category : query.categories()) {
                categories.put("#" + index++, category.code());
            }
        }
        int statuses = statusBits(query.statuses());
        if (statuses != 0) {
            request.put("i_status", statuses);
        }
        Answer answer = new Answer("hl_findDocuments", onPatient(ins, () -> call("hl_findDocuments", request)));
        List<DocumentEntry> found = new ArrayList<>();
        for (Answer document : answer.items("Documents")) {
            DocumentEntry entry = entry(document);
            LocalDate day = LocalDate.ofInstant(entry.created(), ZoneOffset.UTC);
            if (query.from().map(from -> !day.isBefore(from)).orElse(true)
                    && query.to().map(to -> !day.isAfter(to)).orElse(true)) {
                found.add(entry);
            }
        }
        return found;
    }

    @Override
    public long retrieve(Ins ins, String uniqueId, OutputStream into) throws ConnectorException, IOException {
        Sink sink = new Sink(into);
        String command = "hl_getDocumentContentByUniqueId";
        ObjectNode request = patient(ins).put("s_documentUniqueId", uniqueId);
        try {
            onPatient(ins, () -> exchange(command, request, body(command, request), Optional.of(sink), timeout));
        } catch (SinkFailure e) {
            throw e.getCause();
        }
        if (!sink.found) {
            throw new ConnectorException(Kind.PERMANENT, Answer.MALFORMED, command + " answered without the field " + CONTENT_OUT);
        }
        return sink.written;
    }

    @Override
    public DepositReceipt deposit(Ins ins, DocumentMetadata metadata, DocumentContent content) throws ConnectorException {
        String command = "hl_sendDocument";
        ObjectNode envelope = patient(ins)
                .put("s_commandName", command)
                .put("s_documentTitle", metadata.title())
                .put("s_documentDescription", metadata.description())
                .put("s_documentCategory", metadata.category().code())
                .put("i_documentVisibility", visibility(metadata.confidentiality()))
                .put("i_documentFormat", formatCode(metadata.format()))
                .put("s_healthcareSetting", connection.healthcareSetting().name());
        metadata.replaces().ifPresent(replaced -> envelope.put("s_replacedDocumentUniqueId", replaced));
        return new DepositReceipt(new Answer(command, onPatient(ins, () -> send(command, envelope, content))).text("s_uniqueId"),
                Instant.now());
    }

    /**
     * {@code hl_updateDocumentVisibilityByUniqueId} (EFFICIENCE-API.md §2.8). Masked to professionals
     * combines with no other flag (§3.15): refused before the DMP is asked.
     */
    @Override
    public void changeVisibility(Ins ins, String uniqueId, Set<Confidentiality> confidentiality) throws ConnectorException {
        if (confidentiality.contains(Confidentiality.MASQUE_PS) && confidentiality.size() > 1) {
            throw new ConnectorException(Kind.PERMANENT, "INVALID_VISIBILITY", "a document masked to professionals stays"
                    + " visible to the patient and his legal representatives: MASQUE_PS does not combine with " + confidentiality);
        }
        onPatient(ins, () -> change("hl_updateDocumentVisibilityByUniqueId",
                identified(ins, located(ins, uniqueId)).put("i_newVisibility", visibility(confidentiality))));
    }

    /**
     * {@code hl_updateDocumentStatusByUniqueId} toggles approved and archived (EFFICIENCE-API.md §2.8):
     * the document's status is read first, and a document already in the status asked for is left
     * as it is.
     */
    @Override
    public void archive(Ins ins, String uniqueId, boolean archived) throws ConnectorException {
        onPatient(ins, () -> {
            Answer document = located(ins, uniqueId);
            if (status(document, "i_document_Status") == (archived ? DocumentStatus.ARCHIVED : DocumentStatus.APPROVED)) {
                return document.fields();
            }
            return change("hl_updateDocumentStatusByUniqueId", identified(ins, document));
        });
    }

    /** {@code hl_deleteDocument} (EFFICIENCE-API.md §2.8), which names the document by its unique id alone. */
    @Override
    public void delete(Ins ins, String uniqueId) throws ConnectorException {
        onPatient(ins, () -> change("hl_deleteDocument", patient(ins).put("s_uniqueId", uniqueId)
                .put("s_healthCareSettings", connection.healthcareSetting().name())));
    }

    /**
     * @return the patient's document as {@code hl_findDocuments} lists it, whatever its status; to be
     *     called in {@link #onPatient}
     */
    private Answer located(Ins ins, String uniqueId) throws ConnectorException {
        String command = "hl_findDocuments";
        Answer answer = new Answer(command, call(command, patient(ins).put("i_status", EVERY_STATUS)));
        for (Answer document : answer.items("Documents")) {
            if (document.text("s_uniqueId").equals(uniqueId)) {
                return document;
            }
        }
        throw new ConnectorException(Kind.PERMANENT, ConnectorException.DOCUMENT_NOT_FOUND,
                "the patient's DMP holds no document " + uniqueId);
    }

    /**
     * A change of a document named by its unique id and its UUID, which the DMP needs for a document
     * that is not approved (EFFICIENCE-API.md §2.8), in the care setting spelled as these commands
     * spell it (§4.7).
     */
    private ObjectNode identified(Ins ins, Answer document) throws ConnectorException {
        return patient(ins).put("s_documentUniqueId", document.text("s_uniqueId"))
                .put("s_documentUuid", document.text("s_uuid"))
                .put("s_healthCareSettings", connection.healthcareSetting().name());
    }

    /** Sends a command whose last field is the document, base64-encoded as it is read. */
    private JsonNode send(String command, ObjectNode envelope, DocumentContent content) throws ConnectorException {
        Source source;
        try {
            source = new Source(content.open(), content.size());
        } catch (IOException e) {
            throw unreadable(e);
        }
        try {
            JsonBody.Streamed body = JsonBody.withBase64(Json.MAPPER, envelope, CONTENT_IN, source, content.size());
            return exchange(command, envelope, HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(body::stream), body.length()), Optional.empty(),
                    changeWait().plus(Duration.ofSeconds(body.length() / SLOWEST_UPLOAD_BYTES_PER_SECOND)));
        } catch (JsonProcessingException e) {
            throw notWritten(command, e);
        } catch (ConnectorException e) {
            throw source.failure == null ? e : unreadable(source.failure);
        } finally {
            source.closeQuietly();
        }
    }

    private static ConnectorException unreadable(IOException e) {
        return new ConnectorException(Kind.PERMANENT, "UNREADABLE_CONTENT", "the document could not be read: " + e.getMessage(), e);
    }

    private static ConnectorException notWritten(String command, IOException e) {
        return new ConnectorException(Kind.PERMANENT, "REQUEST_NOT_WRITTEN", command + " could not be written: " + e, e);
    }

    /**
     * The document's stream, which must give exactly its announced size, remembering why it failed:
     * the HTTP client reports that as a failed send.
     */
    private static final class Source extends FilterInputStream {
        private final long size;
        private long read;
        private volatile IOException failure;

        Source(InputStream in, long size) {
            super(in);
            this.size = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = in.read(buffer, offset, length);
            } catch (IOException e) {
                throw failed(e);
            }
            if (n < 0 ? read < size : (read += n) > size) {
                throw failed(new IOException("it " + (n < 0 ? "ended after " + read : "gave more than " + size)
                        + " bytes of " + size + ": it changed while it was read"));
            }
            return n;
        }

        private IOException failed(IOException e) {
            failure = e;
            return e;
        }

        /** Once the call is over, a failure to close the stream changes nothing sent. */
        void closeQuietly() {
            try {
                close();
            } catch (IOException e) {
                LOG.debug("A document's stream could not be closed: {}", e.toString());
            }
        }
    }

    /** Where a retrieved document is decoded to, counting its bytes; its own failures are told apart. */
    private static final class Sink extends FilterOutputStream {
        private long written;
        private boolean found;

        Sink(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            try {
                out.write(bytes, offset, length);
            } catch (IOException e) {
                throw new SinkFailure(e);
            }
            written += length;
        }
    }

    /** The caller's stream failed: not the service's fault. */
    private static final class SinkFailure extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        SinkFailure(IOException cause) {
            super(cause);
        }
    }

    /**
     * The consent is required; a legal representative cannot be sent yet (the DMP's GuardianData
     * needs his role and civil status, which the form does not have), and is not stated absent.
     */
    private static void sendable(PatientForm form) throws ConnectorException {
        if (!form.consent()) {
            throw new ConnectorException(Kind.PERMANENT, "CONSENT_REQUIRED",
                    "the patient's consent is required to create or reactivate a DMP");
        }
        if (form.legalRepresentative().isPresent()) {
            throw new ConnectorException(Kind.PERMANENT, "LEGAL_REPRESENTATIVE_NOT_SENT", "the DMP takes a legal representative"
                    + " with his role and civil status, which this form does not have: leave the field empty, then add him on the"
                    + " DMP's web site");
        }
    }

    /** Gender (EFFICIENCE-API.md §3.7). */
    private static int gender(PatientForm form) {
        return form.civility().map(civility -> switch (civility) {
            case M -> 2;
            case MME -> 3;
        }).orElse(1);
    }

    /** Sex (EFFICIENCE-API.md §3.8). */
    private static int sex(PatientForm form) {
        return switch (form.sex()) {
            case UNKNOWN -> UNKNOWN_SEX;
            case MALE -> MALE;
            case FEMALE -> FEMALE;
        };
    }

    /** @return the DocumentStatus bits of these statuses (EFFICIENCE-API.md §3.16); a deleted document is never listed */
    private static int statusBits(Set<DocumentStatus> statuses) {
        int bits = 0;
        for (DocumentStatus status : statuses) {
            bits |= switch (status) {
                case APPROVED -> 1;
                case DEPRECATED -> 2;
                case ARCHIVED -> 4;
                case DELETED -> 0;
            };
        }
        return bits;
    }

    /** DocumentFormat (EFFICIENCE-API.md §3.18). */
    private static int formatCode(DocumentFormat format) {
        return switch (format) {
            case TEXT -> 1;
            case PDF -> 5;
        };
    }

    /**
     * Watches the readers the Efficience service owns ({@link ServiceReaders}): registered with the
     * service property {@value ReaderService#READERS_OWNED} of the settings, which the card service
     * follows only when true.
     */
    @Override
    public AutoCloseable watch(ReaderService.Observer observer) {
        ServiceReaders watch = ServiceReaders.start(readersService(), client, readers, observer);
        watching = watch;
        return watch;
    }

    /** @return the driver's calls as the watch of the readers makes them */
    ServiceReaders.Service readersService() {
        return new ReadersThroughService();
    }

    /** The driver's calls, for the watch of the readers: its own session, opened without PIN. */
    private final class ReadersThroughService implements ServiceReaders.Service {
        @Override
        public String openSession() throws ConnectorException {
            return openInService();
        }

        @Override
        public void closeSession(String id) {
            closeInService(id);
        }

        @Override
        public JsonNode call(String command, ObjectNode request) throws ConnectorException {
            return EfficienceConnector.this.call(command, request);
        }

        @Override
        public JsonNode callWithPin(String command, ObjectNode request, char[] pin) throws ConnectorException {
            return sendPin(command, request, pin);
        }
    }

    /**
     * Reads the Vitale card in the reader through the service ({@code hl_getVitaleCard} then
     * {@code hl_readVitaleCard}, EFFICIENCE-API.md §2.4), within the open DMP session: a second
     * source for the cards the card service cannot read itself. A card status other than a
     * production, test or demonstration card (§3.13) is refused with the service's text. Each field
     * is checked: the birth date comes as YYMMDD, or DDMMYYYY from the service's 2.0.0, and is given
     * as YYMMDD; a NIR is 13 characters, or 15 with its key (kept, for the INS-C's check), spaces
     * aside; rank and quality are not in the published answer (0 and empty).
     */
    @Override
    public List<Beneficiary> read(String reader) throws IOException {
        try {
            return readCard(reader);
        } catch (ConnectorException e) {
            throw new IOException(e.dmpCode() + ": " + e.getMessage(), e);
        }
    }

    /** {@link #read}, whose failures of the service are told apart from the fields it cannot read. */
    private List<Beneficiary> readCard(String reader) throws ConnectorException, IOException {
        call("hl_getVitaleCard", inSession().put("s_readerName", reader));
        return beneficiaries(new Answer("hl_readVitaleCard", call("hl_readVitaleCard", inSession())));
    }

    /** The beneficiaries of an answer in {@code hl_readVitaleCard}'s form, each field checked (see {@link #read}). */
    static List<Beneficiary> beneficiaries(Answer answer) throws ConnectorException, IOException {
        int status = answer.optionalInteger("i_cardStatus").orElse(VITALE_PRODUCTION_CARD);
        if (status < VITALE_PRODUCTION_CARD || status > VITALE_DEMO_CARD) {
            throw new IOException("the Efficience service read no card (status " + status + ": "
                    + answer.optionalText("s_cardStatusText").orElse("no text") + ")");
        }
        List<Beneficiary> beneficiaries = new ArrayList<>();
        List<Answer> patients = answer.items("Patients");
        for (int index = 0; index < patients.size(); index++) {
            Answer patient = patients.get(index);
            Optional<String> certified = patient.optionalText("s_certifiedNir").filter(value -> !value.isBlank());
            beneficiaries.add(new Beneficiary(patient.text("s_name"), patient.text("s_given"),
                    vitaleDate(patient.text("s_birthday"), index + 1), nir(patient.text("s_nir"), "s_nir", index + 1),
                    certified.isEmpty() ? Optional.empty() : Optional.of(nir(certified.get(), "s_certifiedNir", index + 1)),
                    patient.optionalInteger("i_birthRank").orElse(0),
                    patient.optionalInteger("i_quality").map(quality -> String.format("%02d", quality)).orElse("")));
        }
        return beneficiaries;
    }

    /**
     * {@code hl_getInsFromVitaleCard} (EFFICIENCE-API.md §2.9) for the beneficiary at that place on
     * the card, which the service reads first ({@link #read}): the index counts from 0, as the card's
     * {@code Patients} (INFERRED, the source does not say).
     */
    @Override
    public InsLookupResult insFromVitaleCard(String reader, int beneficiary) throws ConnectorException {
        ObjectNode request = insiRequest();
        List<Beneficiary> card;
        try {
            card = readCard(reader);
        } catch (IOException e) {
            throw new ConnectorException(Kind.PERMANENT, "VITALE_NOT_READ", e.getMessage(), e);
        }
        if (beneficiary < 0 || beneficiary >= card.size()) {
            throw new ConnectorException(Kind.PERMANENT, "NO_SUCH_BENEFICIARY", "the Vitale card in " + reader + " has "
                    + card.size() + " beneficiaries: there is no beneficiary " + beneficiary + " (they count from 0)");
        }
        return lookup("hl_getInsFromVitaleCard", request.put("i_vitalePatientIndex", beneficiary));
    }

    /** {@code hl_getInsFromIdentityInformation} (EFFICIENCE-API.md §2.9), the traits normalized first. */
    @Override
    public InsLookupResult insFromTraits(InsTraits traits) throws ConnectorException {
        InsTraits sent = normalized(traits);
        return lookup("hl_getInsFromIdentityInformation", withTraits(insiRequest(), sent));
    }

    /**
     * {@code hl_checkInsIdentity} (EFFICIENCE-API.md §2.9): OK when INSi confirms the identity, an
     * error otherwise, whose type is not published; any error but the service's own (a malformed
     * request, its technical failure) and a teleservice that cannot be reached is INSi's refusal.
     */
    @Override
    public InsVerification verifyIns(InsIdentity identity) throws ConnectorException {
        InsTraits sent = normalized(identity.traits());
        String matricule = identity.ins().value();
        ObjectNode request = insiRequest().put("s_ins", matricule.substring(0, 13)).put("s_key", matricule.substring(13))
                .put("s_oid", identity.ins().system().oid());
        try {
            change("hl_checkInsIdentity", withTraits(request, sent));
            return InsVerification.CONFIRMED;
        } catch (ApiRefusal e) {
            if (e.isTransient() || e.type == SERVICE_ERRORS) {
                throw e;
            }
            return new InsVerification(false, e.getMessage());
        }
    }

    private static InsTraits normalized(InsTraits traits) throws ConnectorException {
        try {
            return traits.normalized();
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(Kind.PERMANENT, "INVALID_TRAITS", e.getMessage() + ": INSi was not asked");
        }
    }

    /** A request of the session's INSi access, with the software as INSi knows it (LpsInfos). */
    private ObjectNode insiRequest() throws ConnectorException {
        Session current = session;
        ObjectNode request = inSession(current);
        Optional<ConnectorException> missing = current.noInsi();
        if (missing.isPresent()) {
            throw new ConnectorException(missing.get().kind(), missing.get().dmpCode(), "the DMP session has no INSi access, which"
                    + " is set up when the session opens: " + missing.get().getMessage());
        }
        request.putObject("LpsInfos")
                .put("s_idam", insi.authorizationNumber())
                .put("s_numAM", IDAM_TYPE)
                .put("s_version", insi.softwareVersion())
                .put("s_instance", insi.instance())
                .put("s_name", SOFTWARE_NAME)
                .put("s_billingNumber", insi.billingNumber());
        return request;
    }

    private static ObjectNode withTraits(ObjectNode request, InsTraits traits) {
        request.put("s_birthName", traits.birthName())
                .put("s_given", traits.firstNames())
                .put("i_sex", traits.sex() == InsTraits.Sex.MALE ? MALE : FEMALE)
                .put("s_birthDate", traits.birthDate());
        traits.birthplace().ifPresent(place -> request.put("s_birthPlace", place));
        return request;
    }

    private InsLookupResult lookup(String command, ObjectNode request) throws ConnectorException {
        Answer answer = new Answer(command, change(command, request));
        return switch (answer.integer("i_insIdentityResult")) {
            case NO_IDENTITY_FOUND -> InsLookupResult.NOT_FOUND;
            case SINGLE_IDENTITY_FOUND -> InsLookupResult.found(identity(answer.object("Identity")));
            case MULTIPLE_IDENTITIES_FOUND -> InsLookupResult.SEVERAL;
            default -> throw answer.unknown("i_insIdentityResult", "INSi result");
        };
    }

    /** The Identity INSi gave (EFFICIENCE-API.md §2.9), each field checked; a value is never shown, only where it is. */
    private static InsIdentity identity(Answer identity) throws ConnectorException {
        Answer matricule = identity.object("Ins");
        String value = matricule.text("s_value") + matricule.text("s_key");
        if (!MATRICULE.matcher(value).matches()) {
            throw new ConnectorException(Kind.PERMANENT, Answer.MALFORMED, matricule.where()
                    + " answered a matricule that is not 13 characters and a 2-digit key");
        }
        InsSystem system = InsSystem.ofOid(matricule.text("s_oid")).filter(known -> known != InsSystem.INS_C)
                .orElseThrow(() -> matricule.unknown("s_oid", "INS system"));
        InsTraits.Sex sex = switch (identity.integer("i_sex")) {
            case MALE -> InsTraits.Sex.MALE;
            case FEMALE -> InsTraits.Sex.FEMALE;
            default -> throw identity.unknown("i_sex", "sex of a reference identity");
        };
        String birthDate = identity.text("s_birthDate");
        if (!INSI_DATE.matcher(birthDate).matches()) {
            throw new ConnectorException(Kind.PERMANENT, Answer.MALFORMED, identity.where() + " answered s_birthDate not as YYYY-MM-DD");
        }
        return new InsIdentity(new Ins(value, system, Ins.Status.RETRIEVED), new InsTraits(identity.text("s_birthName"),
                identity.text("s_given"), sex, birthDate, identity.optionalText("s_birthPlace")));
    }

    /** VitaleStatus (EFFICIENCE-API.md §3.13): 3 a production card, 4 a test card, 5 a demonstration card. */
    private static final int VITALE_PRODUCTION_CARD = 3;
    private static final int VITALE_DEMO_CARD = 5;
    private static final Pattern YYMMDD = Pattern.compile("[0-9]{6}");
    private static final Pattern DDMMYYYY = Pattern.compile("[0-9]{4}(18|19|20)[0-9]{2}");
    private static final Pattern NIR = Pattern.compile("[0-9][0-9AB]{12}([0-9]{2})?");

    /**
     * @return YYMMDD as read, or DDMMYYYY (the service from 2.0.0) as YYMMDD: a lunar date stays as it is
     * @throws IOException naming the patient's place and the field, never the value
     */
    static String vitaleDate(String date, int patient) throws IOException {
        if (YYMMDD.matcher(date).matches()) {
            return date;
        }
        if (DDMMYYYY.matcher(date).matches()) {
            return date.substring(6, 8) + date.substring(2, 4) + date.substring(0, 2);
        }
        throw new IOException("hl_readVitaleCard: Patients[" + (patient - 1) + "].s_birthday is neither YYMMDD nor DDMMYYYY");
    }

    /** @return the NIR without its spaces: 13 characters, or 15 with the key */
    static String nir(String value, String field, int patient) throws IOException {
        String compact = value.replace(" ", "");
        if (!NIR.matcher(compact).matches()) {
            throw new IOException("hl_readVitaleCard: Patients[" + (patient - 1) + "]." + field + " is not a NIR of 13 characters,"
                    + " or 15 with its key");
        }
        return compact;
    }

    private ObjectNode patient(Ins ins) throws ConnectorException {
        return inSession().put("s_ins", ins.value());
    }

    private ObjectNode inSession() throws ConnectorException {
        return inSession(session);
    }

    /** @param current the session as read once by the caller, whose other fields it reads too */
    private static ObjectNode inSession(Session current) throws ConnectorException {
        String id = current.id().orElseThrow(() -> new ConnectorException(Kind.TRANSIENT, ConnectorException.NO_SESSION,
                "no DMP session is open: open one with the CPS PIN"));
        return request().put("s_sessionId", id);
    }

    /**
     * Jackson and the HTTP client load a few hundred classes: about 0.2 s at the container's start.
     * They are made at the first DMP call instead, so that binding this driver costs nothing.
     */
    static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static ObjectNode request() {
        return Json.MAPPER.createObjectNode();
    }

    /**
     * Sends one small command the service passes on to a teleservice (a change of the DMP, an INSi
     * call): waited for as long as the service waits for it ({@code transactions.timeout.seconds})
     * and more, so that an answer is not given up while the DMP may still take a change.
     */
    private JsonNode change(String command, ObjectNode request) throws ConnectorException {
        return exchange(command, request, body(command, request), Optional.empty(), changeWait());
    }

    private Duration changeWait() {
        Duration service = connection.transactionsTimeout().plus(SERVICE_MARGIN);
        return service.compareTo(timeout) > 0 ? service : timeout;
    }

    /** Sends one small command. */
    private JsonNode call(String command, ObjectNode request) throws ConnectorException {
        return exchange(command, request, body(command, request), Optional.empty(), timeout);
    }

    private static HttpRequest.BodyPublisher body(String command, ObjectNode request) throws ConnectorException {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(request.put("s_commandName", command)));
        } catch (JsonProcessingException e) {
            throw notWritten(command, e);
        }
    }

    /**
     * Sends one command; every failure becomes a {@link ConnectorException} saying whether to retry.
     *
     * @param envelope the request's fields (its session id tells which session an "unknown session" answer ends)
     * @param body the request's body
     * @param content where to decode the answer's document content, if it carries one
     * @param within the longest wait for the answer, the request's sending included
     */
    private JsonNode exchange(String command, ObjectNode envelope, HttpRequest.BodyPublisher body, Optional<Sink> content,
            Duration within) throws ConnectorException {
        Transport.Reply response;
        try {
            response = transport.send(command, body, within);
        } catch (SSLHandshakeException e) {
            throw new ConnectorException(Kind.TRANSIENT, "TLS_NOT_TRUSTED", "the Efficience service at " + address
                    + " was not trusted: its certificate is not one trust.certificates names (or the system's authorities"
                    + " know), or not for the address's name (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ConnectorException(Kind.TRANSIENT, "UNREACHABLE",
                    "the Efficience service at " + address + " did not answer " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(Kind.TRANSIENT, "INTERRUPTED", command + " was interrupted");
        }
        if (response.status() >= 400) {
            closeQuietly(response.body());
            throw new ConnectorException(response.status() >= 500 ? Kind.TRANSIENT : Kind.PERMANENT,
                    "HTTP_" + response.status(), "the Efficience service " + (response.status() >= 500 ? "failed on "
                            : "refused ") + command + " (HTTP " + response.status() + ")");
        }
        JsonNode answer;
        try (InputStream in = response.body()) {
            answer = read(in, content);
        } catch (JacksonException e) {
            throw new ConnectorException(Kind.PERMANENT, Answer.MALFORMED,
                    "the Efficience service's answer to " + command + " is not a JSON object: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConnectorException(Kind.TRANSIENT, ANSWER_CUT,
                    "the Efficience service's answer to " + command + " was cut short: " + e.getMessage());
        }
        if (!"OK".equals(answer.path("s_status").asText())) {
            throw refusal(command, envelope, answer);
        }
        return answer;
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            LOG.debug("An answer's body could not be closed: {}", e.toString());
        }
    }

    /** Reads an answer object field by field; a document's content goes to the sink as it is decoded. */
    private static JsonNode read(InputStream in, Optional<Sink> content) throws IOException {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(parser, "the answer does not start with {");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (content.isPresent() && field.equals(CONTENT_OUT) && value == JsonToken.VALUE_STRING) {
                    content.get().found = true;
                    parser.readBinaryValue(content.get());
                } else {
                    answer.set(field, Json.MAPPER.readTree(parser));
                }
            }
        }
        return answer;
    }

    /**
     * An API_ERROR answer (EFFICIENCE-API.md §1.4, §3.1): an unknown session ends the driver's; the
     * service's technical failures and a DMP that cannot be reached (CurlErrors) are transient,
     * everything else is permanent. The codes of types 1 to 4 are not published: the code is
     * {@code API_<type>_<code>} ({@code ERROR} for an error without a type), and the message carries
     * the service's description and extended informations.
     */
    private ConnectorException refusal(String command, ObjectNode envelope, JsonNode answer) {
        int type = answer.path("i_apiErrorType").asInt();
        int code = answer.path("i_apiErrorCode").asInt();
        String description = description(answer);
        if (type == SERVICE_ERRORS && code == INVALID_SESSION) {
            String id = envelope.path("s_sessionId").asText();
            forgetSession(id, "the Efficience service no longer knows the session");
            return new ConnectorException(Kind.TRANSIENT, ConnectorException.NO_SESSION,
                    "the DMP session was closed by the Efficience service: open one with the CPS PIN");
        }
        String extended = answer.path("s_apiErrorExtendedInformations").asText();
        boolean retry = type == CURL_ERRORS || type == SERVICE_ERRORS && code == TECHNICAL;
        return new ApiRefusal(retry ? Kind.TRANSIENT : Kind.PERMANENT,
                answer.has("i_apiErrorType") ? "API_" + type + "_" + code : answer.path("s_status").asText("ERROR"),
                command + " failed: " + description + (extended.isEmpty() ? "" : " (" + extended + ")"), type);
    }

    /** @return the description of an error answer of the service (EFFICIENCE-API.md §1.4) */
    static String description(JsonNode answer) {
        return answer.path("s_apiErrorDescription").asText(answer.path("s_errorDescription").asText("no description"));
    }

    /** An error answer of the service, with its error type (0 for an error without one). */
    private static final class ApiRefusal extends ConnectorException {
        private static final long serialVersionUID = 1L;
        private final int type;

        ApiRefusal(Kind kind, String code, String message, int type) {
            super(kind, code, message);
            this.type = type;
        }
    }

    private static int visibility(Set<Confidentiality> flags) {
        int bits = 0;
        for (Confidentiality flag : flags) {
            bits |= switch (flag) {
                case INVISIBLE_PATIENT -> HIDDEN_FROM_PATIENT;
                case MASQUE_PS -> MASKED_TO_PROFESSIONALS;
                case INVISIBLE_REPRESENTANTS_LEGAUX -> HIDDEN_FROM_LEGAL_REPRESENTATIVES;
            };
        }
        return bits == 0 ? VISIBLE_TO_ALL : bits;
    }

    private static Set<Confidentiality> confidentiality(Answer document, String field) throws ConnectorException {
        int bits = document.integer(field);
        if (bits == 0 || (bits & ~KNOWN_VISIBILITY) != 0) {
            throw document.unknown(field, "document visibility");
        }
        Set<Confidentiality> flags = EnumSet.noneOf(Confidentiality.class);
        if ((bits & HIDDEN_FROM_PATIENT) != 0) {
            flags.add(Confidentiality.INVISIBLE_PATIENT);
        }
        if ((bits & MASKED_TO_PROFESSIONALS) != 0) {
            flags.add(Confidentiality.MASQUE_PS);
        }
        if ((bits & HIDDEN_FROM_LEGAL_REPRESENTATIVES) != 0) {
            flags.add(Confidentiality.INVISIBLE_REPRESENTANTS_LEGAUX);
        }
        return flags;
    }

    private static DocumentStatus status(Answer document, String field) throws ConnectorException {
        return switch (document.integer(field)) {
            case 1 -> DocumentStatus.APPROVED;
            case 2 -> DocumentStatus.DEPRECATED;
            case 4 -> DocumentStatus.ARCHIVED;
            default -> throw document.unknown(field, "document status");
        };
    }

    /** A DMP date and time, YYYYMMDDhhmmss, in UTC as XDS dates are. */
    private static Instant instant(Answer document, String field) throws ConnectorException {
        String text = document.text(field);
        try {
            return LocalDateTime.parse(text, DMP_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw document.unknown(field, "date (YYYYMMDDhhmmss)");
        }
    }

    /** A document of {@code hl_findDocuments} (EFFICIENCE-API.md §2.8), its first author as the one who deposited it. */
    private static DocumentEntry entry(Answer document) throws ConnectorException {
        Optional<Answer> author = document.items("Authors").stream().findFirst();
        return new DocumentEntry(
                document.text("s_uniqueId"),
                document.text("s_title"),
                document.optionalText("s_description").orElse(""),
                document.text("s_typeCode"),
                format(document, "i_document_Format"),
                confidentiality(document, "i_document_Visibility"),
                status(document, "i_document_Status"),
                author.isPresent() ? authorName(author.get()) : "",
                author.isPresent() ? author.get().optionalText("s_hpProfession").orElse("") : "",
                author.isPresent() ? author.get().optionalText("s_hpSpeciality") : Optional.empty(),
                Optional.empty(),
                instant(document, "s_creationDate"),
                instant(document, "s_submissionDate"),
                Optional.empty());
    }

    /** The author's national id, or his name when the DMP gives none. */
    private static String authorName(Answer author) throws ConnectorException {
        Optional<String> id = author.optionalText("s_hpInternalId");
        if (id.isPresent()) {
            return id.get();
        }
        return (author.optionalText("s_hpName").orElse("") + " " + author.optionalText("s_hpGiven").orElse("")).strip();
    }

    /** The XDS format code of the formats this program sends; the API's DocumentFormat name for the others. */
    private static String format(Answer document, String field) throws ConnectorException {
        return switch (document.integer(field)) {
            case 1 -> DocumentFormat.TEXT.formatCode();
            case 2 -> "RtfText";
            case 3 -> "JpgImage";
            case 4 -> "TiffImage";
            case 5 -> DocumentFormat.PDF.formatCode();
            case 6 -> "VsmDocument";
            case 7 -> "CrBiologie";
            case 40 -> "DluDocument";
            case 41 -> "DluFludtDocument";
            case 42 -> "DluFludrDocument";
            default -> throw document.unknown(field, "document format");
        };
    }
}
