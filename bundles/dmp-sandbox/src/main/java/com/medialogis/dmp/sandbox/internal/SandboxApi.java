package com.medialogis.dmp.sandbox.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.medialogis.dmp.connector.DocumentContent;
import com.medialogis.dmp.sandbox.internal.EfficienceApi.Command;
import com.medialogis.dmp.sandbox.internal.SimulatedDmp.Document;
import com.medialogis.dmp.sandbox.internal.SimulatedDmp.Existence;
import com.medialogis.dmp.sandbox.internal.SimulatedDmp.Patient;
import com.medialogis.dmp.support.ids.Oids;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The Efficience local JSON API as the sandbox serves it: {@code POST /api/<command in lower case>} with one JSON
 * object, held to the published description ({@link EfficienceApi}): a command it does not list, a
 * field it does not list for the command, a required field missing or a value of another type is
 * refused as the service refuses it. Answers carry exactly the published output fields.
 *
 * <p>Errors are {@code s_status} {@code API_ERROR} with the published fields (EFFICIENCE-API.md
 * §1.4) and types (§3.1): 6000 for the service's own (1 ErrTechnical, 2 ErrFunctional: a request
 * that does not keep to the API, 3 ErrInvalidSession), 1 ApiErrors for a wrong CPS PIN, 2 DMPErrors
 * for the DMP's refusals, 3 CurlErrors for a DMP that cannot be reached. The codes of types 1 to 3
 * are not published: the sandbox answers 0 for types 1 and 2, naming its refusal in
 * {@code s_apiErrorExtendedInformations}, and libcurl's CURLE_OPERATION_TIMEDOUT (28) for type 3.
 * A document's content is decoded from base64 to its file as the request is read, and encoded from
 * its file as the answer is written: the sandbox never holds one in memory.
 */
final class SandboxApi implements HttpHandler {

    static final int API_ERRORS = 1;
    static final int DMP_ERRORS = 2;
    static final int CURL_ERRORS = 3;
    static final int SERVICE_ERRORS = 6000;
    /** Codes of type 6000 (DmpConnectJsErrorCodes). */
    static final int TECHNICAL = 1;
    static final int FUNCTIONAL = 2;
    static final int INVALID_SESSION = 3;
    /** The codes of types 1 and 2 are not published. */
    static final int UNPUBLISHED = 0;
    /** libcurl's CURLE_OPERATION_TIMEDOUT, for a DMP that does not answer (type 3 is CurlErrors). */
    static final int CURL_TIMEOUT = 28;
    /** The CPx monitoring's statuses by their number (EFFICIENCE-API.md §3.12). */
    private static final List<String> CPX_STATUSES = List.of("NotInitialized", "ValidCardInserted", "NoCardInserted",
            "UnknownCardInserted", "CardStatusChanged", "CardIsBlocked", "CardIsExpired", "CpxReaderError");
    /** The sandbox's bound of a monitoring's checking interval, in seconds. */
    static final int LONGEST_CHECKING_INTERVAL = 3600;
    /** The virtual CPS's card number, the card simulator's; hl_getCpxStatus' s_cardId is "the serial number of the card". */
    static final String CPS_CARD_ID = "8025000001000123452";
    /** Its end of validity: the form of s_validityDate is not published (efficience-api.json's about). */
    static final String CPS_VALIDITY = "20291231";
    /** The largest document a setting may allow, in base64, and room for the other fields. */
    static final long MAX_REQUEST_BYTES = (DocumentContent.LARGEST_ALLOWED + 2L) / 3 * 4 + 1024 * 1024;
    static final String CONTENT_IN = "s_fileContentBase64";
    static final String CONTENT_OUT = "s_fileContentInBase64";
    /** The DMP's dates and times (EFFICIENCE-API.md §2.8: "20161110165758"), in UTC. */
    private static final DateTimeFormatter DMP_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final Map<Integer, String> ERROR_TYPES = Map.of(API_ERRORS, "ApiErrors", DMP_ERRORS, "DMPErrors",
            CURL_ERRORS, "CurlErrors", SERVICE_ERRORS, "DmpConnectJsSoftwareErrors");
    private static final System.Logger LOG = System.getLogger(SandboxApi.class.getName());

    /**
     * A client's session: the CPx and Vitale objects it took (their reader and the card in it then),
     * its DMP connector created with the PIN, and its access mode.
     */
    private static final class Session {
        volatile Optional<Taken> cpx = Optional.empty();
        volatile Optional<Taken> vitale = Optional.empty();
        volatile boolean vitaleRead;
        volatile boolean connected;
        volatile boolean insiConnected;
        volatile int accessMode = 1;
    }

    /** An error answer of the API. */
    static final class ApiError extends Exception {
        private static final long serialVersionUID = 1L;
        private final int type;
        private final int code;
        private final String extended;

        ApiError(int type, int code, String description, String extended) {
            super(description);
            this.type = type;
            this.code = code;
            this.extended = extended;
        }

        static ApiError functional(String description) {
            return new ApiError(SERVICE_ERRORS, FUNCTIONAL, description, "");
        }
    }

    /**
     * A request's fields, and the file its document's content was decoded to, if it had one; the
     * file is deleted on close unless the DMP kept it.
     */
    private record Request(ObjectNode fields, Optional<Path> content) implements AutoCloseable {
        /** A file that cannot be deleted is logged, not answered: the command was carried out, and the DMP sweeps uploads at start. */
        @Override
        public void close() {
            if (content.isPresent()) {
                try {
                    Files.deleteIfExists(content.get());
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "An upload of the DMP sandbox could not be deleted: " + e);
                }
            }
        }
    }

    /** An answer, written as JSON to the exchange. */
    @FunctionalInterface
    private interface Reply {
        void send(HttpExchange exchange) throws IOException;
    }

    /** A card object of a session: the reader, and the card's generation when it was taken. */
    private record Taken(String reader, long generation) {}

    /** A monitoring command's pushes (EFFICIENCE-API.md §1.1): each event with the card it is of, empty once the session is closed. */
    record Monitor(int intervalSeconds, Supplier<Optional<Event>> event) {}

    /** @param generation the card the event is of: a new card is told even when its event reads the same */
    record Event(ObjectNode fields, long generation) {}

    private final SimulatedDmp dmp;
    private final SimulatedReaders readers;
    private final Faults faults;
    private final EfficienceApi api = EfficienceApi.published();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Each command by its path: its name in lower case (EFFICIENCE-API.md §1.2). */
    private final Map<String, String> byPath = api.commands().stream().map(Command::name)
            .collect(Collectors.toUnmodifiableMap(name -> name.toLowerCase(Locale.ROOT), name -> name));

    SandboxApi(SimulatedDmp dmp, SimulatedReaders readers, Faults faults) {
        this.dmp = dmp;
        this.readers = readers;
        this.faults = faults;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, error(SERVICE_ERRORS, FUNCTIONAL, "commands are sent with POST", "", ""));
                return;
            }
            String path = exchange.getRequestURI().getPath().substring("/api/".length());
            Optional<String> named = Optional.ofNullable(byPath.get(path));
            String command = named.orElse(path);
            faults.count(command);
            Reply reply;
            try {
                reply = named.isPresent() ? answer(command, exchange.getRequestBody()) : json(error(SERVICE_ERRORS, FUNCTIONAL,
                        "unknown command '" + path + "' (a path is a command's name in lower case)", path, ""));
            } catch (RuntimeException e) {
                // A fault of the sandbox itself (a full disk...): logged through the JDK's logger, which
                // bin/dmp-sandbox has too, and answered as a server failure, which a driver retries.
                LOG.log(System.Logger.Level.ERROR, "The DMP sandbox failed on " + command, e);
                ObjectNode failure = error(SERVICE_ERRORS, TECHNICAL, "the sandbox failed: " + e, command, "");
                reply = answer -> send(answer, 500, failure);
            }
            reply.send(exchange);
        }
    }

    /**
     * @param command the command the path names, in lower case as the only published form has it
     *     (EFFICIENCE-API.md §1.2); a path in another case names no command
     */
    private Reply answer(String command, InputStream body) {
        try (Request request = read(body)) {
            Optional<String> refusal = api.refusal(command, request.fields()).or(() -> api.command(command).orElseThrow().persistent()
                    ? Optional.of(command + " keeps its socket open: the sandbox serves it on its monitoring WebSocket only")
                    : Optional.empty());
            if (refusal.isPresent()) {
                return json(error(SERVICE_ERRORS, FUNCTIONAL, refusal.get(), command, ""));
            }
            return execute(command, request);
        } catch (JacksonException e) {
            return json(error(SERVICE_ERRORS, FUNCTIONAL, "the body is not JSON: " + e.getOriginalMessage(), command, ""));
        } catch (IOException e) {
            return json(error(SERVICE_ERRORS, FUNCTIONAL, "the request could not be read: " + e.getMessage(), command, ""));
        } catch (ApiError e) {
            return json(error(e.type, e.code, e.getMessage(), command, e.extended));
        } catch (DmpRefusal e) {
            return json(error(DMP_ERRORS, UNPUBLISHED, e.getMessage(), command, e.code()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return json(error(SERVICE_ERRORS, TECHNICAL, "the sandbox is stopping", command, ""));
        }
    }

    /**
     * Reads the request's fields; a document's content goes to a file as it is decoded, and stands
     * in the fields as an empty string, so that the request is checked as it was sent.
     */
    private Request read(InputStream body) throws IOException, ApiError {
        Path content = null;
        try (JsonParser parser = json.getFactory().createParser(new Limited(body))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiError.functional("the body must be one JSON object");
            }
            ObjectNode fields = json.createObjectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals(CONTENT_IN) && value == JsonToken.VALUE_STRING && content == null) {
                    content = dmp.newUpload();
                    decode(parser, content);
                    fields.put(CONTENT_IN, "");
                } else {
                    fields.set(field, json.readTree(parser));
                }
            }
            return new Request(fields, Optional.ofNullable(content));
        } catch (IOException | ApiError | RuntimeException e) {
            if (content != null) {
                try {
                    Files.deleteIfExists(content);
                } catch (IOException notDeleted) {
                    e.addSuppressed(notDeleted);
                }
            }
            throw e;
        }
    }

    private static void decode(JsonParser parser, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            parser.readBinaryValue(Channels.newOutputStream(channel));
            channel.force(true);
        }
    }

    /** A request body of at most {@link #MAX_REQUEST_BYTES}. */
    private static final class Limited extends FilterInputStream {
        private long read;

        Limited(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > MAX_REQUEST_BYTES) {
                throw new IOException("a request is at most " + MAX_REQUEST_BYTES + " bytes");
            }
        }
    }

    private Reply execute(String command, Request request) throws ApiError, DmpRefusal, InterruptedException {
        ObjectNode fields = request.fields();
        if (command.equals("hl_openSession")) {
            String id = UUID.randomUUID().toString();
            sessions.put(id, new Session());
            return json(ok().put("s_sessionId", id));
        }
        if (command.equals("getLogLevels")) {
            // LogVerbosity Disabled: the sandbox keeps no DmpConnect logs (EFFICIENCE-API.md §3.21).
            return json(ok().put("i_dmpConnectLogLevel", 0).put("i_dmpConnectJsLogLevel", 0));
        }
        Session session = session(fields.path("s_sessionId").asText());
        switch (command) {
            case "hl_closeSession" -> {
                sessions.remove(fields.path("s_sessionId").asText());
                return json(ok());
            }
            case "hl_getPcscReaders" -> {
                ObjectNode answer = ok();
                ArrayNode list = answer.putArray("Readers");
                for (Map.Entry<String, SimulatedReaders.Slot> reader : readers.slots().entrySet()) {
                    int slot = reader.getValue().type();
                    list.addObject().put("i_accessMode", 1).put("i_slotType", slot).put("s_accessMode", "Full PC/SC")
                            .put("s_name", reader.getKey()).put("s_slotType", switch (slot) {
                                case SimulatedReaders.ST_CPS_CARD -> "CPS card";
                                case SimulatedReaders.ST_VITALE_CARD -> "Vitale card";
                                default -> "No card";
                            });
                }
                return json(answer);
            }
            case "hl_getCpxCard" -> {
                session.cpx = Optional.of(take(fields, readers.readerOf("cps")));
                return json(ok());
            }
            case "hl_getCpxStatus" -> {
                cps(session, command);
                // CpxCardStatus, INFERRED to be the monitoring's (efficience-api.json's about): a CPS in its reader.
                int triesLeft = readers.triesLeft();
                return json(ok().put("i_nbInputLeft", triesLeft).put("s_validityDate", CPS_VALIDITY)
                        .put("s_cardId", CPS_CARD_ID).put("i_cardStatus", cpsStatus()));
            }
            case "hl_readCpxCard" -> {
                cps(session, command);
                checkPin(fields);
                ObjectNode answer = ok();
                answer.putArray("PracticeLocations").addObject().put("s_practiceLocationActivity", "SA07")
                        .put("s_practiceLocationHealthcareSettings", "SA07").put("s_practiceLocationName", "CABINET DR DUPONT");
                return json(answer.put("i_remainingPinCodeInputs", readers.triesLeft()).put("s_given", "JEANNE")
                        .put("s_internalId", Seed.DOCTOR).put("s_name", "DUPONT").put("s_profession", Seed.DOCTOR_PROFESSION)
                        .put("s_professionOid", "1.2.250.1.71.1.2.7").put("s_professionDescription", "Médecin")
                        .put("s_speciality", "SM26").put("s_specialityDescription", "Qualifié en médecine générale (SM)"));
            }
            case "hl_getVitaleCard" -> {
                if (fields.path("s_readerName").asText().isBlank() && !fields.has("i_readerNumber")) {
                    throw ApiError.functional("hl_getVitaleCard: name the reader holding the card (s_readerName or i_readerNumber)");
                }
                session.vitale = Optional.of(take(fields, readers.readerOf("vitale")));
                return json(ok());
            }
            case "hl_readVitaleCard" -> {
                Taken vitale = session.vitale.orElseThrow(() -> ApiError.functional(
                        "no Vitale card in this session: call hl_getVitaleCard first"));
                if (readers.slot(vitale.reader()).type() != SimulatedReaders.ST_VITALE_CARD) {
                    // VitaleStatus MissingCard (EFFICIENCE-API.md §3.13).
                    ObjectNode answer = ok().put("i_cardStatus", 1).put("s_cardStatusText", "No card.");
                    answer.putArray("Patients");
                    return json(answer);
                }
                session.vitaleRead = true;
                return json(vitaleContent(ok()));
            }
            case "hl_createDmpConnector" -> {
                checkCpsPin(session, fields);
                session.connected = true;
                return json(ok().put("s_instanceUniqueId", INSTANCE_UNIQUE_ID));
            }
            case "hl_createInsiConnector" -> {
                checkCpsPin(session, fields);
                session.insiConnected = true;
                return json(ok());
            }
            case "hl_getInsFromVitaleCard", "hl_getInsFromIdentityInformation", "hl_checkInsIdentity" -> {
                if (!session.insiConnected) {
                    throw ApiError.functional("no INSi connector in this session: call hl_createInsiConnector first");
                }
                checkLpsInfos(fields.path("LpsInfos"));
                inject("INSi");
                return json(SimulatedInsi.answer(command, fields, session.vitaleRead, ok()));
            }
            default -> {
                if (!session.connected) {
                    throw ApiError.functional("no DMP connector in this session: call hl_createDmpConnector first");
                }
                inject("the DMP");
                return dmpCommand(command, request, session);
            }
        }
    }

    /** @return the client's open session of that id */
    private Session session(String id) throws ApiError {
        Session session = sessions.get(id);
        if (session == null) {
            throw new ApiError(SERVICE_ERRORS, INVALID_SESSION, "unknown or closed session: open one with hl_openSession", "");
        }
        return session;
    }

    /** A connector (DMP or INSi) is created with the CPS taken and its PIN. */
    private void checkCpsPin(Session session, JsonNode fields) throws ApiError {
        cpx(session);
        checkPin(fields);
    }

    /** @return the CPx object taken in the session */
    private static Taken cpx(Session session) throws ApiError {
        return session.cpx.orElseThrow(() -> ApiError.functional("no CPx card in this session: call hl_getCpxCard first"));
    }

    /** The PIN presented to the virtual CPS: a wrong one spends a try (the codes of type 1 are not published). */
    private void checkPin(JsonNode fields) throws ApiError {
        int triesLeft = readers.present(fields.path("s_pinCode").asText());
        if (triesLeft == 0) {
            throw new ApiError(API_ERRORS, UNPUBLISHED, "the CPS is blocked: no PIN try left", "CPS_BLOCKED");
        }
        if (triesLeft > 0) {
            throw new ApiError(API_ERRORS, UNPUBLISHED, "wrong CPS PIN, " + triesLeft + " tries left", "CPS_WRONG_PIN");
        }
    }

    /**
     * The reader a card object is taken in, by its name or its place in hl_getPcscReaders' list. A
     * name the sandbox does not list is a reader this program reads itself through PC/SC (the
     * sandbox sees none of them): it stands for the sandbox's reader holding that card (or its own reader when out).
     */
    private Taken take(JsonNode fields, String readerOfTheCard) throws ApiError {
        String name = fields.path("s_readerName").asText();
        String reader;
        if (!name.isEmpty()) {
            reader = SimulatedReaders.READERS.contains(name) ? name : readerOfTheCard;
        } else {
            int number = fields.path("i_readerNumber").asInt(0);
            if (number < 0 || number >= SimulatedReaders.READERS.size()) {
                throw ApiError.functional("no reader number " + number + ": hl_getPcscReaders lists " + SimulatedReaders.READERS.size());
            }
            reader = SimulatedReaders.READERS.get(number);
        }
        return new Taken(reader, readers.slot(reader).generation());
    }

    /** The CPx object of the session, on the card still in its reader. */
    private void cps(Session session, String command) throws ApiError {
        Taken cpx = cpx(session);
        SimulatedReaders.Slot slot = readers.slot(cpx.reader());
        if (slot.type() != SimulatedReaders.ST_CPS_CARD) {
            throw ApiError.functional(command + ": no CPx card in " + cpx.reader());
        }
        if (slot.generation() != cpx.generation()) {
            throw ApiError.functional(command + ": the card in " + cpx.reader() + " changed: call hl_getCpxCard again");
        }
    }

    /** The virtual Vitale card as hl_readVitaleCard gives it: a demonstration card (VitaleStatus 5, EFFICIENCE-API.md §3.13). */
    private static ObjectNode vitaleContent(ObjectNode answer) {
        answer.put("i_cardStatus", 5).put("s_cardStatusText", "Card found. Demo card.");
        ArrayNode patients = answer.putArray("Patients");
        for (Seed.VitalePatient patient : Seed.VITALE_CARD) {
            patients.addObject().put("s_name", patient.name()).put("s_given", patient.given())
                    .put("s_birthday", patient.birthday()).put("s_nir", patient.nir())
                    .put("s_certifiedNir", patient.certifiedNir()).put("s_ins", patient.insC());
        }
        return answer;
    }

    /**
     * A monitoring command for the WebSocket (EFFICIENCE-API.md §1.1, §3.12, §3.14), held to the
     * description as any other; its card object must have been taken in the session.
     */
    Monitor monitor(String command, JsonNode fields) throws ApiError {
        if (!fields.isObject()) {
            throw ApiError.functional("the message must be one JSON object");
        }
        Optional<String> refusal = api.command(command).filter(EfficienceApi.Command::persistent).isEmpty()
                ? Optional.of("'" + command + "' is not a monitoring command: send it to /api/" + command.toLowerCase(Locale.ROOT))
                : api.refusal(command, fields);
        if (refusal.isPresent()) {
            throw ApiError.functional(refusal.get());
        }
        String id = fields.path("s_sessionId").asText();
        Session session = session(id);
        int interval = fields.path("i_checkingInterval").asInt();
        if (interval < 1 || interval > LONGEST_CHECKING_INTERVAL) {
            throw ApiError.functional("i_checkingInterval is a number of seconds from 1 to " + LONGEST_CHECKING_INTERVAL
                    + " for the sandbox (the service's bounds are not published)");
        }
        boolean cps = command.equals("hl_startCpxCardMonitoring");
        if (cps) {
            cpx(session);
        } else if (session.vitale.isEmpty()) {
            throw ApiError.functional("no Vitale card in this session: call hl_getVitaleCard first");
        }
        return new Monitor(interval, () -> sessions.get(id) != session ? Optional.empty()
                : Optional.of(cps ? cpxEvent(session.cpx.orElseThrow()) : vitaleEvent(session.vitale.orElseThrow())));
    }

    /** @return the API's answer to a refused request */
    ObjectNode refused(ApiError refusal, String command) {
        return error(refusal.type, refusal.code, refusal.getMessage(), command, refusal.extended);
    }

    private Event cpxEvent(Taken cpx) {
        SimulatedReaders.Slot slot = readers.slot(cpx.reader());
        int status;
        if (!slot.inserted()) {
            status = 2;
        } else if (slot.generation() != cpx.generation()) {
            status = 4;
        } else if (slot.type() != SimulatedReaders.ST_CPS_CARD) {
            status = 3;
        } else {
            status = cpsStatus();
        }
        return new Event(ok().put("i_cardStatus", status).put("s_cardStatus", CPX_STATUSES.get(status)), slot.generation());
    }

    /** CpxCardStatus of the virtual CPS in its reader: blocked (5) once no try is left, else valid (1). */
    private int cpsStatus() {
        return readers.triesLeft() == 0 ? 5 : 1;
    }

    private Event vitaleEvent(Taken vitale) {
        SimulatedReaders.Slot slot = readers.slot(vitale.reader());
        ObjectNode event = ok();
        int type = slot.type();
        if (type == SimulatedReaders.ST_NO_CARD) {
            event.put("i_cardStatus", 4).put("s_cardStatus", "CardMissing");
        } else if (type != SimulatedReaders.ST_VITALE_CARD) {
            event.put("i_cardStatus", 1).put("s_cardStatus", "ReadError");
        } else {
            event.put("i_cardStatus", 2).put("s_cardStatus", "NewCardFound").put("i_isDemoCard", 1);
            vitaleContent(event.putObject("VitaleContent"));
        }
        return new Event(event, slot.generation());
    }

    /** The values LpsInfos must have (EFFICIENCE-API.md §2.9): s_numAM 04, a billing number. */
    private static void checkLpsInfos(JsonNode software) throws ApiError {
        if (!"04".equals(software.path("s_numAM").asText())) {
            throw ApiError.functional("LpsInfos.s_numAM must be 04");
        }
        if (software.path("s_billingNumber").asText().isBlank()) {
            throw ApiError.functional("LpsInfos.s_billingNumber is mandatory for INSi");
        }
    }

    /** Waits the injected latency, then fails the command if an injected fault is drawn. */
    private void inject(String service) throws ApiError, DmpRefusal, InterruptedException {
        switch (faults.draw()) {
            case TRANSIENT -> throw new ApiError(CURL_ERRORS, CURL_TIMEOUT, service + " is unavailable (injected fault)", "");
            case PERMANENT -> throw new DmpRefusal("INJECTED_REFUSAL", service + " refused the request (injected fault)");
            default -> {
                // no fault drawn
            }
        }
    }

    private Reply dmpCommand(String command, Request request, Session session) throws DmpRefusal, ApiError {
        ObjectNode fields = request.fields();
        boolean emergency = session.accessMode != 1;
        switch (command) {
            case "hl_getDirectAuthenticationDMPStatus" -> {
                Patient patient = dmp.patient(ins(fields));
                ObjectNode answer = ok();
                ObjectNode test = answer.putObject("ExistingTestAnswer").put("i_dmpStatus", patient.existence().code)
                        .put("i_userAuthorization", patient.existence() == Existence.EXISTS
                                ? patient.authorization(Seed.DOCTOR).code : SimulatedDmp.AUTHORIZATION_ERROR);
                if (patient.existence() == Existence.CLOSED) {
                    test.put("s_closingDate", LocalDate.parse(patient.closedOn()).format(DateTimeFormatter.BASIC_ISO_DATE));
                }
                return json(answer);
            }
            case "hl_updateUserDmpAccessAuthorization" -> {
                dmp.authorize(ins(fields), Seed.DOCTOR, fields.path("i_action").asInt() == 1);
                return json(ok());
            }
            case "hl_setDmpAccessMode" -> {
                int mode = fields.path("i_accessMode").asInt();
                if (mode != 1 && fields.path("s_reason").asText().isBlank()) {
                    throw ApiError.functional("s_reason is required for bris de glace and centre 15");
                }
                session.accessMode = mode;
                return json(ok());
            }
            case "hl_createDmp" -> {
                dmp.create(ins(fields.path("DmpAdministrativeData").path("PatientData")), Seed.DOCTOR);
                return json(ok());
            }
            case "hl_reactivateDmp" -> {
                dmp.reactivate(ins(fields), Seed.DOCTOR);
                return json(ok());
            }
            case "hl_sendDocument" -> {
                Path content = request.content().orElseThrow(() -> ApiError.functional(CONTENT_IN + " is not base64"));
                Document stored = dmp.deposit(Seed.DOCTOR, emergency, new Document("", ins(fields),
                        fields.path("s_documentTitle").asText(), fields.path("s_documentDescription").asText(),
                        fields.path("s_documentCategory").asText(), fields.path("i_documentVisibility").asInt(),
                        fields.path("i_documentFormat").asText(), fields.path("s_healthcareSetting").asText(),
                        fields.path("s_replacedDocumentUniqueId").asText(), "", "", ""), content);
                return json(ok().put("s_uniqueId", stored.uniqueId()));
            }
            case "hl_findDocuments" -> {
                ArrayNode documents = json.createArrayNode();
                int handle = 0;
                for (Document document : dmp.find(ins(fields), Seed.DOCTOR, emergency, categories(fields),
                        statuses(fields.path("i_status").asInt()))) {
                    documents.add(entry(document, handle++));
                }
                ObjectNode answer = ok();
                answer.set("Documents", documents);
                return json(answer);
            }
            case "hl_getDocumentContentByUniqueId" -> {
                FileChannel content = dmp.content(ins(fields), Seed.DOCTOR, emergency, fields.path("s_documentUniqueId").asText())
                        .orElseThrow(() -> new DmpRefusal("XDS_DOCUMENT_NOT_FOUND", "no such document in this DMP"));
                return exchange -> sendContent(exchange, content);
            }
            case "hl_updateDocumentVisibilityByUniqueId" -> {
                dmp.changeVisibility(Seed.DOCTOR, emergency, ins(fields), fields.path("s_documentUniqueId").asText(),
                        uuid(fields), fields.path("i_newVisibility").asInt());
                return json(ok());
            }
            case "hl_updateDocumentStatusByUniqueId" -> {
                dmp.toggleArchived(Seed.DOCTOR, emergency, ins(fields), fields.path("s_documentUniqueId").asText(), uuid(fields));
                return json(ok());
            }
            case "hl_deleteDocument" -> {
                dmp.delete(Seed.DOCTOR, emergency, ins(fields), fields.path("s_uniqueId").asText());
                return json(ok());
            }
            default -> throw ApiError.functional("the sandbox does not simulate " + command);
        }
    }

    /** The patient as s_ins or as the structure Ins (EFFICIENCE-API.md §1.3); the description requires one of them. */
    private static String ins(JsonNode fields) {
        return Seed.dmpKey(fields.has("s_ins") ? fields.path("s_ins").asText() : fields.path("Ins").path("s_ins").asText());
    }

    private static Optional<String> uuid(JsonNode fields) {
        return Optional.ofNullable(fields.get("s_documentUuid")).map(JsonNode::asText);
    }

    private static Set<String> categories(JsonNode fields) {
        Set<String> categories = new HashSet<>();
        for (Iterator<JsonNode> codes = fields.path("Categories").elements(); codes.hasNext();) {
            categories.add(codes.next().asText());
        }
        return categories;
    }

    /** @return the statuses of DocumentStatus bits (EFFICIENCE-API.md §3.16); none: the approved ones */
    private static Set<String> statuses(int bits) {
        Set<String> statuses = new HashSet<>();
        if ((bits & 1) != 0) {
            statuses.add("APPROVED");
        }
        if ((bits & 2) != 0) {
            statuses.add("DEPRECATED");
        }
        if ((bits & 4) != 0) {
            statuses.add("ARCHIVED");
        }
        return statuses;
    }

    /** The DMP instance of the sandbox's one user account: stable, as the service's is (EFFICIENCE-API.md §2.6). */
    private static final String INSTANCE_UNIQUE_ID =
            Oids.of(UUID.nameUUIDFromBytes(("sandbox DMP instance " + Seed.DOCTOR).getBytes(StandardCharsets.UTF_8)));

    /** The answer with the document's content, base64-encoded from its file as it is sent; the file is closed then. */
    private void sendContent(HttpExchange exchange, FileChannel content) throws IOException {
        try (content; InputStream in = Channels.newInputStream(content)) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (JsonGenerator out = json.getFactory().createGenerator(exchange.getResponseBody())) {
                out.writeStartObject();
                out.writeStringField("s_status", "OK");
                out.writeFieldName(CONTENT_OUT);
                out.writeBinary(in, (int) content.size());
                out.writeEndObject();
            }
        }
    }

    /** A document as {@code hl_findDocuments} lists it (EFFICIENCE-API.md §2.8), its depositor as its author. */
    private ObjectNode entry(Document document, int handle) {
        ObjectNode entry = json.createObjectNode();
        entry.putArray("Authors").addObject().put("s_hpInternalId", document.author()).put("s_hpProfession", Seed.DOCTOR_PROFESSION);
        String deposited = DMP_TIME.format(Instant.parse(document.deposited()));
        return entry.put("i_document_Format", document.formatCode())
                .put("i_document_Status", switch (document.status()) {
                    case "APPROVED" -> 1;
                    case "DEPRECATED" -> 2;
                    default -> 4;
                })
                .put("i_document_Visibility", document.visibility())
                .put("i_handle", handle)
                .put("s_creationDate", deposited)
                .put("s_description", document.description())
                .put("s_healthCareFacilityTypeCode", document.setting())
                .put("s_submissionDate", deposited)
                .put("s_title", document.title())
                .put("s_typeCode", document.category())
                .put("s_uniqueId", document.uniqueId())
                .put("s_uuid", document.uuid());
    }

    private ObjectNode ok() {
        return json.createObjectNode().put("s_status", "OK");
    }

    /** An API_ERROR answer with every published field (EFFICIENCE-API.md §1.4). */
    private ObjectNode error(int type, int code, String description, String context, String extended) {
        return json.createObjectNode()
                .put("s_status", "API_ERROR")
                .put("s_errorDescription", description)
                .put("i_apiErrorType", type)
                .put("s_apiErrorTypeDescription", ERROR_TYPES.get(type))
                .put("i_apiErrorCode", code)
                .put("s_apiErrorDescription", description)
                .put("s_apiErrorContext", context)
                .put("s_apiErrorExtendedInformations", extended);
    }

    private Reply json(ObjectNode answer) {
        return exchange -> send(exchange, 200, answer);
    }

    private void send(HttpExchange exchange, int status, ObjectNode answer) throws IOException {
        byte[] body = json.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
