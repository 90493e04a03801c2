package com.medialogis.dmp.efficience.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.medialogis.dmp.connector.Access;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.ConnectorException.Kind;
import com.medialogis.dmp.connector.Confidentiality;
import com.medialogis.dmp.connector.DepositReceipt;
import com.medialogis.dmp.connector.DmpConnector;
import com.medialogis.dmp.connector.DmpState;
import com.medialogis.dmp.connector.DmpStatus;
import com.medialogis.dmp.connector.DocumentEntry;
import com.medialogis.dmp.connector.DocumentMetadata;
import com.medialogis.dmp.connector.DocumentQuery;
import com.medialogis.dmp.connector.DocumentStatus;
import com.medialogis.dmp.connector.PatientForm;
import com.medialogis.dmp.connector.SessionState;
import com.medialogis.dmp.identity.Ins;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Efficience local JSON API (DOMAIN.md §5): one HTTP POST per command to
 * {@code <address>/api/<command>}. Network failures, timeouts and "DMP unavailable" answers are
 * transient; the DMP's refusals and malformed requests are permanent, with the DMP's code. Several
 * calls may run at once (one shared {@link HttpClient}).
 *
 * <p>The session lives in the Efficience service, not in this driver: its id is kept in the
 * bundle's data area, so that a new build of the driver installed over this one (a bundle update
 * keeps that area) resumes the open session without asking for the PIN again. The id is deleted
 * when the session is closed or when the service no longer knows it.
 */
@Component(configurationPid = EfficienceConnector.PID)
@Designate(ocd = EfficienceConnector.Config.class)
public final class EfficienceConnector implements DmpConnector {

    static final String PID = "com.medialogis.dmp.connector.efficience";

    @ObjectClassDefinition(name = "DMP connector: Efficience",
            description = "Icanopée's Efficience service, which holds the DMP connection of the workstation.")
    public @interface Config {
        @AttributeDefinition(description = "Address of the Efficience service (http or https, host and port).")
        String address() default "http://127.0.0.1:9982";

        @AttributeDefinition(description = "Longest wait, in milliseconds, for a connection and for each answer (100 to 120000).")
        long timeout_millis() default 10_000;
    }

    private static final String SESSION_FILE = "session";
    private static final Logger LOG = LoggerFactory.getLogger(EfficienceConnector.class);
    private static final int REQUEST_ERROR = 1;
    private static final int UNAVAILABLE = 3;
    /** The service's code for a session id it does not know (closed, expired, or the service restarted). */
    private static final int UNKNOWN_SESSION = 10;
    /** Efficience's visibility bits; 1 alone means visible to all. */
    private static final int VISIBLE_TO_ALL = 1;
    private static final int HIDDEN_FROM_PATIENT = 2;
    private static final int MASKED_TO_PROFESSIONALS = 4;
    private static final int HIDDEN_FROM_LEGAL_REPRESENTATIVES = 8;

    private final URI address;
    private final Duration timeout;
    private volatile HttpClient http;
    private final Optional<Path> sessionFile;
    private volatile String sessionId;
    private volatile SessionState session;

    @Activate
    public EfficienceConnector(Config config, BundleContext context) {
        this(address(config.address()), timeout(config.timeout_millis()),
                Optional.ofNullable(context.getDataFile(SESSION_FILE)).map(File::toPath));
    }

    /**
     * @param address the Efficience service, for example {@code http://127.0.0.1:9982}
     * @param timeout the longest wait for a connection and for each answer
     * @param sessionFile where the open session's id is kept for the next build of the driver
     */
    public EfficienceConnector(URI address, Duration timeout, Optional<Path> sessionFile) {
        this.address = address;
        this.timeout = timeout;
        this.sessionFile = sessionFile;
        this.sessionId = sessionFile.flatMap(EfficienceConnector::readSessionId).orElse(null);
        this.session = sessionId == null
                ? new SessionState(SessionState.State.CLOSED, "no session opened yet", Instant.now())
                : new SessionState(SessionState.State.OPEN, "DMP session resumed from the previous driver build",
                        sessionFile.map(EfficienceConnector::lastModified).orElseGet(Instant::now));
    }

    private static URI address(String text) {
        try {
            URI address = new URI(text);
            if (!("http".equals(address.getScheme()) || "https".equals(address.getScheme())) || address.getHost() == null) {
                throw new IllegalArgumentException(PID + ": address must be http(s)://host:port, not '" + text + "'");
            }
            return address;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(PID + ": address is not a URI: '" + text + "'", e);
        }
    }

    private static Duration timeout(long millis) {
        if (millis < 100 || millis > 120_000) {
            throw new IllegalArgumentException(PID + ": timeout.millis must be between 100 and 120000, not " + millis);
        }
        return Duration.ofMillis(millis);
    }

    @Override
    public String name() {
        return "Efficience";
    }

    @Override
    public SessionState session() {
        return session;
    }

    /** The API takes the PIN as a JSON string: it exists as such only for the time of the request. */
    @Override
    public void openSession(char[] pin) throws ConnectorException {
        try {
            String id = call("hl_openSession", request()).get("s_sessionId").asText();
            ObjectNode connector = request().put("s_sessionId", id).put("s_pinCode", new String(pin));
            call("hl_createDmpConnector", connector);
            sessionId = id;
            keepSessionId(id);
            session = new SessionState(SessionState.State.OPEN, "DMP session open", Instant.now());
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    @Override
    public void closeSession() throws ConnectorException {
        String id = sessionId;
        if (id == null) {
            return;
        }
        forgetSession("closed by the user");
        call("hl_closeSession", request().put("s_sessionId", id));
    }

    private void forgetSession(String why) {
        sessionId = null;
        session = new SessionState(SessionState.State.CLOSED, why, Instant.now());
        sessionFile.ifPresent(file -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("The closed DMP session's id could not be deleted from {}: {}", file, e.toString());
            }
        });
    }

    /** Written to a new file then moved in place, readable by the container's user only. */
    private void keepSessionId(String id) {
        sessionFile.ifPresent(file -> {
            try {
                Path next = file.resolveSibling(file.getFileName() + ".next");
                Files.deleteIfExists(next);
                Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(next, id);
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | UnsupportedOperationException e) {
                LOG.warn("The DMP session's id could not be kept in {}: a new driver build will ask for the PIN again ({})",
                        file, e.toString());
            }
        });
    }

    private static Optional<String> readSessionId(Path file) {
        try {
            String id = Files.readString(file).strip();
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("The DMP session's id could not be read from {}: {}", file, e.toString());
            return Optional.empty();
        }
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
        JsonNode answer = call("hl_getDirectAuthenticationDMPStatus", patient(ins));
        return switch (answer.path("i_dmpStatus").asInt()) {
            case 1 -> switch (answer.path("i_userAuthorization").asInt()) {
                case 2 -> DmpStatus.of(DmpState.AUTHORIZED);
                case 4 -> DmpStatus.of(DmpState.DENIED);
                case 3 -> new DmpStatus(DmpState.NOT_AUTHORIZED, Optional.empty(), "authorization expired");
                default -> DmpStatus.of(DmpState.NOT_AUTHORIZED);
            };
            case 2 -> new DmpStatus(DmpState.CLOSED, closingDate(answer.path("s_dmpClosingDate").asText()), "");
            case 3 -> DmpStatus.of(DmpState.NOT_FOUND);
            default -> throw new ConnectorException(Kind.PERMANENT, "UNKNOWN_DMP_STATUS",
                    "the DMP answered an unknown status " + answer.path("i_dmpStatus"));
        };
    }

    @Override
    public void create(Ins ins, PatientForm form) throws ConnectorException {
        call("hl_createDmp", patientForm(ins, form));
    }

    @Override
    public void reactivate(Ins ins, PatientForm form) throws ConnectorException {
        call("hl_reactivateDmp", patientForm(ins, form));
    }

    @Override
    public void authorize(Ins ins, boolean granted) throws ConnectorException {
        call("hl_updateUserDmpAccessAuthorization", patient(ins).put("i_action", granted ? 1 : 2));
    }

    @Override
    public void access(Ins ins, Access access) throws ConnectorException {
        int mode = switch (access.mode()) {
            case NORMAL -> 1;
            case BRIS_DE_GLACE -> 2;
            case CENTRE_15 -> 3;
        };
        call("hl_setDmpAccessMode", patient(ins).put("i_accessMode", mode).put("s_reason", access.reason()));
    }

    @Override
    public List<DocumentEntry> find(Ins ins, DocumentQuery query) throws ConnectorException {
        ObjectNode request = patient(ins);
        ArrayNode categories = request.putArray("a_categories");
        query.categories().forEach(category -> categories.add(category.code()));
        ArrayNode statuses = request.putArray("a_statuses");
        query.statuses().forEach(status -> statuses.add(status.name()));
        List<DocumentEntry> found = new ArrayList<>();
        for (JsonNode document : call("hl_findDocuments", request).path("Documents")) {
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
    public byte[] retrieve(Ins ins, String uniqueId) throws ConnectorException {
        JsonNode answer = call("hl_getDocumentContentByUniqueId", patient(ins).put("s_uniqueId", uniqueId));
        try {
            return Base64.getDecoder().decode(answer.path("s_fileContentInBase64").asText());
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(Kind.PERMANENT, "MALFORMED_CONTENT", "the document's content is not base64");
        }
    }

    @Override
    public DepositReceipt deposit(Ins ins, DocumentMetadata metadata, byte[] content) throws ConnectorException {
        ObjectNode request = patient(ins)
                .put("s_uniqueId", metadata.uniqueId())
                .put("s_documentTitle", metadata.title())
                .put("s_documentDescription", metadata.description())
                .put("s_documentCategory", metadata.category().code())
                .put("i_documentVisibility", visibility(metadata.confidentiality()))
                .put("s_documentFormat", metadata.format().formatCode())
                .put("s_healthcareSetting", metadata.practiceSetting().name())
                .put("s_fileContentInBase64", Base64.getEncoder().encodeToString(content));
        metadata.replaces().ifPresent(replaced -> request.put("s_replacedDocumentUniqueId", replaced));
        JsonNode answer = call("hl_sendDocument", request);
        return new DepositReceipt(answer.path("s_uniqueId").asText(metadata.uniqueId()), Instant.now());
    }

    private ObjectNode patientForm(Ins ins, PatientForm form) throws ConnectorException {
        if (!form.consent()) {
            throw new ConnectorException(Kind.PERMANENT, "CONSENT_REQUIRED",
                    "the patient's consent is required to create or reactivate a DMP");
        }
        ObjectNode request = patient(ins)
                .put("s_patientName", form.name())
                .put("s_patientGivenName", form.firstName())
                .put("s_birthDate", form.birthDate().format(DateTimeFormatter.BASIC_ISO_DATE))
                .put("i_sex", form.sex().ordinal() + 1)
                .put("i_consent", 1)
                .put("i_brisDeGlaceOpposition", form.opposesBrisDeGlace() ? 1 : 0)
                .put("i_centre15Opposition", form.opposesCentre15() ? 1 : 0);
        form.civility().ifPresent(civility -> request.put("s_civility", civility.name()));
        form.mobilePhone().ifPresent(phone -> request.put("s_mobilePhone", phone).put("i_smsAccess", form.smsAccess() ? 1 : 0));
        form.email().ifPresent(email -> request.put("s_email", email).put("i_emailAccess", form.emailAccess() ? 1 : 0));
        form.legalRepresentative().ifPresent(representative -> request.put("s_legalRepresentative", representative));
        return request;
    }

    private ObjectNode patient(Ins ins) throws ConnectorException {
        String id = sessionId;
        if (id == null) {
            throw new ConnectorException(Kind.TRANSIENT, ConnectorException.NO_SESSION, "no DMP session is open: open one with the CPS PIN");
        }
        return request().put("s_sessionId", id).put("s_ins", ins.value());
    }

    /**
     * Jackson and the HTTP client load a few hundred classes: about 0.2 s at the container's start.
     * They are made at the first DMP call instead, so that binding this driver costs nothing.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                client = http;
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(timeout).build();
                    http = client;
                }
            }
        }
        return client;
    }

    private ObjectNode request() {
        return Json.MAPPER.createObjectNode();
    }

    /** Sends one command; every failure becomes a {@link ConnectorException} saying whether to retry. */
    private JsonNode call(String command, ObjectNode request) throws ConnectorException {
        request.put("s_commandName", command);
        HttpResponse<byte[]> response;
        try {
            HttpRequest post = HttpRequest.newBuilder(address.resolve("/api/" + command))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(request)))
                    .build();
            response = http().send(post, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ConnectorException(Kind.TRANSIENT, "UNREACHABLE",
                    "the Efficience service at " + address + " did not answer " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(Kind.TRANSIENT, "INTERRUPTED", command + " was interrupted");
        }
        if (response.statusCode() >= 500) {
            throw new ConnectorException(Kind.TRANSIENT, "HTTP_" + response.statusCode(),
                    "the Efficience service failed on " + command + " (HTTP " + response.statusCode() + ")");
        }
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new ConnectorException(Kind.TRANSIENT, "MALFORMED_ANSWER",
                    "the Efficience service's answer to " + command + " is not JSON");
        }
        if (answer == null || !"OK".equals(answer.path("s_status").asText())) {
            answer = answer == null ? Json.MAPPER.createObjectNode() : answer;
            if (answer.path("i_apiErrorType").asInt() == REQUEST_ERROR && answer.path("i_apiErrorCode").asInt() == UNKNOWN_SESSION) {
                forgetSession("the Efficience service no longer knows the session");
                throw new ConnectorException(Kind.TRANSIENT, ConnectorException.NO_SESSION,
                        "the DMP session was closed by the Efficience service: open one with the CPS PIN");
            }
            throw refusal(command, answer);
        }
        return answer;
    }

    private static ConnectorException refusal(String command, JsonNode answer) {
        int type = answer.path("i_apiErrorType").asInt();
        String context = answer.path("s_apiErrorContext").asText();
        String code = context.isEmpty() ? "API_" + type + "_" + answer.path("i_apiErrorCode").asInt() : context;
        String message = command + " failed: " + answer.path("s_apiErrorDescription").asText("no description");
        return new ConnectorException(type == UNAVAILABLE ? Kind.TRANSIENT : Kind.PERMANENT, code, message);
    }

    private static Optional<LocalDate> closingDate(String text) {
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
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

    private static Set<Confidentiality> confidentiality(int bits) {
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

    private static DocumentEntry entry(JsonNode document) {
        Instant deposited = instant(document.path("s_submissionDate").asText());
        String replaced = document.path("s_replacedDocumentUniqueId").asText();
        return new DocumentEntry(
                document.path("s_uniqueId").asText(),
                document.path("s_title").asText(),
                document.path("s_description").asText(),
                document.path("s_typeCode").asText(),
                document.path("s_formatCode").asText(),
                confidentiality(document.path("i_visibility").asInt(VISIBLE_TO_ALL)),
                switch (document.path("i_status").asInt(1)) {
                    case 2 -> DocumentStatus.DEPRECATED;
                    case 4 -> DocumentStatus.ARCHIVED;
                    case 8 -> DocumentStatus.DELETED;
                    default -> DocumentStatus.APPROVED;
                },
                document.path("s_authorId").asText(),
                document.path("s_authorProfession").asText(),
                Optional.empty(),
                Optional.empty(),
                instant(document.path("s_creationDate").asText(document.path("s_submissionDate").asText())),
                deposited,
                replaced.isEmpty() ? Optional.empty() : Optional.of(replaced));
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
