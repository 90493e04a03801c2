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
import com.medialogis.dmp.sandbox.internal.SimulatedDmp.Document;
import com.medialogis.dmp.sandbox.internal.SimulatedDmp.Patient;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Efficience local JSON API as the sandbox serves it: {@code POST /api/<command>} with one JSON
 * object, fields prefixed by type ({@code s_} string, {@code i_} int, {@code a_} array). Every
 * answer has {@code s_status} OK or ERROR; an error carries {@code i_apiErrorType} (1 malformed
 * request, 2 refused by the DMP, 3 DMP unavailable: retry, 6000 the service's own errors, with code
 * 3 for a session it does not know), {@code i_apiErrorCode}, {@code s_apiErrorDescription} and, for
 * the DMP's refusals, its code in {@code s_apiErrorContext}. A document's content is decoded from
 * base64 to its file as the request is read, and encoded from its file as the answer is written:
 * the sandbox never holds one in memory.
 */
final class SandboxApi implements HttpHandler {

    static final int REQUEST_ERROR = 1;
    static final int DMP_ERROR = 2;
    static final int UNAVAILABLE = 3;
    static final int SERVICE_ERROR = 6000;
    /** ErrTechnical: an internal software error. */
    static final int TECHNICAL_ERROR = 1;
    static final int INVALID_SESSION = 3;
    /** The virtual CPS's PIN: the sandbox has no card reader and simulates that card. */
    static final String PIN = "1234";
    /** The largest document a setting may allow, in base64, and room for the other fields. */
    static final long MAX_REQUEST_BYTES = (DocumentContent.LARGEST_ALLOWED + 2L) / 3 * 4 + 1024 * 1024;
    static final String CONTENT_IN = "s_fileContentBase64";
    static final String CONTENT_OUT = "s_fileContentInBase64";

    /** A client's session: connected to the DMP once the CPS PIN was given, with its access modes. */
    private static final class Session {
        volatile boolean connected;
        final Map<String, Integer> accessModes = new ConcurrentHashMap<>();
    }

    /** A request the API refuses before it reaches the DMP. */
    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        private final int type;
        private final int code;

        BadRequest(int code, String message) {
            this(REQUEST_ERROR, code, message);
        }

        BadRequest(int type, int code, String message) {
            super(message);
            this.type = type;
            this.code = code;
        }
    }

    /**
     * A request's fields, and the file its document's content was decoded to, if it had one; the
     * file is deleted on close unless the DMP kept it.
     */
    private record Request(JsonNode fields, Optional<Path> content) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (content.isPresent()) {
                Files.deleteIfExists(content.get());
            }
        }
    }

    /** An answer, written as JSON to the exchange. */
    @FunctionalInterface
    private interface Reply {
        void send(HttpExchange exchange) throws IOException;
    }

    private static final System.Logger LOG = System.getLogger(SandboxApi.class.getName());

    private final SimulatedDmp dmp;
    private final Faults faults;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    SandboxApi(SimulatedDmp dmp, Faults faults) {
        this.dmp = dmp;
        this.faults = faults;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, error(REQUEST_ERROR, 1, "commands are sent with POST", ""));
                return;
            }
            String command = exchange.getRequestURI().getPath().substring("/api/".length());
            faults.count(command);
            Reply reply;
            try {
                reply = answer(command, exchange.getRequestBody());
            } catch (RuntimeException e) {
                // A fault of the sandbox itself (a full disk...): logged through the JDK's logger, which
                // bin/dmp-sandbox has too, and answered as a server failure, which a driver retries.
                LOG.log(System.Logger.Level.ERROR, "The DMP sandbox failed on " + command, e);
                ObjectNode failure = error(SERVICE_ERROR, TECHNICAL_ERROR, "the sandbox failed: " + e, "");
                reply = answer -> send(answer, 500, failure);
            }
            reply.send(exchange);
        }
    }

    private Reply answer(String command, InputStream body) {
        try (Request request = read(body)) {
            return execute(command, request);
        } catch (JacksonException e) {
            return json(error(REQUEST_ERROR, 3, "the body is not JSON: " + e.getOriginalMessage(), ""));
        } catch (IOException e) {
            return json(error(REQUEST_ERROR, 2, "the request could not be read: " + e.getMessage(), ""));
        } catch (BadRequest e) {
            return json(error(e.type, e.code, e.getMessage(), ""));
        } catch (DmpRefusal e) {
            return json(error(DMP_ERROR, 40, e.getMessage(), e.code()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return json(error(UNAVAILABLE, 31, "the sandbox is stopping", ""));
        }
    }

    /** Reads the request's fields; a document's content goes to a file as it is decoded. */
    private Request read(InputStream body) throws IOException, BadRequest {
        Path content = null;
        try (JsonParser parser = json.getFactory().createParser(new Limited(body))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequest(3, "the body must be one JSON object");
            }
            ObjectNode fields = json.createObjectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals(CONTENT_IN) && value == JsonToken.VALUE_STRING && content == null) {
                    content = dmp.newUpload();
                    decode(parser, content);
                } else {
                    fields.set(field, json.readTree(parser));
                }
            }
            return new Request(fields, Optional.ofNullable(content));
        } catch (IOException | BadRequest | RuntimeException e) {
            if (content != null) {
                Files.deleteIfExists(content);
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

    private Reply execute(String command, Request request) throws BadRequest, DmpRefusal, InterruptedException {
        JsonNode fields = request.fields();
        if (command.equals("hl_openSession")) {
            String id = UUID.randomUUID().toString();
            sessions.put(id, new Session());
            return json(ok().put("s_sessionId", id));
        }
        Session session = sessions.get(fields.path("s_sessionId").asText());
        if (session == null) {
            throw new BadRequest(SERVICE_ERROR, INVALID_SESSION, "unknown or closed session: open one with hl_openSession");
        }
        switch (command) {
            case "hl_closeSession" -> {
                sessions.remove(fields.path("s_sessionId").asText());
                return json(ok());
            }
            case "hl_createDmpConnector" -> {
                if (!PIN.equals(text(fields, "s_pinCode"))) {
                    throw new DmpRefusal("CPS_WRONG_PIN", "wrong CPS PIN");
                }
                session.connected = true;
                return json(ok());
            }
            default -> {
                if (!session.connected) {
                    throw new BadRequest(11, "no DMP connector in this session: call hl_createDmpConnector first");
                }
                switch (faults.draw()) {
                    case TRANSIENT -> {
                        return json(error(UNAVAILABLE, 30, "the DMP is unavailable (injected fault)", ""));
                    }
                    case PERMANENT -> throw new DmpRefusal("INJECTED_REFUSAL", "the DMP refused the request (injected fault)");
                    default -> {
                        return dmpCommand(command, request, session);
                    }
                }
            }
        }
    }

    private Reply dmpCommand(String command, Request request, Session session) throws BadRequest, DmpRefusal {
        JsonNode fields = request.fields();
        String ins = text(fields, "s_ins");
        boolean emergency = session.accessModes.getOrDefault(ins, 1) != 1;
        switch (command) {
            case "hl_getDirectAuthenticationDMPStatus" -> {
                Patient patient = dmp.patient(ins);
                return json(ok().put("i_dmpStatus", patient.existence().code)
                        .put("i_userAuthorization", patient.authorization(Seed.DOCTOR).code)
                        .put("s_dmpClosingDate", patient.closedOn()));
            }
            case "hl_updateUserDmpAccessAuthorization" -> {
                int action = integer(fields, "i_action");
                if (action != 1 && action != 2) {
                    throw new BadRequest(12, "i_action is 1 (add) or 2 (remove), not " + action);
                }
                dmp.authorize(ins, Seed.DOCTOR, action == 1);
                return json(ok());
            }
            case "hl_setDmpAccessMode" -> {
                int mode = integer(fields, "i_accessMode");
                if (mode < 1 || mode > 3) {
                    throw new BadRequest(12, "i_accessMode is 1 (normal), 2 (bris de glace) or 3 (centre 15), not " + mode);
                }
                if (mode != 1) {
                    text(fields, "s_reason");
                }
                session.accessModes.put(ins, mode);
                return json(ok());
            }
            case "hl_createDmp", "hl_reactivateDmp" -> {
                if (fields.path("i_consent").asInt() != 1) {
                    throw new DmpRefusal("CONSENT_REQUIRED", "the patient's consent is required");
                }
                text(fields, "s_patientName");
                text(fields, "s_patientGivenName");
                text(fields, "s_birthDate");
                if (command.equals("hl_createDmp")) {
                    dmp.create(ins, Seed.DOCTOR);
                } else {
                    dmp.reactivate(ins, Seed.DOCTOR);
                }
                return json(ok());
            }
            case "hl_sendDocument" -> {
                Path content = request.content().orElseThrow(() -> new BadRequest(5, "the field " + CONTENT_IN
                        + " is missing or not a base64 string"));
                Document stored = dmp.deposit(Seed.DOCTOR, emergency, new Document(text(fields, "s_uniqueId"), ins,
                        text(fields, "s_documentTitle"), fields.path("s_documentDescription").asText(),
                        text(fields, "s_documentCategory"), integer(fields, "i_documentVisibility"),
                        text(fields, "s_documentFormat"), text(fields, "s_healthcareSetting"),
                        fields.path("s_replacedDocumentUniqueId").asText(), "", "", ""), content);
                return json(ok().put("s_uniqueId", stored.uniqueId()));
            }
            case "hl_findDocuments" -> {
                ArrayNode documents = json.createArrayNode();
                for (Document document : dmp.find(ins, Seed.DOCTOR, emergency, strings(fields, "a_categories"),
                        strings(fields, "a_statuses"))) {
                    documents.add(entry(document));
                }
                ObjectNode answer = ok();
                answer.set("Documents", documents);
                return json(answer);
            }
            case "hl_getDocumentContentByUniqueId" -> {
                Path content = dmp.content(ins, Seed.DOCTOR, emergency, text(fields, "s_documentUniqueId"))
                        .orElseThrow(() -> new DmpRefusal("XDS_DOCUMENT_NOT_FOUND", "no such document in this DMP"));
                return exchange -> sendContent(exchange, content);
            }
            default -> throw new BadRequest(4, "unknown command '" + command + "'");
        }
    }

    /** The answer with the document's content, base64-encoded from its file as it is sent. */
    private void sendContent(HttpExchange exchange, Path content) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        try (InputStream in = Files.newInputStream(content);
                JsonGenerator out = json.getFactory().createGenerator(exchange.getResponseBody())) {
            out.writeStartObject();
            out.writeStringField("s_status", "OK");
            out.writeFieldName(CONTENT_OUT);
            out.writeBinary(in, (int) Files.size(content));
            out.writeEndObject();
        }
    }

    private ObjectNode entry(Document document) {
        return json.createObjectNode()
                .put("s_uniqueId", document.uniqueId())
                .put("s_title", document.title())
                .put("s_description", document.description())
                .put("s_typeCode", document.category())
                .put("i_visibility", document.visibility())
                .put("s_formatCode", document.format())
                .put("s_healthcareSetting", document.setting())
                .put("i_status", switch (document.status()) {
                    case "APPROVED" -> 1;
                    case "DEPRECATED" -> 2;
                    default -> 4;
                })
                .put("s_authorId", document.author())
                .put("s_authorProfession", Seed.DOCTOR_PROFESSION)
                .put("s_creationDate", document.deposited())
                .put("s_submissionDate", document.deposited())
                .put("s_replacedDocumentUniqueId", document.replaces());
    }

    private static String text(JsonNode request, String field) throws BadRequest {
        JsonNode value = request.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new BadRequest(5, "the field " + field + " is missing or not a non-empty string");
        }
        return value.asText();
    }

    private static int integer(JsonNode request, String field) throws BadRequest {
        JsonNode value = request.get(field);
        if (value == null || !value.isInt()) {
            throw new BadRequest(5, "the field " + field + " is missing or not an integer");
        }
        return value.asInt();
    }

    private static Set<String> strings(JsonNode request, String field) throws BadRequest {
        JsonNode value = request.get(field);
        Set<String> strings = new HashSet<>();
        if (value == null) {
            return strings;
        }
        if (!value.isArray()) {
            throw new BadRequest(5, "the field " + field + " is not an array");
        }
        for (JsonNode item : value) {
            strings.add(item.asText());
        }
        return strings;
    }

    private ObjectNode ok() {
        return json.createObjectNode().put("s_status", "OK");
    }

    private ObjectNode error(int type, int code, String description, String context) {
        return json.createObjectNode()
                .put("s_status", "ERROR")
                .put("i_apiErrorType", type)
                .put("i_apiErrorCode", code)
                .put("s_apiErrorDescription", description)
                .put("s_apiErrorContext", context);
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
