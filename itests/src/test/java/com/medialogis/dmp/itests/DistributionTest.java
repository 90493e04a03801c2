package com.medialogis.dmp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;




/**
 * The distribution as a practice runs it: bin/dmp-gateway started headless from another folder,
 * with its input closed, and bin/dmp-shell talking to it from scripts.
 */
public class DistributionTest {

    private static final Duration START_DEADLINE = Duration.ofSeconds(30);
    /** How long bin/dmp-shell --wait-ready waits for a start. */
    private static final int READY_SECONDS = 60;
    /** The largest document the distribution deposits: its shipped max.content.bytes. */
    private static final int LARGEST_DOCUMENT = 20 * 1024 * 1024;
    // The sandbox's seeded patients, one per DMP state.
    private static final String AUTHORIZED = "1541187387477485562488";
    private static final String NOT_AUTHORIZED = "0495895458758575630756";
    private static final String CLOSED = "1212369615611735941658";
    private static final String DENIED = "1464688430391309708952";
    private static final String NOT_FOUND = "0505594846430100619097";
    /** The card's insured's INS, as the sandbox's INSi gives it. */
    private static final String INS = "150081505104018";

    private Path home;
    private int dmpPort;
    private Path elsewhere;
    private Process gateway;

    @Before
    public void copyTheDistribution() throws IOException {
        home = Files.createTempDirectory(Path.of("target"), "dmp-gateway-").toAbsolutePath();
        dmpPort = Distribution.copyTo(home);
        elsewhere = Files.createTempDirectory(Path.of("target"), "working-folder-").toAbsolutePath();
    }

    @After
    public void stopTheGateway() throws InterruptedException {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    public void gatewayAnswersScriptsAndStopsCleanlyOnSigterm() throws Exception {
        start();
        Result insc = shell("ins:insc", "JEAN", "500801", "1500815051040");
        assertEquals(0, insc.status);
        assertEquals("1541187387477485562488\n", insc.out);

        Result wrongKey = shell("ins:nir", "150081505104019");
        assertEquals(1, wrongKey.status);
        assertTrue(wrongKey.err, wrongKey.err.startsWith("invalid NIR: The key 19 does not match"));

        Result accented = shell("ins:insc", "Jean-Éric d'Arc", "500801", "1500815051040");
        assertEquals(0, accented.status);
        assertEquals(shell("ins:insc", "JEANERICDA", "500801", "1500815051040").out, accented.out);

        Result unknown = shell("ins:nothing");
        assertEquals(1, unknown.status);
        assertTrue(unknown.err, unknown.err.contains("ins:nothing"));

        assertEquals(2, shell().status);

        Result headers = shell("headers", "com.medialogis.dmp.identity");
        assertEquals("Felix's commands take a bundle headless too", 0, headers.status);
        assertTrue(headers.out, headers.out.contains("Bundle-SymbolicName = com.medialogis.dmp.identity"));

        Path socket = home.resolve("data/shell.sock");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertTrue("the gateway survives the end of its input", gateway.isAlive());

        gateway.destroy();
        assertTrue("stops within 10 s of SIGTERM", gateway.waitFor(10, TimeUnit.SECONDS));
        assertFalse("the socket is removed", Files.exists(socket));
        assertEquals("headless, nothing is written to the console", "",
                Files.readString(home.resolve("console.out")));
        Result stopped = shell("ins:nir", "1500815051040");
        assertEquals(3, stopped.status);
        assertTrue(stopped.err, stopped.err.contains("no container is running"));
    }

    @Test
    public void logAndStateStayInTheDataFolderAcrossRestarts() throws Exception {
        start();
        assertEquals(0, shell("ins:nir", "1500815051040").status);
        gateway.destroy();
        assertTrue(gateway.waitFor(10, TimeUnit.SECONDS));
        Path log = home.resolve("data/log/dmp-gateway.log");
        long firstRun = Files.readAllLines(log).stream().filter(line -> line.contains("dmp-shell accepts commands")).count();
        assertEquals(1, firstRun);

        start();
        assertEquals(0, shell("ins:nir", "1500815051040").status);
        long bothRuns = Files.readAllLines(log).stream().filter(line -> line.contains("dmp-shell accepts commands")).count();
        assertEquals("the log is appended to, in the distribution's data folder", 2, bothRuns);
        try (Stream<Path> written = Files.list(elsewhere)) {
            assertFalse("nothing is written where the gateway was started", written.findAny().isPresent());
        }
    }

    @Test
    public void anotherUserIsRefusedEvenWhenTheSocketIsMadeReachable() throws Exception {
        assumeTrue("needs root, to run dmp-shell as user nobody", "root".equals(System.getProperty("user.name")));
        start();
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path socket = home.resolve("data/shell.sock");

        Result blocked = shellAs("nobody", "ins:nir", "1500815051040");
        assertEquals(3, blocked.status);
        assertTrue(blocked.err, blocked.err.contains("permission denied"));

        Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        Result refused = shellAs("nobody", "ins:nir", "1500815051040");
        assertEquals(1, refused.status);
        assertEquals("", refused.out);
        assertTrue(refused.err, refused.err.contains("only user root may run commands here"));
    }

    @Test
    public void demoShowsTheVirtualCardsAndThreeWrongPinsBlockTheCpsWithoutTheirReachingTheLog() throws Exception {
        start();
        awaitOutput("Vitale card, 4 beneficiaries", "", "card:list");
        Result list = shell("card:list");
        assertTrue(list.out, list.out.contains("CPS (test card) DUPONT JEANNE, national id 899700000001, profession Médecin, specialty unknown, card 802500000100012345"));
        assertTrue(list.out, list.out.contains("; 3 tries left"));
        assertTrue(list.out, list.out.contains("MARTIN JEAN, born 500801, rank unknown, quality unknown: INS-C 1541187387477485562488"));

        Result first = shellWithInput("8642\n", "card:pin");
        assertEquals(1, first.status);
        assertEquals("wrong PIN, 2 tries left\n", first.err);
        assertEquals("wrong PIN, 1 try left\n", shellWithInput("7531\n", "card:pin").err);
        Result unconfirmed = shellWithInput("9753\n", "card:pin");
        assertEquals(1, unconfirmed.status);
        assertTrue(unconfirmed.err, unconfirmed.err.startsWith("one PIN try left: the card was not tried"));
        Result blocked = shellWithInput("9753\n", "card:pin", "--confirm-last-try");
        assertEquals("the card is blocked: no PIN try left\n", blocked.err);
        assertEquals("the card is blocked: no PIN try left\n", shellWithInput("1234\n", "card:pin").err);

        // The test's own folder has a random name, which may hold any four digits: it is taken out first.
        String log = Files.readString(home.resolve("data/log/dmp-gateway.log")).replace(home.toString(), "");
        for (String pin : List.of("8642", "7531", "9753")) {
            assertFalse("the PIN " + pin + " is in the log", log.contains(pin));
        }
    }

    @Test
    public void demoShowsEveryDmpStateDepositsAndListsADocumentAndServesANewConnectorBuild() throws Exception {
        start();
        awaitOutput("Efficience session OPEN", "1234\n", "dmp:session", "open");

        Result statuses = shell("dmp:status", AUTHORIZED, NOT_AUTHORIZED, CLOSED, DENIED, NOT_FOUND);
        assertEquals(statuses.err, 0, statuses.status);
        assertEquals(List.of(
                AUTHORIZED + " (INS-C)  AUTHORIZED, action OPEN, answered 0 s ago",
                NOT_AUTHORIZED + " (INS-C)  NOT_AUTHORIZED (authorization expired), action AUTHORIZE, answered 0 s ago",
                CLOSED + " (INS-C)  CLOSED on 2024-06-30, action REACTIVATE, answered 0 s ago",
                DENIED + " (INS-C)  DENIED, action EMERGENCY_ACCESS, answered 0 s ago",
                NOT_FOUND + " (INS-C)  NOT_FOUND, action CREATE, answered 0 s ago"), statuses.out.lines().toList());
        Result card = shell("dmp:status");
        assertTrue(card.out, card.out.contains("MARTIN LEO  no identifier (This beneficiary has no NIR of his own"));
        assertTrue(card.out, card.out.contains("NO_IDENTIFIER, action NONE"));
        assertTrue(card.out, card.out.contains("MARTIN JEAN  " + AUTHORIZED + " (INS-C)  AUTHORIZED"));

        Files.createDirectories(home.resolve("letters"));
        Files.writeString(home.resolve("letters/Compte rendu.txt"), "Consultation du 25 novembre\n");
        Result deposit = shell("dmp:deposit", "../letters/Compte rendu.txt", AUTHORIZED, "consultation");
        assertEquals(deposit.err, 0, deposit.status);
        assertTrue(deposit.out, deposit.out.startsWith("deposited 2.25."));
        String uniqueId = deposit.out.split(" ")[1];
        Result documents = shell("dmp:documents", AUTHORIZED);
        assertTrue(documents.out, documents.out.startsWith(uniqueId + "  "));
        assertTrue(documents.out, documents.out.strip().endsWith("  CONSULTATION  APPROVED  Compte rendu"));

        // Today's path: the card's insured's INS through INSi, his identity qualified, a letter deposited for it and masked.
        assertTrue(shell("ins:lookup", "--vitale", "1").out.startsWith("INS " + INS + " (INS_NIR_DEMO, 1.2.250.1.213.1.4.11)"));
        assertEquals(0, shell("patient:save", "D-1", "MARTIN", "Jean", "1950-08-01", "MALE").status);
        assertEquals("INS " + INS + " (INS_NIR_DEMO) given to the patient; identity RETRIEVED\n",
                shell("patient:ins", "D-1", "--vitale", "1").out);
        Files.writeString(home.resolve("letters/Lettre INS.txt"), "Lettre pour l'INS qualifiée\n");
        assertTrue(shell("dmp:deposit", "../letters/Lettre INS.txt", INS, "consultation").err.endsWith("[IDENTITY_NOT_QUALIFIED]\n"));
        assertTrue(shell("patient:validate", "D-1", "PASSPORT", "MARTIN", "Jean", "1950-08-01", "MALE").out
                .contains("identity QUALIFIED, traits checked on PASSPORT"));
        Result forIns = shell("dmp:deposit", "../letters/Lettre INS.txt", INS, "consultation");
        assertTrue(forIns.err, forIns.out.startsWith("deposited 2.25."));
        String insLetter = forIns.out.split(" ")[1];
        assertEquals(insLetter + ": INVISIBLE_PATIENT\n", shell("dmp:visibility", INS, insLetter, "INVISIBLE_PATIENT").out);

        Distribution.replaceConnector(home.resolve("load"), "0.1.0.upgrade");
        awaitOutput("* Efficience: bundle com.medialogis.dmp.connector-efficience 0.1.0.upgrade", "", "dmp:connectors");
        Result served = shell("dmp:status", "--refresh", AUTHORIZED);
        assertEquals(served.err, 0, served.status);
        assertEquals(AUTHORIZED + " (INS-C)  AUTHORIZED, action OPEN, answered 0 s ago\n", served.out);

        String log = Files.readString(home.resolve("data/log/dmp-gateway.log"));
        assertTrue(log, log.contains("DMP status served by the Efficience connector (com.medialogis.dmp.connector-efficience 0.1.0.upgrade)"));
        for (String identifier : List.of(AUTHORIZED, NOT_AUTHORIZED, CLOSED, DENIED, NOT_FOUND, INS, "MARTIN")) {
            assertFalse("an identifier or a name is in the log", log.contains(identifier));
        }
    }

    @Test
    public void demoHealthFailsOnItsDemoWarningsOnlyWhenStrictAndTurnsWithTheSessionTheCpsAndTheSandbox() throws Exception {
        start();
        JsonNode demo = awaitHealth(0, "DMP session", "OK");
        Map<String, String> statuses = new HashMap<>();
        demo.get("checks").forEach(check -> statuses.put(check.get("name").asText(), check.get("status").asText()));
        assertEquals(Map.ofEntries(Map.entry("Bridge", "OK"), Map.entry("Card readers", "OK"), Map.entry("CPS", "OK"),
                Map.entry("Components", "OK"), Map.entry("DMP connector", "OK"), Map.entry("DMP sandbox", "WARN"),
                Map.entry("DMP session", "OK"), Map.entry("Deposit queue", "OK"), Map.entry("dmp-shell", "OK"),
                Map.entry("Efficience service", "WARN"), Map.entry("Licence", "OK"), Map.entry("Virtual cards", "WARN")), statuses);
        demo.get("checks").forEach(check -> assertTrue(check.toString(), check.get("status").asText().equals("OK")
                || check.get("messages").get(0).asText().startsWith("DEMO: ")));
        assertTrue(demo.get("passed").asBoolean());

        Result lines = shell("dmp:health");
        assertEquals(lines.err, 0, lines.status);
        List<String> text = lines.out.lines().toList();
        assertEquals(lines.out, 13, text.size());
        assertEquals(lines.out, 3, text.stream().filter(line -> line.matches("WARN +[A-Za-z ]+ +DEMO: .*")).count());
        assertEquals(lines.out, 9, text.stream().filter(line -> line.startsWith("OK ")).count());
        assertTrue(lines.out, text.stream().anyMatch(line -> line.matches("OK +Licence +DEMO: demonstration licence of .*")));
        assertTrue(lines.out, text.get(12).startsWith("overall: WARN (12 checks: 3 WARN, 9 OK)"));
        Result strict = shell("dmp:health", "--strict");
        assertEquals(1, strict.status);
        assertTrue(strict.err, strict.err.startsWith("overall: WARN"));

        awaitOutput("Efficience session OPEN", "1234\n", "dmp:session", "open");
        awaitHealth(0, "DMP session", "OK");
        shell("dmp:session", "close");
        awaitHealth(1, "DMP session", "WARN");
        awaitOutput("Efficience session OPEN", "1234\n", "dmp:session", "open");
        awaitHealth(0, "DMP session", "OK");

        assertEquals(0, shell("card:sim-remove", "cps").status);
        awaitHealth(1, "CPS", "WARN");
        assertEquals(0, shell("card:sim-insert", "cps").status);
        awaitHealth(0, "CPS", "OK");

        String sandboxBundle = shell("lb", "-s").out.lines()
                .filter(line -> line.contains("com.medialogis.dmp.dmp-sandbox"))
                .map(line -> line.strip().split("\\|")[0].strip())
                .findFirst().orElseThrow();
        assertEquals(0, shell("stop", sandboxBundle).status);
        JsonNode stopped = awaitHealth(1, "Efficience service", "CRITICAL");
        assertTrue(stopped.toString(), stopped.toString().contains("nothing answers at http://127.0.0.1:" + dmpPort));
        assertEquals(0, shell("start", sandboxBundle).status);
        awaitHealth(0, "Efficience service", "WARN");
    }

    /**
     * Runs {@code dmp:health --json} until it exits with the status and the named check has the
     * status (results may be 2 s old), and returns its document.
     */
    private JsonNode awaitHealth(int exitStatus, String check, String status) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (true) {
            Result health = shell("dmp:health", "--json");
            JsonNode document = new ObjectMapper().readTree(health.out);
            boolean matches = health.status == exitStatus && StreamSupport.stream(document.get("checks").spliterator(), false)
                    .anyMatch(node -> node.get("name").asText().equals(check) && node.get("status").asText().equals(status));
            if (matches) {
                return document;
            }
            if (Instant.now().isAfter(deadline)) {
                fail("dmp:health did not exit " + exitStatus + " with " + check + " " + status + ": " + health.out + health.err);
            }
            Thread.sleep(200);
        }
    }

    @Test
    public void theBridgeAnswersThePracticeProgramWithItsTokenAndNeitherTheTokenNorPatientDataIsLogged() throws Exception {
        start();
        String token = shell("bridge:token").out.strip();
        assertEquals("rw-------", mode(home.resolve("data/bridge/token")));
        int port = Integer.parseInt(Files.readString(home.resolve("conf/config.properties")).lines()
                .filter(line -> line.startsWith("org.osgi.service.http.port=")).findFirst().orElseThrow().split("=")[1]);
        URI api = URI.create("http://127.0.0.1:" + port + "/api/");
        URI status = api.resolve("patients/D-1/dmp");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(status).header("Authorization", "Bearer " + token + "x")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(refused.body(), 401, refused.statusCode());
        for (var call : List.of(Map.entry("patients/D-1", "{\"name\":\"MARTIN\",\"firstName\":\"Jean\",\"birthDate\":\"1950-08-01\","
                + "\"sex\":\"MALE\"}"), Map.entry("patients/D-1/identifier", "{\"identifier\":\"" + AUTHORIZED + "\"}"))) {
            HttpResponse<String> saved = http.send(HttpRequest.newBuilder(api.resolve(call.getKey())).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(call.getValue())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(saved.body(), 200, saved.statusCode());
        }
        awaitOutput("Efficience session OPEN", "1234\n", "dmp:session", "open");
        HttpResponse<String> answered = http.send(HttpRequest.newBuilder(status).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(answered.body(), 200, answered.statusCode());
        assertTrue(answered.body(), answered.body().contains("\"state\":\"AUTHORIZED\""));
        assertEquals("rw-------", mode(home.resolve("data/records/records.mv.db")));
        String log = Files.readString(home.resolve("data/log/dmp-gateway.log"));
        assertTrue(log, log.contains("Bridge: a GET on patients/… refused: a wrong token"));
        assertFalse("the token is not in the log", log.contains(token));
        assertFalse("no identifier in the log", log.contains(AUTHORIZED));
        assertFalse("no patient name in the log", log.contains("MARTIN"));
    }

    /**
     * The bridge's answers, successes and refusals, against the OpenAPI description it serves
     * (Atlassian's validator: paths, parameters, bodies, status codes and every field of the JSON).
     */
    @Test
    public void theBridgeAnswersAsItsOpenApiDescriptionSays() throws Exception {
        start();
        String token = shell("bridge:token").out.strip();
        int port = Integer.parseInt(Files.readString(home.resolve("conf/config.properties")).lines()
                .filter(line -> line.startsWith("org.osgi.service.http.port=")).findFirst().orElseThrow().split("=")[1]);
        Conformance api = new Conformance(URI.create("http://127.0.0.1:" + port), token);
        awaitOutput("Efficience session OPEN", "1234\n", "dmp:session", "open");

        api.call("PUT", "/api/patients/O-1", "{\"name\":\"MARTIN\",\"firstName\":\"Jean\",\"birthDate\":\"1950-08-01\",\"sex\":\"MALE\"}",
                "application/json", 200);
        api.call("GET", "/api/vitale", null, null, 200);
        api.call("POST", "/api/patients/O-1/vitale", "{\"beneficiary\":0,\"confirmed\":true}", "application/json", 200);
        api.call("PUT", "/api/patients/O-2", "{\"name\":\"ROSE\",\"firstName\":\"Rose\",\"birthDate\":\"1929-02-01\",\"sex\":\"FEMALE\"}",
                "application/json", 200);
        api.call("PUT", "/api/patients/O-2/identifier", "{\"identifier\":\"1212369615611735941658\"}", "application/json", 200);
        api.call("GET", "/api/patients?name=mar&limit=10", null, null, 200);
        api.call("GET", "/api/patients/O-1", null, null, 200);
        api.call("GET", "/api/patients/O-1/dmp?refresh=true", null, null, 200);
        api.call("GET", "/api/patients/O-2/dmp", null, null, 200);
        api.call("POST", "/api/patients/O-1/deposits?documentId=L-1&title=Lettre&category=CONSULTATION&now=true",
                "Compte rendu " + System.nanoTime(), "text/plain", 201);
        api.call("GET", "/api/patients/O-1/deposits", null, null, 200);
        JsonNode documents = api.call("GET", "/api/patients/O-1/dmp-documents", null, null, 200);
        String uniqueId = documents.get("categories").get(0).get("documents").get(0).get("uniqueId").asText();
        api.call("GET", "/api/patients/O-1/dmp-documents/" + uniqueId + "/content", null, null, 200);
        api.call("POST", "/api/patients/O-1/dmp-documents/" + uniqueId + "/transfer", "{}", "application/json", 201);
        api.call("POST", "/api/patients/O-1/dmp-documents/" + uniqueId + "/transfer", "{}", "application/json", 409);
        api.call("GET", "/api/patients/O-1/received", null, null, 200);
        api.call("GET", "/api/patients/O-1/dmp-documents?scope=ALL", null, null, 200);
        api.call("PUT", "/api/patients/O-1/dmp-documents/" + uniqueId + "/visibility", "{\"hiddenFromPatient\":true,"
                + "\"maskedToProfessionals\":false,\"hiddenFromLegalRepresentatives\":false}", "application/json", 200);
        api.call("PUT", "/api/patients/O-1/dmp-documents/" + uniqueId + "/visibility", "{\"hiddenFromPatient\":true,"
                + "\"maskedToProfessionals\":true,\"hiddenFromLegalRepresentatives\":false}", "application/json", 400);
        api.call("PUT", "/api/patients/O-1/dmp-documents/" + uniqueId + "/archived", "{\"archived\":true}", "application/json", 200);
        api.call("PUT", "/api/patients/O-1/dmp-documents/" + uniqueId + "/archived", "{\"archived\":false}", "application/json", 200);
        String version = api.call("POST", "/api/patients/O-1/deposits?documentId=L-2&title=Lettre&category=CONSULTATION&now=true"
                + "&replaces=" + uniqueId, "Compte rendu, version 2 " + System.nanoTime(), "text/plain", 201).get("dmpUniqueId").asText();
        api.call("DELETE", "/api/patients/O-1/dmp-documents/" + version, null, null, 204);
        api.call("DELETE", "/api/patients/O-1/dmp-documents/" + version, null, null, 404);
        api.call("GET", "/api/queue?state=DONE&limit=5", null, null, 200);
        api.call("POST", "/api/queue/999999/cancel", null, null, 404);
        api.call("GET", "/api/efficience", null, null, 200);
        api.call("POST", "/api/efficience/heartbeat", null, null, 204);
        api.call("PUT", "/api/patients/O-3", "{\"name\":\"A\"}", "application/json", 400);
        api.call("GET", "/api/patients/NOBODY", null, null, 404);
        api.call("POST", "/api/patients/O-2/deposits?documentId=L-1&title=Lettre&category=CONSULTATION", "Lettre", "text/plain", 409);
        api.call("GET", "/api/openapi.json", null, null, 200);
        api.call("GET", "/api/patients", null, null, 401, "");
    }

    @Test
    public void standaloneSandboxKeepsItsDmpAndItsCountsWhenTheContainerIsKilled() throws Exception {
        Process sandbox = startStandaloneSandbox();
        try {
            start();
            assertEquals("the container's own sandbox is off", 1, shell("sandbox:stats").status);
            awaitOutput("Efficience session OPEN", "1234\n", "dmp:session", "open");
            Files.writeString(home.resolve("letter.txt"), "Consultation\n");
            assertEquals(0, shell("dmp:deposit", home.resolve("letter.txt").toString(), AUTHORIZED, "CONSULTATION").status);
            gateway.destroyForcibly();
            assertTrue(gateway.waitFor(10, TimeUnit.SECONDS));

            Result stats = sandbox("--port", String.valueOf(dmpPort), "stats");
            assertEquals(stats.err, 0, stats.status);
            assertTrue(stats.out, stats.out.contains("hl_sendDocument: 1\n"));
            assertTrue("the deposit and the seed's document: " + stats.out, stats.out.endsWith("documents held: 2\n"));
        } finally {
            sandbox.destroy();
            assertTrue("the sandbox stops on SIGTERM", sandbox.waitFor(10, TimeUnit.SECONDS));
        }
        assertEquals(1, sandbox("--port", String.valueOf(dmpPort), "stats").status);
        try (Stream<Path> documents = Files.list(home.resolve("data/sandbox/documents"))) {
            List<String> kept = new ArrayList<>();
            for (Path file : documents.toList()) {
                kept.add(Files.readString(file));
            }
            assertEquals("the deposit and the seed's document are kept in the sandbox's folder: content and metadata", 4, kept.size());
            assertTrue(kept.toString(), kept.contains("Consultation\n"));
            assertTrue(kept.toString(), kept.stream().anyMatch(file -> file.contains("\"title\":\"letter\"")));
        }
    }

    @Test
    public void queuedDepositsSurviveKillsOfTheContainerWhileQueuedAndWhileDrainedAndReachTheDmpOnce() throws Exception {
        int deposits = 200;
        Files.writeString(home.resolve("load/com.medialogis.dmp.queue.cfg"), "retry.first.millis = 100\nretry.longest.millis = 1000\n");
        Process sandbox = startStandaloneSandbox();
        try {
            assertEquals(0, sandbox("--port", String.valueOf(dmpPort), "faults", "10", "0", "0").status);
            start();
            Path folder = Files.createDirectories(home.resolve("letters"));
            List<Path> letters = new ArrayList<>();
            for (int i = 0; i < deposits; i++) {
                letters.add(Files.writeString(folder.resolve("lettre-" + i + ".txt"), "Compte rendu " + i + "\n"));
            }

            // Killed while deposits are being queued: every one acknowledged is still there.
            Map<Path, String> acknowledged = new ConcurrentHashMap<>();
            ExecutorService callers = Executors.newFixedThreadPool(4);
            for (Path letter : letters) {
                callers.submit(() -> {
                    Result queued = shell("queue:enqueue", letter.toString(), AUTHORIZED, "CONSULTATION");
                    if (queued.status == 0) {
                        acknowledged.put(letter, queued.out.split(" ")[1].substring(1));
                    }
                    return null;
                });
            }
            Poll.until(START_DEADLINE, acknowledged::size, size -> size >= deposits / 4);
            gateway.destroyForcibly();
            assertTrue(gateway.waitFor(10, TimeUnit.SECONDS));
            callers.shutdown();
            assertTrue(callers.awaitTermination(60, TimeUnit.SECONDS));
            assertTrue("killed while queueing: " + acknowledged.size(), acknowledged.size() < deposits);
            start();
            inParallel(acknowledged.values().stream().map(id -> (Callable<Void>) () -> {
                Result shown = shell("queue:show", id);
                assertTrue("deposit #" + id + " acknowledged before the kill: " + shown.out + shown.err, shown.out.contains("  QUEUED  "));
                return null;
            }).toList());
            inParallel(letters.stream().filter(letter -> !acknowledged.containsKey(letter)).map(letter -> (Callable<Void>) () -> {
                Result queued = shell("queue:enqueue", letter.toString(), AUTHORIZED, "CONSULTATION");
                assertTrue("queued now, or stored before the kill without its answer: " + queued.err,
                        queued.status == 0 || queued.err.contains("[UNCHANGED_DOCUMENT]"));
                return null;
            }).toList());
            assertTrue(shell("queue:stats").out.startsWith("QUEUED " + deposits + ", SENDING 0, DONE 0"));

            // Killed while the queue drains: after a restart each deposit reaches the DMP, once.
            awaitOutput("Efficience session OPEN", "1234\n", "dmp:session", "open");
            Poll.until(START_DEADLINE, this::sent, sent -> sent >= deposits / 4);
            gateway.destroyForcibly();
            assertTrue(gateway.waitFor(10, TimeUnit.SECONDS));
            long beforeRestart = sent();
            assertTrue("killed while it drained: " + beforeRestart + " sent", beforeRestart > 0 && beforeRestart < deposits);

            start();
            awaitOutput("DONE " + deposits, "", "queue:stats");
            Result stats = sandbox("--port", String.valueOf(dmpPort), "stats");
            assertTrue("the deposits and the seed's document: " + stats.out, stats.out.endsWith("documents held: " + (deposits + 1) + "\n"));
            assertTrue(shell("queue:stats").out.startsWith("QUEUED 0, SENDING 0, DONE " + deposits + ", FAILED 0, CANCELLED 0"));
            System.out.printf("crash test: killed after %d deposits were acknowledged, then after %d were sent;"
                    + " the sandbox received %d sends for %d documents%n", acknowledged.size(), beforeRestart, sent(), deposits);
        } finally {
            sandbox.destroy();
            assertTrue(sandbox.waitFor(10, TimeUnit.SECONDS));
        }
    }

    @Test
    public void underAPermissiveUmaskTheDataOfTheContainerIsReadableByItsUserOnly() throws Exception {
        start();
        awaitOutput("Efficience session OPEN", "1234\n", "dmp:session", "open");
        Files.writeString(home.resolve("letter.txt"), "Compte rendu\n");
        Result deposit = shell("dmp:deposit", home.resolve("letter.txt").toString(), AUTHORIZED, "CONSULTATION");
        assertEquals(deposit.err, 0, deposit.status);
        Path data = home.resolve("data");
        assertEquals("rwx------", mode(data));
        List<String> exposed = new ArrayList<>();
        for (String folder : List.of("log", "queue", "sandbox", "efficience")) {
            try (Stream<Path> all = Files.walk(data.resolve(folder))) {
                for (Path path : all.toList()) {
                    String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
                    if (!expected.equals(mode(path))) {
                        exposed.add(data.relativize(path) + " " + mode(path));
                    }
                }
            }
        }
        for (Path file : List.of(data.resolve("shell.sock"), data.resolve("shell.sock.lock"))) {
            if (!"rw-------".equals(mode(file))) {
                exposed.add(data.relativize(file) + " " + mode(file));
            }
        }
        assertEquals("the DMP session's id, kept by the driver", "rw-------", mode(data.resolve("efficience/session")));
        assertEquals("folders and files readable by others", List.of(), exposed);
    }

    @Test
    public void withItsShippedHeapTheContainerQueuesAndDrainsFiveDocumentsOf20MbThen200Of50KbLosingNone() throws Exception {
        Process sandbox = startStandaloneSandbox();
        try {
            start();
            Path letters = Files.createDirectories(home.resolve("letters"));
            Set<String> sent = new HashSet<>();
            Random random = new Random(20);
            for (int i = 0; i < 5; i++) {
                byte[] scan = new byte[LARGEST_DOCUMENT];
                random.nextBytes(scan);
                System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, scan, 0, 9);
                Path file = Files.write(letters.resolve("scanner-" + i + ".pdf"), scan);
                sent.add(sha256(scan));
                Result queued = shell("queue:enqueue", file.toString(), AUTHORIZED, "IMAGING");
                assertEquals(queued.err, 0, queued.status);
                assertTrue(queued.out, queued.out.endsWith(", " + LARGEST_DOCUMENT + " bytes\n"));
            }
            awaitOutput("Efficience session OPEN", "1234\n", "dmp:session", "open");
            awaitOutput("DONE 5,", "", Duration.ofMinutes(3), "queue:stats");

            List<Callable<Void>> small = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                byte[] letter = new byte[50 * 1024];
                for (int b = 0; b < letter.length; b++) {
                    letter[b] = (byte) ('a' + random.nextInt(26));
                }
                Path file = Files.write(letters.resolve("lettre-" + i + ".txt"), letter);
                sent.add(sha256(letter));
                small.add(() -> {
                    Result queued = shell("queue:enqueue", file.toString(), AUTHORIZED, "CONSULTATION");
                    assertEquals(queued.err, 0, queued.status);
                    return null;
                });
            }
            inParallel(small);
            awaitOutput("DONE 205,", "", Duration.ofMinutes(3), "queue:stats");
            Result stats = shell("queue:stats");
            assertTrue(stats.out, stats.out.startsWith("QUEUED 0, SENDING 0, DONE 205, FAILED 0, CANCELLED 0"));
            assertFalse("no failure of the queue's threads: " + stats.out, stats.out.contains("failing"));

            Set<String> held = new HashSet<>();
            try (Stream<Path> documents = Files.list(home.resolve("data/sandbox/documents"))) {
                for (Path content : documents.filter(file -> file.toString().endsWith(".content")).toList()) {
                    held.add(sha256(Files.readAllBytes(content)));
                }
            }
            assertTrue("the DMP holds every document, byte for byte", held.containsAll(sent));
            assertEquals("and nothing else but the seed's document", sent.size() + 1, held.size());
            assertTrue(sandbox("--port", String.valueOf(dmpPort), "stats").out.contains("hl_sendDocument: 205\n"));
            String log = Files.readString(home.resolve("data/log/dmp-gateway.log"));
            assertFalse("the heap sufficed", log.contains("OutOfMemoryError"));
        } finally {
            sandbox.destroy();
            assertTrue(sandbox.waitFor(10, TimeUnit.SECONDS));
        }
    }

    /** Calls the bridge and checks each exchange against the OpenAPI description it serves. */
    private static final class Conformance {
        private final HttpClient http = HttpClient.newHttpClient();
        private final URI base;
        private final String token;
        private final OpenApiInteractionValidator validator;

        Conformance(URI base, String token) throws Exception {
            this.base = base;
            this.token = token;
            HttpResponse<String> description = http.send(HttpRequest.newBuilder(base.resolve("/api/openapi.json"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, description.statusCode());
            validator = OpenApiInteractionValidator.createForInlineApiSpecification(description.body()).build();
        }

        JsonNode call(String method, String path, String body, String type, int status) throws Exception {
            return call(method, path, body, type, status, token);
        }

        JsonNode call(String method, String path, String body, String type, int status, String bearer) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).method(method,
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            SimpleRequest.Builder expected = new SimpleRequest.Builder(method, path.replaceAll("\\?.*", ""));
            if (!bearer.isEmpty()) {
                request.header("Authorization", "Bearer " + bearer);
                expected.withAuthorization("Bearer " + bearer);
            }
            if (type != null) {
                request.header("Content-Type", type);
                expected.withContentType(type).withBody(body);
            }
            if (path.contains("?")) {
                for (String parameter : path.substring(path.indexOf('?') + 1).split("&")) {
                    String[] pair = parameter.split("=", 2);
                    expected.withQueryParam(pair[0], pair[1]);
                }
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(method + " " + path + ": " + response.body(), status, response.statusCode());
            SimpleResponse.Builder answered = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
            response.headers().firstValue("Content-Type").ifPresent(answered::withContentType);
            ValidationReport report = validator.validate(expected.build(), answered.build());
            assertFalse(method + " " + path + " does not keep to the description: " + report.getMessages(), report.hasErrors());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            return contentType.startsWith("application/json") ? new ObjectMapper().readTree(response.body()) : null;
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static String sha256(byte[] content) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    /** Runs dmp-shell calls four at a time (a call is mostly the client JVM starting); rethrows the first failure. */
    private static void inParallel(List<Callable<Void>> calls) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            for (Future<Void> call : callers.invokeAll(calls)) {
                call.get();
            }
        } finally {
            callers.shutdown();
        }
    }

    /** How many deposits the standalone sandbox received. */
    private long sent() throws IOException, InterruptedException {
        return sandbox("--port", String.valueOf(dmpPort), "stats").out.lines()
                .filter(line -> line.startsWith("hl_sendDocument: "))
                .mapToLong(line -> Long.parseLong(line.substring("hl_sendDocument: ".length())))
                .sum();
    }

    /** bin/dmp-sandbox on the test's DMP port (its card monitoring on another free one), the container's own sandbox turned off. */
    private Process startStandaloneSandbox() throws IOException, InterruptedException {
        Files.writeString(home.resolve("load").resolve(Distribution.SANDBOX_CFG), "enabled = false\n");
        Path sandboxOut = home.resolve("sandbox.out");
        int monitoringPort = Distribution.freePort();
        Process sandbox = new ProcessBuilder("bash", "-c", "umask 022 && exec \"$0\" \"$@\"", home.resolve("bin/dmp-sandbox").toString(),
                "--port", String.valueOf(dmpPort), "--monitoring-port", String.valueOf(monitoringPort))
                .directory(elsewhere.toFile()).redirectErrorStream(true).redirectOutput(sandboxOut.toFile()).start();
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (!Files.readString(sandboxOut).contains("DMP sandbox serving") && Instant.now().isBefore(deadline)) {
            assertTrue("the sandbox exited: " + Files.readString(sandboxOut), sandbox.isAlive());
            Thread.sleep(50);
        }
        assertTrue(Files.readString(sandboxOut), Files.readString(sandboxOut).startsWith(
                "DMP sandbox serving the Efficience API on 127.0.0.1:" + dmpPort + " (card monitoring on " + monitoringPort
                + "), its DMP in " + home.resolve("data/sandbox")));
        return sandbox;
    }

    /** Runs a command until its output holds the text: the sandbox and the virtual cards start on their own threads. */
    private void awaitOutput(String expected, String input, String... words) throws IOException, InterruptedException {
        awaitOutput(expected, input, START_DEADLINE, words);
    }

    private void awaitOutput(String expected, String input, Duration within, String... words) throws IOException, InterruptedException {
        Result result = Poll.until(within, () -> shellWithInput(input, words), answer -> answer.out.contains(expected));
        assertTrue(String.join(" ", words) + " answered: " + result.out + result.err, result.out.contains(expected));
    }

    /**
     * Started under a permissive umask (022): the gateway and its bundles make their data private
     * themselves. Returns once {@code bin/dmp-shell --wait-ready} says it is ready.
     */
    private void start() throws IOException, InterruptedException {
        gateway = new ProcessBuilder("bash", "-c", "umask 022 && exec \"$0\"", home.resolve("bin/dmp-gateway").toString())
                .directory(elsewhere.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("console.out").toFile())
                .start();
        gateway.getOutputStream().close();
        Launched waiting = launch(List.of(), "bin/dmp-shell", "", "--wait-ready=" + READY_SECONDS);
        Instant deadline = Instant.now().plusSeconds(READY_SECONDS + 10);
        while (!waiting.process().waitFor(100, TimeUnit.MILLISECONDS)) {
            if (!gateway.isAlive() || Instant.now().isAfter(deadline)) {
                waiting.process().destroy();
                assertTrue("the gateway exited: " + Files.readString(home.resolve("console.out")), gateway.isAlive());
                fail("dmp-shell --wait-ready=" + READY_SECONDS + " still waits " + (READY_SECONDS + 10) + " s later");
            }
        }
        Result ready = waiting.result();
        assertEquals("the gateway is not ready within " + READY_SECONDS + " s: " + ready.err, 0, ready.status);
    }

    private Result shell(String... words) throws IOException, InterruptedException {
        return run(List.of(), "bin/dmp-shell", "", words);
    }

    private Result shellWithInput(String input, String... words) throws IOException, InterruptedException {
        return run(List.of(), "bin/dmp-shell", input, words);
    }

    private Result shellAs(String user, String... words) throws IOException, InterruptedException {
        return run(List.of("runuser", "-u", user, "--"), "bin/dmp-shell", "", words);
    }

    private Result sandbox(String... words) throws IOException, InterruptedException {
        return run(List.of(), "bin/dmp-sandbox", "", words);
    }

    private Result run(List<String> prefix, String program, String input, String... words) throws IOException, InterruptedException {
        Launched launched = launch(prefix, program, input, words);
        assertTrue(program + " answers within 30 s", launched.process().waitFor(30, TimeUnit.SECONDS));
        return launched.result();
    }

    private Launched launch(List<String> prefix, String program, String input, String... words) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(home.resolve(program).toString());
        command.addAll(List.of(words));
        Path out = Files.createTempFile(home, "shell", ".out");
        Path err = Files.createTempFile(home, "shell", ".err");
        Process process = new ProcessBuilder(command).directory(home.resolve("bin").toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        return new Launched(process, out, err);
    }

    /** A program started, its output and errors going to files. */
    private record Launched(Process process, Path out, Path err) {
        /** @return its exit status and what it wrote, once it has exited */
        Result result() throws IOException {
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }
    }

    private record Result(int status, String out, String err) {}
}
