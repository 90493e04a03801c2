package com.medialogis.dmp.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.medialogis.dmp.connector.Access;
import com.medialogis.dmp.connector.ConnectorException;
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
import com.medialogis.dmp.queue.DepositQueue;
import com.medialogis.dmp.status.DmpStatusService;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;



/**
 * The bridge over real HTTP on loopback, in the distribution's bundle set with the DMP sandbox and
 * the virtual cards: the token, the JSON errors, the toolbar's state of every seeded patient with
 * the manual's French sentence, and the practice program's whole flow.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BridgeTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String AUTHORIZED = "1541187387477485562488";
    private static final String CLOSED = "1212369615611735941658";
    private static final String DENIED = "1464688430391309708952";
    private static final String NOT_FOUND = "0505594846430100619097";
    private static final String NOT_AUTHORIZED = "0495895458758575630756";
    /** CLAIRE: her DMP holds a discharge letter of another professional (the sandbox's seed). */
    private static final String TREATED_ELSEWHERE = "0717882253375465310850";
    private static final String OTHER_DOCTOR = "810100000002";
    private static final String REFUSED_CHANGE = "Le DMP a refusé de modifier ce document : seul le professionnel qui l'a déposé"
            + " peut le modifier, et un document remplacé ne change plus.";
    /** Made with bin/dmp-licence and the demo key: the demonstration licence, its last day 2025-12-31. */
    private static final String EXPIRED_DEMO_CODE = "MDL1.eyJwcmFjdGljZSI6IkNhYmluZXQgZGUgZMOpbW9uc3RyYXRpb24iLCJvcHRpb25zIjpbIkRNUCDigJMgRWZmaWNpZW5jZSJdLCJpc3N1ZWQiOiIyMDI2LTExLTMwIiwiZXhwaXJlcyI6IjIwMjUtMTItMzEiLCJrZXkiOiIzYjFiZDgyMDFmZDFhMzU4In0.JWhivENT3oGLxNrDoo_tHpX6kP-yZUG0O2agKU9lBMiPYqna_LCHciFU3tS8fRlC2rQ2cl5p-qvzU1wmxh7gAg";
    /** Made with bin/dmp-licence and a key pair of its own, which the bridge does not trust. */
    private static final String FOREIGN_CODE = "MDL1.eyJwcmFjdGljZSI6IkNhYmluZXQgZGUgZMOpbW9uc3RyYXRpb24iLCJvcHRpb25zIjpbIkRNUCDigJMgRWZmaWNpZW5jZSJdLCJpc3N1ZWQiOiIyMDI2LTExLTMwIiwiZXhwaXJlcyI6IjIwMzAtMTItMzEiLCJrZXkiOiJhOWViODhlN2E3NTZjNDg2In0.jstjfLw3KO2kDeiNUZsfNKeoSpNDFsz2FnNhdI3xowtxeQ6-Xymx1ov4q3DHGS-Qux2bTz_3xbJwzWpC0FudBA";
    /** Made with bin/dmp-licence and the demo key: valid, with the option "Agenda" only. */
    private static final String WITHOUT_OPTION_CODE = "MDL1.eyJwcmFjdGljZSI6IkNhYmluZXQgZGUgZMOpbW9uc3RyYXRpb24iLCJvcHRpb25zIjpbIkFnZW5kYSJdLCJpc3N1ZWQiOiIyMDI2LTExLTMwIiwiZXhwaXJlcyI6IjIwMzAtMTItMzEiLCJrZXkiOiIzYjFiZDgyMDFmZDFhMzU4In0.TkmLRgxvt0g25SJUHYZOThZEmcD5C8xEoRz8MzpyqeKOl79Z5vtHvHGtxPHCBi--DsX3PNIQoIUnnsOqio5vDw";

    @Inject
    private BundleContext context;

    @Inject
    private CommandProcessor commandProcessor;

    @Inject
    private DmpStatusService statuses;

    @Inject
    private DepositQueue queue;

    @Inject
    private ConfigurationAdmin configurations;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private URI api;

    @Configuration
    public Option[] config() throws IOException {
        return Distribution.containerOptions(Files.createTempDirectory(Path.of("target"), "container-").toAbsolutePath());
    }

    @Before
    public void findTheBridge() throws Exception {
        Result bridge = Poll.until(DEADLINE, this::check, result -> result.getStatus() == Result.Status.OK);
        assertEquals(bridge.toString(), Result.Status.OK, bridge.getStatus());
        ServiceReference<?> runtime = context.getServiceReferences("org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime", null)[0];
        Object endpoint = runtime.getProperty("osgi.jaxrs.endpoint");
        Object first = endpoint instanceof Collection<?> several ? several.iterator().next()
                : endpoint instanceof Object[] several ? several[0] : endpoint;
        String base = String.valueOf(first);
        api = URI.create(base.endsWith("/") ? base : base + "/").resolve("api/");
    }

    private Result check() throws InvalidSyntaxException {
        var references = context.getServiceReferences(HealthCheck.class, "(hc.name=Bridge)");
        if (references.isEmpty()) {
            return new Result(Result.Status.TEMPORARILY_UNAVAILABLE, "no Bridge check yet");
        }
        return context.getService(references.iterator().next()).execute();
    }

    private String token() {
        return Distribution.execute(commandProcessor, "bridge:token", "").out().strip();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(path, token, "GET", HttpRequest.BodyPublishers.noBody(), null);
    }

    private HttpResponse<String> put(String path, String token, String body) throws Exception {
        return send(path, token, "PUT", HttpRequest.BodyPublishers.ofString(body), "application/json");
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return send(path, token, "POST", HttpRequest.BodyPublishers.ofString(body), "application/json");
    }

    private HttpResponse<String> delete(String path, String token) throws Exception {
        return send(path, token, "DELETE", HttpRequest.BodyPublishers.noBody(), null);
    }

    private HttpResponse<String> upload(String path, String token, byte[] document, String type) throws Exception {
        return send(path, token, "POST", HttpRequest.BodyPublishers.ofByteArray(document), type);
    }

    private HttpResponse<String> send(String path, String token, String method, HttpRequest.BodyPublisher body, String type)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).method(method, body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (type != null) {
            request.header("Content-Type", type);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private byte[] bytes(String path, String token) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(api.resolve(path)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(path, 200, response.statusCode());
        return response.body();
    }

    private JsonNode ok(HttpResponse<String> response, int status) throws Exception {
        assertEquals(response.body(), status, response.statusCode());
        return json.readTree(response.body());
    }

    private JsonNode error(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(response.body(), status, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse(""), response.headers().firstValue("Content-Type")
                .orElse("").startsWith("application/json"));
        JsonNode error = json.readTree(response.body());
        assertEquals(response.body(), code, error.get("code").asText());
        assertFalse("a French message to show", error.get("message").asText().isBlank());
        return error;
    }

    /** Registers a practice patient, and gives him an identifier when one is named. */
    private void patient(String token, String localId, String name, String firstName, String birthDate, String identifier)
            throws Exception {
        ok(put("patients/" + localId, token, "{\"name\":\"" + name + "\",\"firstName\":\"" + firstName + "\",\"birthDate\":\""
                + birthDate + "\",\"sex\":\"FEMALE\"}"), 200);
        if (identifier != null) {
            ok(put("patients/" + localId + "/identifier", token, "{\"identifier\":\"" + identifier + "\"}"), 200);
        }
    }

    private void openSession() throws Exception {
        statuses.openSession("1234".toCharArray(), false);
    }

    @Test
    public void everyCallWithoutTheTokenIsRefused() throws Exception {
        String token = token();
        assertTrue(token, token.matches("[A-Za-z0-9_-]{43}"));
        error(get("patients", null), 401, "UNAUTHORIZED");
        JsonNode wrong = error(get("patients", token + "x"), 401, "UNAUTHORIZED");
        assertEquals("wrong bridge token", wrong.get("detail").asText());
        error(get("patients", "Basic " + token), 401, "UNAUTHORIZED");
        error(put("patients/T-1", token + "x", "{}"), 401, "UNAUTHORIZED");
    }

    @Test
    public void theToolbarGivesEachSeededPatientsStateWithTheManualsSentence() throws Exception {
        String token = token();
        openSession();
        patient(token, "S-AUTHORIZED", "MARTIN", "Jean", "1950-08-01", AUTHORIZED);
        patient(token, "S-CLOSED", "MARTIN", "Rose", "1929-02-01", CLOSED);
        patient(token, "S-NOT-FOUND", "PAUL", "Paul", "1965-03-15", NOT_FOUND);
        patient(token, "S-NOT-AUTHORIZED", "LUC", "Luc", "1972-03-03", NOT_AUTHORIZED);
        patient(token, "S-DENIED", "ANNE", "Anne", "1970-01-01", DENIED);
        patient(token, "S-NONE", "SANS", "Carte", "1980-01-01", null);

        JsonNode authorized = ok(get("patients/S-AUTHORIZED/dmp", token), 200);
        assertEquals("AUTHORIZED", authorized.get("state").asText());
        assertEquals("Vous êtes autorisé à accéder à ce DMP. Cliquer ici pour l'ouvrir", authorized.get("label").asText());
        assertEquals("OPEN", authorized.get("action").asText());
        assertEquals("INS_C", authorized.get("identifierSystem").asText());
        JsonNode closed = ok(get("patients/S-CLOSED/dmp?refresh=true", token), 200);
        assertEquals("Le DMP est fermé. Cliquer ici pour le réactiver", closed.get("label").asText());
        assertEquals("2024-06-30", closed.get("closedOn").asText());
        assertEquals(0, closed.get("ageSeconds").asLong());
        assertEquals("Le DMP n'existe pas. Cliquer ici pour le créer", ok(get("patients/S-NOT-FOUND/dmp", token), 200).get("label").asText());
        assertEquals("Vous n'êtes pas autorisé à accéder à ce DMP. Cliquer ici pour modifier les droits et l'ouvrir",
                ok(get("patients/S-NOT-AUTHORIZED/dmp", token), 200).get("label").asText());
        assertEquals("EMERGENCY_ACCESS", ok(get("patients/S-DENIED/dmp", token), 200).get("action").asText());
        JsonNode none = ok(get("patients/S-NONE/dmp", token), 200);
        assertEquals("NO_IDENTIFIER", none.get("state").asText());
        assertEquals("Les informations du dossier patient ne permettent pas de rechercher le DMP", none.get("label").asText());
        assertTrue(none.get("identifierSystem").isNull());

        JsonNode granted = ok(put("patients/S-NOT-AUTHORIZED/dmp/authorization", token, "{\"granted\":true}"), 200);
        assertEquals("AUTHORIZED", granted.get("state").asText());
        error(put("patients/S-DENIED/dmp/access", token, "{\"mode\":\"BRIS_DE_GLACE\"}"), 400, "INVALID_FIELD");
    }

    @Test
    public void badRequestsAreJsonErrorsNamingWhatIsWrong() throws Exception {
        String token = token();
        patient(token, "E-1", "MARTIN", "Jean", "1950-08-01", null);
        JsonNode bad = error(put("patients/E-1/identifier", token, "{\"identifier\":\"150081505104019\"}"), 400, "INVALID_IDENTIFIER");
        assertTrue(bad.get("detail").asText(), bad.get("detail").asText().contains("key"));
        error(get("nothing/here", token), 404, "NOT_FOUND");
        error(get("patients/NOBODY", token), 404, "UNKNOWN_PATIENT");
        error(get("patients/not%20a%20number", token), 400, "INVALID_FIELD");
        error(put("patients/E-2", token, "{\"name\":"), 400, "BAD_JSON");
        JsonNode unknown = error(put("patients/E-2", token, "{\"name\":\"A\",\"firstName\":\"B\",\"birthDate\":\"1950-08-01\","
                + "\"sex\":\"MALE\",\"nickname\":\"C\"}"), 400, "BAD_JSON");
        assertTrue(unknown.get("detail").asText(), unknown.get("detail").asText().contains("nickname"));
        error(put("patients/E-2", token, "{\"name\":\"A\",\"firstName\":\"B\",\"birthDate\":\"1950-08-01\",\"sex\":\"X\"}"),
                400, "BAD_JSON");
        JsonNode missing = error(put("patients/E-2", token, "{\"name\":\"A\",\"birthDate\":\"1950-08-01\",\"sex\":\"MALE\"}"),
                400, "INVALID_FIELD");
        assertEquals("firstName: required", missing.get("detail").asText());
        JsonNode date = error(put("patients/E-2", token, "{\"name\":\"A\",\"firstName\":\"B\",\"birthDate\":\"01/08/1950\","
                + "\"sex\":\"MALE\"}"), 400, "INVALID_FIELD");
        assertTrue(date.get("detail").asText(), date.get("detail").asText().startsWith("birthDate: "));
        error(get("patients/E-2", token), 404, "UNKNOWN_PATIENT");
        error(get("patients?limit=0", token), 400, "INVALID_FIELD");
        error(get("patients?limit=abc", token), 400, "INVALID_FIELD");
        error(get("queue?limit=abc", token), 400, "INVALID_FIELD");
        JsonNode quiet = error(put("patients/E-2", token, "{\"name\":DUPONT}"), 400, "BAD_JSON");
        assertFalse("the value read is not echoed: " + quiet, quiet.get("detail").asText().contains("DUPONT"));
        error(put("patients/E-2", token, "{\"name\":\"" + "A".repeat(9000) + "\"}"), 400, "BAD_JSON");
        error(post("efficience/start", token, "{\"pin\":[\"1\",\"2\",\"3\",\"4\"]}"), 400, "BAD_JSON");
        error(get("patients/E-1/dmp-documents", token), 409, "NO_IDENTIFIER");

        patient(token, "E-3", "MARTIN", "Jean", "1950-08-01", AUTHORIZED);
        Distribution.execute(commandProcessor, "dmp:session close", "");
        error(get("patients/E-3/dmp?refresh=true", token), 503, "NO_SESSION");
    }

    @Test
    public void aRenewedTokenReplacesTheFormerAtOnce() throws Exception {
        String former = token();
        String renewed = Distribution.execute(commandProcessor, "bridge:token --new", "").out().strip();
        assertFalse(former.equals(renewed));
        error(get("patients", former), 401, "UNAUTHORIZED");
        assertEquals(token(), renewed);
        assertEquals(200, get("patients", renewed).statusCode());
        assertTrue(Distribution.execute(commandProcessor, "bridge:token --old", "").err().startsWith("usage: bridge:token [--new]"));
    }

    /**
     * The seed's whole flow: register → Vitale beneficiary → state → create with consent (the
     * access sheet back) → letters queued and now → the DMP's documents → transfer, once.
     */
    @Test
    public void thePracticeProgramsWholeFlow() throws Exception {
        String token = token();
        openSession();

        // Register the patient and attach the Vitale card's beneficiary, confirmed.
        ok(put("patients/F-1", token, "{\"name\":\"Martin\",\"firstName\":\"Jean\",\"birthDate\":\"1950-08-01\",\"sex\":\"MALE\"}"),
                200);
        JsonNode card = ok(get("vitale", token), 200);
        JsonNode jean = card.get("beneficiaries").get(0);
        assertEquals("MARTIN", jean.get("name").asText());
        assertEquals("500801", jean.get("birthDate").asText());
        assertTrue(jean.get("identified").asBoolean());
        error(post("patients/F-1/vitale", token, "{\"beneficiary\":0}"), 400, "CONFIRMATION_REQUIRED");
        JsonNode other = error(post("patients/F-1/vitale", token, "{\"beneficiary\":1,\"confirmed\":true}"), 409, "NOT_THE_SAME_PATIENT");
        assertEquals("the beneficiary's name, first name, birth date differ from the patient's", other.get("detail").asText());
        patient(token, "F-TWIN", "Martin", "Jacques", "1950-08-01", null);
        JsonNode twin = error(post("patients/F-TWIN/vitale", token, "{\"beneficiary\":0,\"confirmed\":true}"), 409, "NOT_THE_SAME_PATIENT");
        assertEquals("the beneficiary's first name differs from the patient's", twin.get("detail").asText());
        error(post("patients/F-1/vitale", token, "{\"beneficiary\":9,\"confirmed\":true}"), 400, "INVALID_FIELD");
        JsonNode attached = ok(post("patients/F-1/vitale", token, "{\"beneficiary\":0,\"confirmed\":true}"), 200);
        assertEquals(AUTHORIZED, attached.get("identifier").get("value").asText());
        assertEquals("1.2.250.1.213.1.4.2", attached.get("identifier").get("oid").asText());
        assertEquals(List.of("F-1"), List.of(ok(get("vitale", token), 200).get("beneficiaries").get(0).get("patients").get(0).asText()));
        assertEquals("AUTHORIZED", ok(get("patients/F-1/dmp", token), 200).get("state").asText());

        // A patient without a DMP: created with consent, the access sheet printed.
        // Not the seed's NOT_FOUND patient, whom the toolbar test expects without a DMP.
        String unknownToTheDmp = Distribution.execute(commandProcessor, "ins:insc PIERRE 700505 1700575123456", "").out().strip();
        assertTrue(unknownToTheDmp, unknownToTheDmp.matches("[0-9]{22}"));
        patient(token, "F-2", "PAUL", "Paul", "1965-03-15", unknownToTheDmp);
        assertEquals("NOT_FOUND", ok(get("patients/F-2/dmp?refresh=true", token), 200).get("state").asText());
        String form = "{\"civility\":\"M\",\"name\":\"PAUL\",\"firstName\":\"Paul\",\"birthDate\":\"1965-03-15\","
                + "\"sex\":\"MALE\",\"mobilePhone\":\"06 12 34 56 78\",\"smsAccess\":true,\"consent\":%s}";
        JsonNode refused = error(post("patients/F-2/dmp", token, String.format(form, "false")), 400, "CONSENT_REQUIRED");
        assertEquals("Il est nécessaire de cocher la case « Consentement du patient à l'ouverture de son DMP » pour pouvoir"
                + " cliquer sur le bouton « Créer ».", refused.get("message").asText());
        JsonNode badPhone = error(post("patients/F-2/dmp", token, String.format(form, "true").replace("06 12 34 56 78", "12345")), 400,
                "INVALID_FIELD");
        assertTrue(badPhone.get("detail").asText(), badPhone.get("detail").asText().startsWith("mobilePhone: "));
        assertEquals("NOT_FOUND", ok(get("patients/F-2/dmp", token), 200).get("state").asText());
        JsonNode created = ok(post("patients/F-2/dmp", token, String.format(form, "true")), 201);
        assertEquals("AUTHORIZED", created.get("state").asText());
        byte[] sheet = bytes(created.get("accessSheet").asText().substring("/api/".length()), token);
        assertEquals("%PDF-", new String(sheet, 0, 5, StandardCharsets.US_ASCII));

        // Deposits: refused without a DMP; a letter queued and another sent now.
        patient(token, "F-3", "MARTIN", "Rose", "1929-02-01", CLOSED);
        JsonNode noDmp = error(upload("patients/F-3/deposits?documentId=L-1&title=Lettre&category=CONSULTATION", token,
                "Lettre".getBytes(StandardCharsets.UTF_8), "text/plain"), 409, "NO_DMP");
        assertEquals("Le DMP est fermé. Cliquer ici pour le réactiver", noDmp.get("message").asText());
        byte[] queuedLetter = ("Lettre mise en file d'attente " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        JsonNode queued = ok(upload("patients/F-1/deposits?documentId=L-1&title=Lettre%20-%20pour%20envoi%20sur%20DMP"
                + "&description=Envoi%20n%C2%B01&category=CONSULTATION&role=ACTEUR&hiddenFromPatient=true", token, queuedLetter,
                "text/plain; charset=UTF-8"), 201);
        assertEquals("L-1", queued.get("documentId").asText());
        assertEquals("Envoi n°1", queued.get("description").asText());
        byte[] nowLetter = ("Lettre déposée tout de suite " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        JsonNode now = ok(upload("patients/F-1/deposits?documentId=L-2&title=Courrier&category=CONSULTATION&now=true", token,
                nowLetter, "text/plain"), 201);
        assertEquals(now.toString(), "DONE", now.get("state").asText());
        assertFalse(now.get("dmpUniqueId").isNull());
        error(upload("patients/F-1/deposits?documentId=L-3&title=Vide&category=CONSULTATION", token, new byte[0], "text/plain"), 400,
                "EMPTY_CONTENT");
        error(upload("patients/F-1/deposits?documentId=L-2&title=Courrier&category=CONSULTATION", token, nowLetter, "text/plain"), 409,
                "UNCHANGED_DOCUMENT");
        error(upload("patients/F-1/deposits?documentId=L-4&title=Image&category=CONSULTATION", token, nowLetter, "image/png"), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        error(upload("patients/F-1/deposits?documentId=L-4&title=Lettre&category=LETTRE", token, nowLetter, "text/plain"), 400,
                "INVALID_FIELD");
        JsonNode loose = error(upload("patients/F-1/deposits?documentId=L-4&title=Lettre&category=CONSULTATION&hiddenFromPatient=1",
                token, nowLetter, "text/plain"), 400, "INVALID_FIELD");
        assertEquals("hiddenFromPatient: true or false", loose.get("detail").asText());
        error(upload("patients/F-1/deposits?documentId=L-4&title=Lettre&category=CONSULTATION", token,
                new byte[(int) queue.largestContent() + 1], "application/pdf"), 413, "TOO_LARGE");
        JsonNode sent = Poll.until(DEADLINE, () -> ok(get("patients/F-1/deposits", token), 200),
                list -> list.size() == 2 && "DONE".equals(list.get(1).get("state").asText()));
        assertEquals(sent.toString(), "DONE", sent.get(1).get("state").asText());
        assertEquals("L-1", sent.get(1).get("documentId").asText());
        String queuedId = sent.get(1).get("dmpUniqueId").asText();

        // The DMP's documents, by category; one opened, transferred once.
        JsonNode documents = ok(get("patients/F-1/dmp-documents", token), 200);
        assertEquals("INS_C", documents.get("identifierSystem").asText());
        JsonNode consultations = documents.get("categories").get(0);
        assertEquals("CONSULTATION", consultations.get("category").asText());
        assertEquals(consultations.get("documents").size(), consultations.get("count").asInt());
        JsonNode letter = null;
        for (JsonNode document : consultations.get("documents")) {
            if (document.get("uniqueId").asText().equals(queuedId)) {
                letter = document;
            }
        }
        assertTrue("the queued letter is in the DMP: " + consultations, letter != null);
        assertEquals("Lettre - pour envoi sur DMP", letter.get("title").asText());
        assertTrue(letter.get("hiddenFromPatient").asBoolean());
        assertFalse(letter.get("maskedToProfessionals").asBoolean());
        assertEquals("TEXT", letter.get("format").asText());
        assertTrue(letter.get("receivedBy").isNull());
        String encoded = URLEncoder.encode(queuedId, StandardCharsets.UTF_8);
        assertArrayEquals(queuedLetter, bytes("patients/F-1/dmp-documents/" + encoded + "/content", token));

        JsonNode received = ok(post("patients/F-1/dmp-documents/" + encoded + "/transfer", token, "{}"), 201);
        assertEquals("F-1", received.get("patientId").asText());
        assertEquals(queuedLetter.length, received.get("size").asLong());
        assertEquals(letter.get("created").asText(), received.get("dated").asText());
        JsonNode twice = error(post("patients/F-1/dmp-documents/" + encoded + "/transfer", token, "{}"), 409, "ALREADY_RECEIVED");
        assertTrue(twice.get("detail").asText(), twice.get("detail").asText().contains("into patient F-1"));
        assertEquals(1, ok(get("patients/F-1/received", token), 200).size());
        assertArrayEquals(queuedLetter, bytes("patients/F-1/received/" + received.get("id").asLong() + "/content", token));
        assertEquals("F-1", ok(get("patients/F-1/dmp-documents", token), 200).get("categories").get(0).get("documents")
                .findValues("receivedBy").stream().filter(value -> !value.isNull()).findFirst().orElseThrow().asText());

        // Two records of one patient: the caller says which receives the document.
        patient(token, "F-4", "MARTIN", "Jean", "1950-08-01", AUTHORIZED);
        String nowId = URLEncoder.encode(now.get("dmpUniqueId").asText(), StandardCharsets.UTF_8);
        error(post("patients/F-1/dmp-documents/" + nowId + "/transfer", token, "{}"), 409, "SEVERAL_PATIENTS");
        error(post("patients/F-1/dmp-documents/" + nowId + "/transfer", token, "{\"to\":\"F-2\"}"), 409, "NOT_THE_SAME_PATIENT");
        JsonNode intoOther = ok(post("patients/F-1/dmp-documents/" + nowId + "/transfer", token, "{\"to\":\"F-4\"}"), 201);
        assertEquals("F-4", intoOther.get("patientId").asText());
        error(post("patients/F-1/dmp-documents/" + nowId + "/transfer", token, "{\"to\":\"F-4\"}"), 409, "ALREADY_RECEIVED");
        error(post("patients/F-1/dmp-documents/no-such-id/transfer", token, "{}"), 404, "NO_SUCH_DOCUMENT");
    }

    /** @return the documents of a listing of the DMP browser, by unique id */
    private static Map<String, JsonNode> documents(JsonNode listing) {
        Map<String, JsonNode> found = new java.util.LinkedHashMap<>();
        for (JsonNode category : listing.get("categories")) {
            for (JsonNode document : category.get("documents")) {
                found.put(document.get("uniqueId").asText(), document);
            }
        }
        return found;
    }

    private static String encoded(String uniqueId) {
        return URLEncoder.encode(uniqueId, StandardCharsets.UTF_8);
    }

    @Test
    public void theBrowsersFirstSearchCoversTheWindowAndTheNextOnesWhatWasDepositedSince() throws Exception {
        String token = token();
        openSession();
        patient(token, "W-1", "DUPONT", "Claire", "1968-04-12", TREATED_ELSEWHERE);
        String theirs = documents(ok(get("patients/W-1/dmp-documents?scope=ALL", token), 200)).values().stream()
                .filter(document -> document.get("author").asText().equals(OTHER_DOCTOR)).findFirst().orElseThrow()
                .get("uniqueId").asText();
        patient(token, "W-2", "DUPONT", "Claire", "1968-04-12", TREATED_ELSEWHERE);

        JsonNode first = ok(get("patients/W-2/dmp-documents", token), 200);
        assertEquals("CHANGES", first.get("scope").asText());
        assertTrue("a patient never searched: the whole window", first.get("since").isNull());
        JsonNode deposit = ok(upload("patients/W-2/deposits?documentId=W-L1&title=Compte%20rendu&category=CONSULTATION&now=true",
                token, ("Compte rendu " + System.nanoTime()).getBytes(StandardCharsets.UTF_8), "text/plain"), 201);
        assertEquals(deposit.toString(), "DONE", deposit.get("state").asText());
        String mine = deposit.get("dmpUniqueId").asText();

        JsonNode changes = ok(get("patients/W-2/dmp-documents", token), 200);
        assertFalse("searched before: what was deposited since", changes.get("since").isNull());
        assertTrue(changes.toString(), documents(changes).containsKey(mine));
        assertFalse("deposited long before the last search: " + changes, documents(changes).containsKey(theirs));
        assertEquals(documents(changes).size(), changes.get("count").asInt());
        JsonNode recent = ok(get("patients/W-2/dmp-documents?scope=RECENT", token), 200);
        assertTrue(recent.get("since").isNull());
        assertTrue(recent.toString(), documents(recent).containsKey(mine));
        assertTrue(documents(ok(get("patients/W-2/dmp-documents?scope=ALL", token), 200)).keySet().containsAll(List.of(mine, theirs)));
        JsonNode scope = error(get("patients/W-2/dmp-documents?scope=TOUS", token), 400, "INVALID_FIELD");
        assertEquals("scope: one of [CHANGES, RECENT, ALL]", scope.get("detail").asText());

        ok(put("patients/W-2/identifier", token, "{\"identifier\":\"" + AUTHORIZED + "\"}"), 200);
        assertTrue("another identifier: never searched", ok(get("patients/W-2/dmp-documents", token), 200).get("since").isNull());
    }

    @Test
    public void theDoctorChangesHisOwnDocumentsVisibilityArchivingAndVersions() throws Exception {
        String token = token();
        openSession();
        patient(token, "O-1", "DUPONT", "Claire", "1968-04-12", TREATED_ELSEWHERE);
        JsonNode deposit = ok(upload("patients/O-1/deposits?documentId=O-L1&title=Version%201&category=CONSULTATION&now=true",
                token, ("Compte rendu, version 1 " + System.nanoTime()).getBytes(StandardCharsets.UTF_8), "text/plain"), 201);
        assertEquals(deposit.toString(), "DONE", deposit.get("state").asText());
        String first = deposit.get("dmpUniqueId").asText();
        String document = "patients/O-1/dmp-documents/" + encoded(first);

        JsonNode hidden = ok(put(document + "/visibility", token, "{\"hiddenFromPatient\":true,\"maskedToProfessionals\":false,"
                + "\"hiddenFromLegalRepresentatives\":true}"), 200);
        assertEquals(first, hidden.get("uniqueId").asText());
        assertTrue(hidden.get("hiddenFromPatient").asBoolean());
        assertFalse(hidden.get("maskedToProfessionals").asBoolean());
        assertTrue(hidden.get("hiddenFromLegalRepresentatives").asBoolean());
        JsonNode masked = ok(put(document + "/visibility", token, "{\"hiddenFromPatient\":false,\"maskedToProfessionals\":true,"
                + "\"hiddenFromLegalRepresentatives\":false}"), 200);
        assertFalse(masked.get("hiddenFromPatient").asBoolean());
        assertTrue(masked.get("maskedToProfessionals").asBoolean());
        assertFalse(masked.get("hiddenFromLegalRepresentatives").asBoolean());
        assertTrue(documents(ok(get("patients/O-1/dmp-documents?scope=RECENT", token), 200)).get(first)
                .get("maskedToProfessionals").asBoolean());

        JsonNode archived = ok(put(document + "/archived", token, "{\"archived\":true}"), 200);
        assertEquals("ARCHIVED", archived.get("status").asText());
        assertFalse("an archived document is not a current one",
                documents(ok(get("patients/O-1/dmp-documents?scope=RECENT", token), 200)).containsKey(first));
        assertEquals("ARCHIVED", documents(ok(get("patients/O-1/dmp-documents?scope=ALL", token), 200)).get(first)
                .get("status").asText());
        assertEquals("APPROVED", ok(put(document + "/archived", token, "{\"archived\":false}"), 200).get("status").asText());

        JsonNode replacement = ok(upload("patients/O-1/deposits?documentId=O-L2&title=Version%202&category=CONSULTATION&now=true"
                + "&replaces=" + encoded(first), token, ("Compte rendu, version 2 " + System.nanoTime()).getBytes(StandardCharsets.UTF_8),
                "text/plain"), 201);
        assertEquals(replacement.toString(), "DONE", replacement.get("state").asText());
        String second = replacement.get("dmpUniqueId").asText();
        Map<String, JsonNode> all = documents(ok(get("patients/O-1/dmp-documents?scope=ALL", token), 200));
        assertEquals("DEPRECATED", all.get(first).get("status").asText());
        assertEquals("APPROVED", all.get(second).get("status").asText());
        JsonNode replaced = error(put(document + "/archived", token, "{\"archived\":true}"), 502, "API_2_0");
        assertEquals(REFUSED_CHANGE, replaced.get("message").asText());
        assertTrue(replaced.get("detail").asText(), replaced.get("detail").asText().contains("DMP_DOCUMENT_REPLACED"));

        String newer = "patients/O-1/dmp-documents/" + encoded(second);
        assertEquals(204, delete(newer, token).statusCode());
        assertFalse(documents(ok(get("patients/O-1/dmp-documents?scope=ALL", token), 200)).containsKey(second));
        error(delete(newer, token), 404, "NO_SUCH_DOCUMENT");
        JsonNode gone = error(put(newer + "/archived", token, "{\"archived\":true}"), 404, "NO_SUCH_DOCUMENT");
        assertEquals("Ce document n'est pas dans le DMP du patient.", gone.get("message").asText());
        error(put(newer + "/visibility", token, "{\"hiddenFromPatient\":true,\"maskedToProfessionals\":false,"
                + "\"hiddenFromLegalRepresentatives\":false}"), 404, "NO_SUCH_DOCUMENT");
    }

    @Test
    public void changesTheDmpCannotTakeAreRefusedNamingWhy() throws Exception {
        String token = token();
        openSession();
        patient(token, "R-1", "DUPONT", "Claire", "1968-04-12", TREATED_ELSEWHERE);
        String theirs = documents(ok(get("patients/R-1/dmp-documents?scope=ALL", token), 200)).values().stream()
                .filter(document -> document.get("author").asText().equals(OTHER_DOCTOR)).findFirst().orElseThrow()
                .get("uniqueId").asText();
        String document = "patients/R-1/dmp-documents/" + encoded(theirs);

        for (HttpResponse<String> refused : List.of(delete(document, token), put(document + "/archived", token, "{\"archived\":true}"),
                put(document + "/visibility", token, "{\"hiddenFromPatient\":true,\"maskedToProfessionals\":false,"
                        + "\"hiddenFromLegalRepresentatives\":false}"))) {
            JsonNode error = error(refused, 502, "API_2_0");
            assertEquals(REFUSED_CHANGE, error.get("message").asText());
            assertTrue(error.get("detail").asText(), error.get("detail").asText().contains("DMP_NOT_AUTHOR"));
        }
        JsonNode another = ok(upload("patients/R-1/deposits?documentId=R-L1&title=Correction&category=DISCHARGE_LETTER&now=true"
                + "&replaces=" + encoded(theirs), token, ("Correction " + System.nanoTime()).getBytes(StandardCharsets.UTF_8),
                "text/plain"), 201);
        assertEquals(another.toString(), "FAILED", another.get("state").asText());
        assertTrue(another.get("outcome").asText(), another.get("outcome").asText().contains("DMP_NOT_AUTHOR"));
        assertEquals("APPROVED", documents(ok(get("patients/R-1/dmp-documents?scope=ALL", token), 200)).get(theirs)
                .get("status").asText());

        JsonNode both = error(put(document + "/visibility", token, "{\"hiddenFromPatient\":true,\"maskedToProfessionals\":true,"
                + "\"hiddenFromLegalRepresentatives\":false}"), 400, "INVALID_VISIBILITY");
        assertEquals("Un document masqué aux professionnels de santé reste visible du patient et de ses représentants légaux :"
                + " choisissez l'un ou l'autre.", both.get("message").asText());
        JsonNode missing = error(put(document + "/visibility", token, "{\"hiddenFromPatient\":true}"), 400, "INVALID_FIELD");
        assertEquals("maskedToProfessionals: required", missing.get("detail").asText());
        assertEquals("Le champ « masqué aux professionnels de santé » n'est pas valide : corrigez-le et recommencez.",
                missing.get("message").asText());
        error(put(document + "/visibility", token, "{\"hiddenFromPatient\":\"oui\",\"maskedToProfessionals\":false,"
                + "\"hiddenFromLegalRepresentatives\":false}"), 400, "BAD_JSON");
        assertEquals("archived: required", error(put(document + "/archived", token, "{}"), 400, "INVALID_FIELD").get("detail").asText());
        JsonNode spaced = error(put("patients/R-1/dmp-documents/a%20b/archived", token, "{\"archived\":true}"), 400, "INVALID_FIELD");
        assertTrue(spaced.get("detail").asText(), spaced.get("detail").asText().startsWith("uniqueId: "));
        error(delete("patients/R-1/dmp-documents/a%20b", token), 400, "INVALID_FIELD");
        JsonNode badVersion = error(upload("patients/R-1/deposits?documentId=R-L2&title=Correction&category=CONSULTATION&replaces=a%20b",
                token, "Correction".getBytes(StandardCharsets.UTF_8), "text/plain"), 400, "INVALID_FIELD");
        assertTrue(badVersion.get("detail").asText(), badVersion.get("detail").asText().startsWith("replaces: "));
        error(delete("patients/NOBODY/dmp-documents/" + encoded(theirs), token), 404, "UNKNOWN_PATIENT");
        patient(token, "R-2", "SANS", "Carte", "1980-01-01", null);
        error(put("patients/R-2/dmp-documents/" + encoded(theirs) + "/archived", token, "{\"archived\":true}"), 409, "NO_IDENTIFIER");

        Distribution.execute(commandProcessor, "dmp:session close", "");
        error(put(document + "/archived", token, "{\"archived\":true}"), 503, "NO_SESSION");
        error(delete(document, token), 503, "NO_SESSION");
    }

    @Test
    public void aDriverThatCannotChangeDocumentsIsSaidSo() throws Exception {
        String token = token();
        patient(token, "U-1", "DUPONT", "Claire", "1968-04-12", TREATED_ELSEWHERE);
        Dictionary<String, Object> ranking = new Hashtable<>();
        ranking.put(Constants.SERVICE_RANKING, 1000);
        ServiceRegistration<DmpConnector> older = context.registerService(DmpConnector.class, new DriverOfVersion30(), ranking);
        try {
            HttpResponse<String> refused = Poll.until(DEADLINE, () -> put("patients/U-1/dmp-documents/1.2.3/archived", token,
                    "{\"archived\":true}"), response -> response.statusCode() == 501);
            JsonNode error = error(refused, 501, "NOT_SUPPORTED");
            assertEquals("Le module DMP en service ne permet pas cette action : demandez sa mise à jour.", error.get("message").asText());
            error(put("patients/U-1/dmp-documents/1.2.3/visibility", token, "{\"hiddenFromPatient\":false,"
                    + "\"maskedToProfessionals\":false,\"hiddenFromLegalRepresentatives\":false}"), 501, "NOT_SUPPORTED");
        } finally {
            older.unregister();
        }
    }

    /** A driver written for version 3.0 of the connector API: it changes no document. */
    private static final class DriverOfVersion30 implements DmpConnector {
        private static ConnectorException noSession() {
            return new ConnectorException(ConnectorException.Kind.TRANSIENT, ConnectorException.NO_SESSION, "a test driver without a session");
        }

        @Override
        public String name() {
            return "version 3.0";
        }

        @Override
        public SessionState session() {
            return new SessionState(SessionState.State.CLOSED, "a test driver", Instant.now());
        }

        @Override
        public DmpEnvironment environment() {
            return DmpEnvironment.UNKNOWN;
        }

        @Override
        public void openSession(char[] pin) throws ConnectorException {
            throw noSession();
        }

        @Override
        public void closeSession() {
            // never open
        }

        @Override
        public DmpStatus status(Ins ins) throws ConnectorException {
            throw noSession();
        }

        @Override
        public void create(Ins ins, PatientForm form) throws ConnectorException {
            throw noSession();
        }

        @Override
        public void reactivate(Ins ins, PatientForm form) throws ConnectorException {
            throw noSession();
        }

        @Override
        public void authorize(Ins ins, boolean granted) throws ConnectorException {
            throw noSession();
        }

        @Override
        public void access(Ins ins, Access access) throws ConnectorException {
            throw noSession();
        }

        @Override
        public List<DocumentEntry> find(Ins ins, DocumentQuery query) throws ConnectorException {
            throw noSession();
        }

        @Override
        public long retrieve(Ins ins, String uniqueId, OutputStream into) throws ConnectorException {
            throw noSession();
        }

        @Override
        public DepositReceipt deposit(Ins ins, DocumentMetadata metadata, DocumentContent content) throws ConnectorException {
            throw noSession();
        }
    }

    /** Registers a practice patient with his sex. */
    private void patient(String token, String localId, String name, String firstName, String birthDate, String sex, String what)
            throws Exception {
        assertEquals(what, sex, ok(put("patients/" + localId, token, "{\"name\":\"" + name + "\",\"firstName\":\"" + firstName
                + "\",\"birthDate\":\"" + birthDate + "\",\"sex\":\"" + sex + "\"}"), 200).get("sex").asText());
    }

    @Test
    public void anIdentityRetrievedFromInsiAndCheckedOnADocumentIsQualifiedAndOnlyThenDepositedFor() throws Exception {
        String token = token();
        openSession();
        patient(token, "I-1", "MARTIN", "Jean", "1950-08-01", "MALE", "the card's insured");
        assertEquals("PROVISIONAL", ok(get("patients/I-1", token), 200).get("identityStatus").asText());

        JsonNode found = ok(post("patients/I-1/ins", token, "{\"vitaleBeneficiary\":0}"), 200);
        assertEquals(found.toString(), "ATTACHED", found.get("outcome").asText());
        assertEquals("150081505104018", found.get("identity").get("ins").asText());
        assertEquals("INS_NIR_DEMO", found.get("identity").get("system").asText());
        assertEquals("1.2.250.1.213.1.4.11", found.get("identity").get("oid").asText());
        assertEquals("RETRIEVED", found.get("patient").get("identityStatus").asText());
        assertEquals("RETRIEVED", found.get("patient").get("identifier").get("status").asText());

        JsonNode toolbar = ok(get("patients/I-1/dmp?refresh=true", token), 200);
        assertEquals("the DMP found by the INS", "AUTHORIZED", toolbar.get("state").asText());
        assertEquals("INS_NIR_DEMO", toolbar.get("identifierSystem").asText());
        assertEquals("RETRIEVED", toolbar.get("identityStatus").asText());
        String deposit = "patients/I-1/deposits?documentId=I-L1&title=Compte%20rendu&category=CONSULTATION&now=true";
        byte[] letter = ("Compte rendu " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        error(upload(deposit, token, letter, "text/plain"), 409, "IDENTITY_NOT_QUALIFIED");

        String shown = ",\"name\":\"MARTIN\",\"firstName\":\"Jean\",\"birthDate\":\"1950-08-01\",\"sex\":\"MALE\"";
        error(post("patients/I-1/identity-validation", token, "{\"document\":\"PASSPORT\"" + shown + "}"), 400, "CONFIRMATION_REQUIRED");
        error(post("patients/I-1/identity-validation", token, "{\"confirmed\":true" + shown + "}"), 400, "INVALID_FIELD");
        error(post("patients/I-1/identity-validation", token, "{\"document\":\"PASSPORT\",\"confirmed\":true}"), 400, "INVALID_FIELD");
        error(post("patients/I-1/identity-validation", token, "{\"document\":\"LIBRARY_CARD\",\"confirmed\":true" + shown + "}"), 400,
                "BAD_JSON");
        error(post("patients/I-1/identity-validation", token, "{\"document\":\"PASSPORT\",\"confirmed\":true" + shown
                .replace("1950-08-01", "1950-08-02") + "}"), 409, "CHANGED");
        assertEquals("a date read otherwise validated nothing", "RETRIEVED", ok(get("patients/I-1", token), 200).get("identityStatus").asText());
        JsonNode qualified = ok(post("patients/I-1/identity-validation", token, "{\"document\":\"PASSPORT\",\"confirmed\":true" + shown
                + "}"), 200);
        assertEquals("QUALIFIED", qualified.get("identityStatus").asText());
        assertEquals("PASSPORT", qualified.get("identityDocument").asText());
        assertEquals("QUALIFIED", qualified.get("identifier").get("status").asText());
        assertEquals("QUALIFIED", ok(get("patients/I-1/dmp", token), 200).get("identityStatus").asText());
        JsonNode sent = ok(upload(deposit, token, letter, "text/plain"), 201);
        assertEquals(sent.toString(), "DONE", sent.get("state").asText());

        patient(token, "I-1", "MARTIN", "Jean-Louis", "1950-08-01", "MALE", "new traits");
        JsonNode renamed = ok(get("patients/I-1", token), 200);
        assertEquals("traits neither checked on the document nor INSi's", "PROVISIONAL", renamed.get("identityStatus").asText());
        assertTrue(renamed.get("identityDocument").isNull());
        error(upload(deposit, token, ("Autre lettre " + System.nanoTime()).getBytes(StandardCharsets.UTF_8), "text/plain"), 409,
                "IDENTITY_NOT_QUALIFIED");
        JsonNode again = ok(post("patients/I-1/ins", token, "{\"vitaleBeneficiary\":0}"), 200);
        assertEquals("INSi's JEAN is not JEAN-LOUIS", "TRAITS_DIFFER", again.get("outcome").asText());
        assertEquals("[\"first names\"]", again.get("differing").toString());
    }

    @Test
    public void insiLookupsThatFindNoneSeveralOrOtherTraitsGiveNothing() throws Exception {
        String token = token();
        openSession();
        patient(token, "I-2", "MARTIN", "Jean", "1950-08-02", "MALE", "a day apart");
        JsonNode differ = ok(post("patients/I-2/ins", token, "{\"vitaleBeneficiary\":0}"), 200);
        assertEquals(differ.toString(), "TRAITS_DIFFER", differ.get("outcome").asText());
        assertEquals("[\"birth date\"]", differ.get("differing").toString());
        assertEquals("1950-08-01", differ.get("identity").get("birthDate").asText());
        assertTrue("nothing given", differ.get("patient").get("identifier").isNull());

        patient(token, "I-3", "DURAND", "Paul", "1980-01-01", "MALE", "not in the register");
        JsonNode none = ok(post("patients/I-3/ins", token, "{}"), 200);
        assertEquals("NOT_FOUND", none.get("outcome").asText());
        assertTrue(none.get("identity").isNull());

        patient(token, "I-4", "Dupont", "Camille", "1990-05-12", "FEMALE", "two of them");
        assertEquals("SEVERAL", ok(post("patients/I-4/ins", token, "{}"), 200).get("outcome").asText());
        JsonNode one = ok(post("patients/I-4/ins", token, "{\"birthplace\":\"75112\"}"), 200);
        assertEquals(one.toString(), "ATTACHED", one.get("outcome").asText());
        assertEquals("290057511201267", one.get("patient").get("identifier").get("value").asText());
        assertEquals("INS_NIR_TEST", one.get("patient").get("identifier").get("system").asText());

        error(post("patients/I-4/ins", token, "{\"birthplace\":\"7511\"}"), 400, "INVALID_FIELD");
        error(post("patients/I-4/ins", token, "{\"vitaleBeneficiary\":9}"), 400, "INVALID_FIELD");
        error(post("patients/I-4/ins", token, "{\"vitaleBeneficiary\":0,\"birthplace\":\"75112\"}"), 400, "INVALID_FIELD");
        patient(token, "I-5", "DURAND", "Alex", "1980-01-01", "UNKNOWN", "sex unknown");
        error(post("patients/I-5/ins", token, "{}"), 400, "INVALID_FIELD");
        error(post("patients/I-9/ins", token, "{}"), 404, "UNKNOWN_PATIENT");

        patient(token, "I-6", "Dupont", "Camille", "1990-05-12", "FEMALE", "a second record of the same person");
        JsonNode duplicate = ok(post("patients/I-6/ins", token, "{\"birthplace\":\"75112\"}"), 200);
        assertEquals(duplicate.toString(), "HELD_BY_ANOTHER", duplicate.get("outcome").asText());
        assertEquals("[\"I-4\"]", duplicate.get("heldBy").toString());
        assertTrue("nothing given", duplicate.get("patient").get("identifier").isNull());
    }

    @Test
    public void theQueueIsShownRetriedAndCancelled() throws Exception {
        String token = token();
        patient(token, "Q-1", "MARTIN", "Jean", "1950-08-01", AUTHORIZED);
        Distribution.execute(commandProcessor, "dmp:session close", "");
        JsonNode queued = ok(upload("patients/Q-1/deposits?documentId=Q-L1&title=Lettre&category=CONSULTATION", token,
                ("Lettre en attente " + System.nanoTime()).getBytes(StandardCharsets.UTF_8), "text/plain"), 201);
        assertEquals("QUEUED", queued.get("state").asText());
        JsonNode shown = ok(get("queue?state=QUEUED", token), 200);
        assertTrue(shown.get("counts").get("QUEUED").asLong() >= 1);
        assertTrue(shown.toString(), shown.get("deposits").findValues("id").stream()
                .anyMatch(id -> id.asLong() == queued.get("depositId").asLong()));
        error(post("queue/" + queued.get("depositId").asLong() + "/retry", token, ""), 409, "WRONG_STATE");
        JsonNode cancelled = ok(post("queue/" + queued.get("depositId").asLong() + "/cancel", token, ""), 200);
        assertEquals("CANCELLED", cancelled.get("state").asText());
        assertEquals("CANCELLED", ok(get("patients/Q-1/deposits", token), 200).get(0).get("state").asText());
        error(post("queue/999999/cancel", token, ""), 404, "UNKNOWN_DEPOSIT");
        error(get("queue?state=LOST", token), 400, "INVALID_FIELD");
    }

    @Test
    public void theEfficienceButtonOpensTheSessionWithThePinAndClosesItWhenTheProgramCloses() throws Exception {
        String token = token();
        Distribution.execute(commandProcessor, "dmp:session close", "");
        JsonNode state = ok(get("efficience", token), 200);
        assertTrue(state.toString(), state.get("licensed").asBoolean());
        assertEquals("VALID", state.get("licence").get("verdict").asText());
        assertTrue("the distribution's licence is the demonstration one", state.get("licence").get("demo").asBoolean());
        assertTrue(state.get("message").isNull());
        assertTrue(state.get("serviceRunning").asBoolean());
        assertEquals("SIMULATED", state.get("environment").asText());
        assertEquals("CLOSED", state.get("session").asText());
        assertEquals("DUPONT JEANNE", state.get("cps").get("holder").asText());
        assertEquals(3, state.get("cps").get("triesLeft").asInt());

        error(post("efficience/start", token, "{}"), 400, "INVALID_FIELD");
        error(post("efficience/start", token, "{\"pin\":\"12\"}"), 409, "INVALID_PIN");
        JsonNode started = ok(post("efficience/start", token, "{\"pin\":\"1234\"}"), 200);
        assertEquals("OPEN", started.get("session").asText());
        assertTrue(started.get("openedByBridge").asBoolean());
        assertEquals(204, post("efficience/heartbeat", token, "").statusCode());
        assertEquals(204, post("efficience/closing", token, "").statusCode());
        JsonNode closed = ok(get("efficience", token), 200);
        assertEquals("CLOSED", closed.get("session").asText());
        assertFalse(closed.get("openedByBridge").asBoolean());

        assertTrue(Distribution.execute(commandProcessor, "dmp:session open", "1234\n").out().contains("Efficience session OPEN"));
        assertEquals(204, post("efficience/closing", token, "").statusCode());
        assertEquals("a session the shell opened is left alone", "OPEN", ok(get("efficience", token), 200).get("session").asText());
        assertEquals("CLOSED", ok(post("efficience/stop", token, ""), 200).get("session").asText());
    }

    @Test
    public void withoutAValidLicenceTheEfficienceActionsAreRefusedWithTheManualsSentence() throws Exception {
        String token = token();
        org.osgi.service.cm.Configuration licence = configurations.getConfiguration("com.medialogis.dmp.bridge.licence", "?");
        Dictionary<String, Object> shipped = licence.getProperties();
        String code = String.valueOf(shipped.get("code"));
        try {
            for (var refused : List.of(Map.entry("", "MISSING"), Map.entry(code.substring(0, code.length() - 4) + "AAAA", "TAMPERED"),
                    Map.entry("MDL1.bm90IGEgbGljZW5jZQ.AAAA", "MALFORMED"), Map.entry(EXPIRED_DEMO_CODE, "EXPIRED"),
                    Map.entry(FOREIGN_CODE, "FOREIGN"), Map.entry(WITHOUT_OPTION_CODE, "VALID"))) {
                Hashtable<String, Object> changed = new Hashtable<>();
                changed.put("code", refused.getKey());
                licence.update(changed);
                JsonNode state = Poll.until(DEADLINE, () -> ok(get("efficience", token), 200),
                        answer -> answer.get("licence").get("verdict").asText().equals(refused.getValue()));
                assertEquals(state.toString(), refused.getValue(), state.get("licence").get("verdict").asText());
                assertFalse(state.get("licensed").asBoolean());
                assertEquals("Si ce bouton n'apparaît pas, appelez-nous afin d'obtenir un nouveau code licence intégrant l'option"
                        + " « DMP – Efficience ».", state.get("message").asText());
                JsonNode forbidden = error(post("efficience/start", token, "{\"pin\":\"1234\"}"), 403, "LICENCE_REQUIRED");
                assertTrue(forbidden.get("detail").asText(), forbidden.get("detail").asText().startsWith(
                        refused.getValue().equals("VALID") ? "WITHOUT_OPTION: " : refused.getValue() + ": "));
                error(post("efficience/stop", token, ""), 403, "LICENCE_REQUIRED");
            }
        } finally {
            licence.update(shipped);
        }
        Poll.until(DEADLINE, () -> ok(get("efficience", token), 200), answer -> answer.get("licensed").asBoolean());
    }
}
