package com.medialogis.dmp.sandbox.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The sandbox over real HTTP on loopback, as a driver sees it. */
public class SandboxApiTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Faults faults = new Faults();
    private Path dmpFolder;
    private SandboxServer server;
    private String session;

    @Before
    public void start() throws Exception {
        dmpFolder = folder.getRoot().toPath();
        server = SandboxServer.create(new InetSocketAddress("127.0.0.1", 0), SimulatedDmp.open(dmpFolder, Seed.patients()), faults).start();
        session = call("hl_openSession", Map.of()).get("s_sessionId").asText();
        assertEquals("OK", call("hl_createDmpConnector", Map.of("s_pinCode", "1234")).get("s_status").asText());
    }

    @After
    public void stop() {
        server.close();
    }

    @Test
    public void seededPatientsAnswerEveryDmpStatusAndAuthorization() throws Exception {
        assertStatus(Seed.AUTHORIZED, 1, 2);
        assertStatus(Seed.NOT_AUTHORIZED, 1, 3);
        assertStatus(Seed.DENIED, 1, 4);
        assertStatus(Seed.NOT_FOUND, 3, 5);
        JsonNode closed = assertStatus(Seed.CLOSED, 2, 2);
        assertEquals("2024-06-30", closed.get("s_dmpClosingDate").asText());
    }

    @Test
    public void wrongPinIsRefusedAndNoDmpCommandRunsWithoutAConnector() throws Exception {
        String other = call("hl_openSession", Map.of()).get("s_sessionId").asText();
        session = other;
        assertError(call("hl_createDmpConnector", Map.of("s_pinCode", "0000")), SandboxApi.DMP_ERROR, "CPS_WRONG_PIN");
        JsonNode refused = call("hl_getDirectAuthenticationDMPStatus", Map.of("s_ins", Seed.AUTHORIZED));
        assertError(refused, SandboxApi.REQUEST_ERROR, "");
        assertTrue(refused.get("s_apiErrorDescription").asText().contains("hl_createDmpConnector"));
    }

    @Test
    public void creationNeedsConsentAndAuthorizesItsCreator() throws Exception {
        Map<String, Object> form = Map.of("s_ins", Seed.NOT_FOUND, "s_patientName", "PAUL", "s_patientGivenName", "PAUL",
                "s_birthDate", "19650315", "i_consent", 0);
        assertError(call("hl_createDmp", form), SandboxApi.DMP_ERROR, "CONSENT_REQUIRED");
        Map<String, Object> consented = new HashMap<>(form);
        consented.put("i_consent", 1);
        assertEquals("OK", call("hl_createDmp", consented).get("s_status").asText());
        assertStatus(Seed.NOT_FOUND, 1, 2);
        assertError(call("hl_createDmp", consented), SandboxApi.DMP_ERROR, "DMP_ALREADY_EXISTS");
    }

    @Test
    public void depositedDocumentIsListedReadBackAndItsUniqueIdNeverAcceptedTwice() throws Exception {
        assertEquals("1.2.250.1.999.1.1", deposit(Seed.AUTHORIZED, "1.2.250.1.999.1.1", "").get("s_uniqueId").asText());
        assertError(deposit(Seed.AUTHORIZED, "1.2.250.1.999.1.1", ""), SandboxApi.DMP_ERROR, "XDS_DUPLICATE_UNIQUE_ID");
        JsonNode listed = call("hl_findDocuments", Map.of("s_ins", Seed.AUTHORIZED)).get("Documents");
        assertEquals(1, listed.size());
        assertEquals("Courrier", listed.get(0).get("s_title").asText());
        JsonNode content = call("hl_getDocumentContentByUniqueId", Map.of("s_ins", Seed.AUTHORIZED, "s_documentUniqueId", "1.2.250.1.999.1.1"));
        assertEquals("letter 1.2.250.1.999.1.1",
                new String(Base64.getDecoder().decode(content.get("s_fileContentInBase64").asText()), StandardCharsets.UTF_8));
    }

    @Test
    public void replacementDeprecatesTheReplacedDocument() throws Exception {
        deposit(Seed.AUTHORIZED, "1.2.250.1.999.2.1", "");
        deposit(Seed.AUTHORIZED, "1.2.250.1.999.2.2", "1.2.250.1.999.2.1");
        JsonNode approved = call("hl_findDocuments", Map.of("s_ins", Seed.AUTHORIZED)).get("Documents");
        assertEquals(1, approved.size());
        assertEquals("1.2.250.1.999.2.2", approved.get(0).get("s_uniqueId").asText());
        JsonNode deprecated = call("hl_findDocuments", Map.of("s_ins", Seed.AUTHORIZED, "a_statuses", List.of("DEPRECATED")))
                .get("Documents");
        assertEquals("1.2.250.1.999.2.1", deprecated.get(0).get("s_uniqueId").asText());
    }

    @Test
    public void unauthorizedDeniedAndClosedDmpsRefuseDepositsUnlessEmergencyAccess() throws Exception {
        assertError(deposit(Seed.NOT_AUTHORIZED, "1.2.250.1.999.3.1", ""), SandboxApi.DMP_ERROR, "DMP_NOT_AUTHORIZED");
        assertError(deposit(Seed.DENIED, "1.2.250.1.999.3.2", ""), SandboxApi.DMP_ERROR, "DMP_ACCESS_DENIED");
        assertError(deposit(Seed.CLOSED, "1.2.250.1.999.3.3", ""), SandboxApi.DMP_ERROR, "DMP_CLOSED");
        assertError(deposit(Seed.NOT_FOUND, "1.2.250.1.999.3.4", ""), SandboxApi.DMP_ERROR, "DMP_NOT_FOUND");
        assertError(call("hl_setDmpAccessMode", Map.of("s_ins", Seed.DENIED, "i_accessMode", 2)), SandboxApi.REQUEST_ERROR, "");
        call("hl_setDmpAccessMode", Map.of("s_ins", Seed.DENIED, "i_accessMode", 2, "s_reason", "unconscious patient"));
        assertEquals("OK", deposit(Seed.DENIED, "1.2.250.1.999.3.2", "").get("s_status").asText());
    }

    @Test
    public void depositedDocumentsSurviveARestartOfTheSandbox() throws Exception {
        deposit(Seed.AUTHORIZED, "1.2.250.1.999.4.1", "");
        server.close();
        SimulatedDmp reopened = SimulatedDmp.open(dmpFolder, Seed.patients());
        assertEquals(1, reopened.documentCount());
        try (var files = Files.list(dmpFolder.resolve("documents"))) {
            assertEquals("its metadata and its content", 2, files.count());
        }
        assertEquals(SimulatedDmp.Authorization.VALID, reopened.patient(Seed.AUTHORIZED).authorization(Seed.DOCTOR));
        server = SandboxServer.create(new InetSocketAddress("127.0.0.1", 0), reopened, faults).start();
    }

    @Test
    public void aLargeDocumentGoesToDiskAsItArrivesAndComesBackByteForByte() throws Exception {
        byte[] scan = new byte[6 * 1024 * 1024 + 1];
        new java.util.Random(7).nextBytes(scan);
        Map<String, Object> fields = new HashMap<>(Map.of("s_ins", Seed.AUTHORIZED, "s_uniqueId", "1.2.250.1.999.7.1",
                "s_documentTitle", "Radio", "s_documentCategory", "18748-4", "i_documentVisibility", 1,
                "s_documentFormat", "urn:ihe:iti:xds-sd:pdf:2008", "s_healthcareSetting", "AMBULATOIRE",
                SandboxApi.CONTENT_IN, Base64.getEncoder().encodeToString(scan)));
        assertEquals("OK", call("hl_sendDocument", fields).get("s_status").asText());
        try (var files = Files.list(dmpFolder.resolve("documents"))) {
            Path content = files.filter(file -> file.toString().endsWith(".content")).findFirst().orElseThrow();
            assertTrue("the content is a file of its own, as deposited", java.util.Arrays.equals(scan, Files.readAllBytes(content)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(content)));
        }
        JsonNode back = call("hl_getDocumentContentByUniqueId", Map.of("s_ins", Seed.AUTHORIZED, "s_documentUniqueId", "1.2.250.1.999.7.1"));
        assertTrue(java.util.Arrays.equals(scan, Base64.getDecoder().decode(back.get(SandboxApi.CONTENT_OUT).asText())));
    }

    @Test
    public void theDmpsFoldersAndFilesAreReadableByTheirOwnerOnly() throws Exception {
        deposit(Seed.AUTHORIZED, "1.2.250.1.999.8.1", "");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dmpFolder)));
        try (var all = Files.walk(dmpFolder)) {
            for (Path path : all.toList()) {
                String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
                assertEquals(path.toString(), expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            }
        }
    }

    @Test
    public void aDepositRefusedOrCutShortLeavesNoFileBehind() throws Exception {
        assertError(deposit(Seed.NOT_FOUND, "1.2.250.1.999.9.1", ""), SandboxApi.DMP_ERROR, "DMP_NOT_FOUND");
        assertError(post("hl_sendDocument", "{\"s_sessionId\":\"" + session + "\",\"" + SandboxApi.CONTENT_IN
                + "\":\"QUJD"), SandboxApi.REQUEST_ERROR, "");
        try (var files = Files.list(dmpFolder.resolve("documents"))) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    public void aSessionItDoesNotKnowIsTheServicesInvalidSessionError() throws Exception {
        session = "not-a-session";
        JsonNode refused = call("hl_getDirectAuthenticationDMPStatus", Map.of("s_ins", Seed.AUTHORIZED));
        assertEquals(SandboxApi.SERVICE_ERROR, refused.get("i_apiErrorType").asInt());
        assertEquals(SandboxApi.INVALID_SESSION, refused.get("i_apiErrorCode").asInt());
    }

    @Test
    public void injectedFaultsAreTransientOrPermanentAndCounted() throws Exception {
        faults.set(new Faults.Settings(0, 1, 0));
        assertError(call("hl_getDirectAuthenticationDMPStatus", Map.of("s_ins", Seed.AUTHORIZED)), SandboxApi.UNAVAILABLE, "");
        faults.set(new Faults.Settings(0, 0, 1));
        assertError(deposit(Seed.AUTHORIZED, "1.2.250.1.999.5.1", ""), SandboxApi.DMP_ERROR, "INJECTED_REFUSAL");
        assertEquals(Long.valueOf(1), faults.counts().get("injected transient"));
        assertEquals(Long.valueOf(1), faults.counts().get("injected permanent"));
        assertEquals(Long.valueOf(1), faults.counts().get("hl_sendDocument"));
    }

    @Test
    public void malformedRequestsAreRefusedWithWhatIsWrong() throws Exception {
        assertError(post("hl_getDirectAuthenticationDMPStatus", "{not json"), SandboxApi.REQUEST_ERROR, "");
        JsonNode missing = call("hl_getDirectAuthenticationDMPStatus", Map.of());
        assertTrue(missing.get("s_apiErrorDescription").asText().contains("s_ins"));
        assertError(call("hl_teleport", Map.of("s_ins", Seed.AUTHORIZED)), SandboxApi.REQUEST_ERROR, "");
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri("hl_openSession")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
    }

    @Test
    public void concurrentDepositsAreAllKeptOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<JsonNode>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String uniqueId = "1.2.250.1.999.6." + i;
                results.add(pool.submit(() -> deposit(Seed.AUTHORIZED, uniqueId, "")));
            }
            for (Future<JsonNode> result : results) {
                assertEquals("OK", result.get().get("s_status").asText());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(40, call("hl_findDocuments", Map.of("s_ins", Seed.AUTHORIZED)).get("Documents").size());
    }

    private JsonNode deposit(String ins, String uniqueId, String replaces) throws Exception {
        Map<String, Object> fields = new HashMap<>(Map.of("s_ins", ins, "s_uniqueId", uniqueId,
                "s_documentTitle", "Courrier", "s_documentDescription", "", "s_documentCategory", "11488-4",
                "i_documentVisibility", 1, "s_documentFormat", "urn:ihe:iti:xds-sd:text:2008",
                "s_healthcareSetting", "AMBULATOIRE",
                SandboxApi.CONTENT_IN, Base64.getEncoder().encodeToString(("letter " + uniqueId).getBytes(StandardCharsets.UTF_8))));
        if (!replaces.isEmpty()) {
            fields.put("s_replacedDocumentUniqueId", replaces);
        }
        return call("hl_sendDocument", fields);
    }

    private JsonNode assertStatus(String ins, int dmpStatus, int authorization) throws Exception {
        JsonNode answer = call("hl_getDirectAuthenticationDMPStatus", Map.of("s_ins", ins));
        assertEquals(answer.toString(), dmpStatus, answer.get("i_dmpStatus").asInt());
        assertEquals(answer.toString(), authorization, answer.get("i_userAuthorization").asInt());
        return answer;
    }

    private static void assertError(JsonNode answer, int type, String context) {
        assertEquals(answer.toString(), "ERROR", answer.get("s_status").asText());
        assertEquals(answer.toString(), type, answer.get("i_apiErrorType").asInt());
        assertEquals(answer.toString(), context, answer.get("s_apiErrorContext").asText());
    }

    private JsonNode call(String command, Map<String, Object> fields) throws IOException, InterruptedException {
        ObjectNode request = json.valueToTree(fields);
        request.put("s_commandName", command);
        if (session != null) {
            request.put("s_sessionId", session);
        }
        return post(command, json.writeValueAsString(request));
    }

    private JsonNode post(String command, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(command))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }

    private URI uri(String command) {
        return URI.create("http://127.0.0.1:" + server.port() + "/api/" + command);
    }
}
