package com.medialogis.dmp.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.medialogis.dmp.sandbox.internal.SimulatedDmp.Document;
import com.medialogis.dmp.sandbox.internal.SimulatedDmp.Patient;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Efficience local JSON API as the sandbox serves it: {@code POST /api/<command>} with one JSON
 * object, fields prefixed by type ({@code s_} string, {@code i_} int, {@code a_} array). Every
 * answer has {@code s_status} OK or ERROR; an error carries {@code i_apiErrorType} (1 malformed
 * request, 2 refused by the DMP, 3 DMP unavailable: retry), {@code i_apiErrorCode},
 * {@code s_apiErrorDescription} and, for the DMP's refusals, its code in {@code s_apiErrorContext}.
 */
final class SandboxApi implements HttpHandler {

    static final int REQUEST_ERROR = 1;
    static final int DMP_ERROR = 2;
    static final int UNAVAILABLE = 3;
    /** The virtual CPS's PIN: the sandbox has no card reader and simulates that card. */
    static final String PIN = "1234";
    private static final int MAX_REQUEST_BYTES = 32 * 1024 * 1024;

    /** A client's session: connected to the DMP once the CPS PIN was given, with its access modes. */
    private static final class Session {
        volatile boolean connected;
        final Map<String, Integer> accessModes = new ConcurrentHashMap<>();
    }

    /** A request the API refuses before it reaches the DMP. */
    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        private final int code;

        BadRequest(int code, String message) {
            super(message);
            this.code = code;
        }
    }

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
            ObjectNode answer;
            int httpStatus = 200;
            if (!"POST".equals(exchange.getRequestMethod())) {
                httpStatus = 405;
                answer = error(REQUEST_ERROR, 1, "commands are sent with POST", "");
            } else {
                String command = exchange.getRequestURI().getPath().substring("/api/".length());
                faults.count(command);
                answer = answer(command, exchange.getRequestBody());
            }
            byte[] body = json.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(httpStatus, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private ObjectNode answer(String command, InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_REQUEST_BYTES + 1);
        if (bytes.length > MAX_REQUEST_BYTES) {
            return error(REQUEST_ERROR, 2, "a request is at most " + MAX_REQUEST_BYTES + " bytes", "");
        }
        try {
            JsonNode request = json.readTree(bytes);
            if (request == null || !request.isObject()) {
                throw new BadRequest(3, "the body must be one JSON object");
            }
            return execute(command, request);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            return error(REQUEST_ERROR, 3, "the body is not JSON: " + e.getOriginalMessage(), "");
        } catch (BadRequest e) {
            return error(REQUEST_ERROR, e.code, e.getMessage(), "");
        } catch (DmpRefusal e) {
            return error(DMP_ERROR, 40, e.getMessage(), e.code());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(UNAVAILABLE, 31, "the sandbox is stopping", "");
        }
    }

    private ObjectNode execute(String command, JsonNode request) throws BadRequest, DmpRefusal, InterruptedException {
        if (command.equals("hl_openSession")) {
            String id = UUID.randomUUID().toString();
            sessions.put(id, new Session());
            return ok().put("s_sessionId", id);
        }
        Session session = sessions.get(request.path("s_sessionId").asText());
        if (session == null) {
            throw new BadRequest(10, "unknown or closed session: open one with hl_openSession");
        }
        switch (command) {
            case "hl_closeSession" -> {
                sessions.remove(request.path("s_sessionId").asText());
                return ok();
            }
            case "hl_createDmpConnector" -> {
                if (!PIN.equals(text(request, "s_pinCode"))) {
                    throw new DmpRefusal("CPS_WRONG_PIN", "wrong CPS PIN");
                }
                session.connected = true;
                return ok();
            }
            default -> {
                if (!session.connected) {
                    throw new BadRequest(11, "no DMP connector in this session: call hl_createDmpConnector first");
                }
                switch (faults.draw()) {
                    case TRANSIENT -> {
                        return error(UNAVAILABLE, 30, "the DMP is unavailable (injected fault)", "");
                    }
                    case PERMANENT -> throw new DmpRefusal("INJECTED_REFUSAL", "the DMP refused the request (injected fault)");
                    default -> {
                        return dmpCommand(command, request, session);
                    }
                }
            }
        }
    }

    private ObjectNode dmpCommand(String command, JsonNode request, Session session) throws BadRequest, DmpRefusal {
        String ins = text(request, "s_ins");
        boolean emergency = session.accessModes.getOrDefault(ins, 1) != 1;
        switch (command) {
            case "hl_getDirectAuthenticationDMPStatus" -> {
                Patient patient = dmp.patient(ins);
                return ok().put("i_dmpStatus", patient.existence().code)
                        .put("i_userAuthorization", patient.authorization(Seed.DOCTOR).code)
                        .put("s_dmpClosingDate", patient.closedOn());
            }
            case "hl_updateUserDmpAccessAuthorization" -> {
                int action = integer(request, "i_action");
                if (action != 1 && action != 2) {
                    throw new BadRequest(12, "i_action is 1 (add) or 2 (remove), not " + action);
                }
                dmp.authorize(ins, Seed.DOCTOR, action == 1);
                return ok();
            }
            case "hl_setDmpAccessMode" -> {
                int mode = integer(request, "i_accessMode");
                if (mode < 1 || mode > 3) {
                    throw new BadRequest(12, "i_accessMode is 1 (normal), 2 (bris de glace) or 3 (centre 15), not " + mode);
                }
                if (mode != 1) {
                    text(request, "s_reason");
                }
                session.accessModes.put(ins, mode);
                return ok();
            }
            case "hl_createDmp", "hl_reactivateDmp" -> {
                if (request.path("i_consent").asInt() != 1) {
                    throw new DmpRefusal("CONSENT_REQUIRED", "the patient's consent is required");
                }
                text(request, "s_patientName");
                text(request, "s_patientGivenName");
                text(request, "s_birthDate");
                if (command.equals("hl_createDmp")) {
                    dmp.create(ins, Seed.DOCTOR);
                } else {
                    dmp.reactivate(ins, Seed.DOCTOR);
                }
                return ok();
            }
            case "hl_sendDocument" -> {
                Document stored = dmp.deposit(Seed.DOCTOR, emergency, new Document(text(request, "s_uniqueId"), ins,
                        text(request, "s_documentTitle"), request.path("s_documentDescription").asText(),
                        text(request, "s_documentCategory"), integer(request, "i_documentVisibility"),
                        text(request, "s_documentFormat"), text(request, "s_healthcareSetting"),
                        request.path("s_replacedDocumentUniqueId").asText(), "", "", "",
                        text(request, "s_fileContentInBase64")));
                return ok().put("s_uniqueId", stored.uniqueId());
            }
            case "hl_findDocuments" -> {
                ArrayNode documents = json.createArrayNode();
                for (Document document : dmp.find(ins, Seed.DOCTOR, emergency, strings(request, "a_categories"),
                        strings(request, "a_statuses"))) {
                    documents.add(entry(document));
                }
                ObjectNode answer = ok();
                answer.set("Documents", documents);
                return answer;
            }
            case "hl_getDocumentContentByUniqueId" -> {
                String uniqueId = text(request, "s_uniqueId");
                Document document = dmp.document(ins, Seed.DOCTOR, emergency, uniqueId)
                        .orElseThrow(() -> new DmpRefusal("XDS_DOCUMENT_NOT_FOUND", "no such document in this DMP"));
                return ok().put("s_fileContentInBase64", document.content());
            }
            default -> throw new BadRequest(4, "unknown command '" + command + "'");
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
}
