package com.medialogis.dmp.sandbox.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
    private final SimulatedReaders readers = new SimulatedReaders();
    private String session;

    @Before
    public void start() throws Exception {
        dmpFolder = folder.getRoot().toPath();
        server = SandboxServer.create(new InetSocketAddress("127.0.0.1", 0),
                new SandboxApi(SimulatedDmp.open(dmpFolder, Seed.patients(), Seed.documents()), readers, faults)).start();
        session = openSession();
        call("hl_getCpxCard", Map.of("i_readerNumber", 0));
        assertEquals("OK", call("hl_createDmpConnector", connector("1234")).get("s_status").asText());
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
        assertStatus(Seed.NOT_FOUND, 3, 1);
        JsonNode closed = assertStatus(Seed.CLOSED, 2, 1);
        assertEquals("20240630", closed.get("ExistingTestAnswer").get("s_closingDate").asText());
        JsonNode asStructure = call("hl_getDirectAuthenticationDMPStatus",
                Map.of("Ins", Map.of("s_ins", Seed.AUTHORIZED, "s_insType", "C")));
        assertEquals(2, asStructure.get("ExistingTestAnswer").get("i_userAuthorization").asInt());
    }

    @Test
    public void theDmpConnectorNeedsTheCpsThenItsPinAndNoDmpCommandRunsWithoutIt() throws Exception {
        session = openSession();
        assertError(call("hl_createDmpConnector", connector("1234")), SandboxApi.SERVICE_ERRORS, SandboxApi.FUNCTIONAL, "");
        call("hl_getCpxCard", Map.of("s_readerName", "Lecteur CPS"));
        JsonNode wrongPin = call("hl_createDmpConnector", connector("0000"));
        assertError(wrongPin, SandboxApi.API_ERRORS, SandboxApi.UNPUBLISHED, "CPS_WRONG_PIN");
        JsonNode refused = call("hl_getDirectAuthenticationDMPStatus", Map.of("s_ins", Seed.AUTHORIZED));
        assertError(refused, SandboxApi.SERVICE_ERRORS, SandboxApi.FUNCTIONAL, "");
        assertTrue(refused.get("s_apiErrorDescription").asText().contains("hl_createDmpConnector"));
        JsonNode connected = call("hl_createDmpConnector", connector("1234"));
        assertEquals("the DMP instance of the account is stable", connected.get("s_instanceUniqueId").asText(),
                call("hl_createDmpConnector", connector("1234")).get("s_instanceUniqueId").asText());
    }

    @Test
    public void itsReadersHoldTheVirtualCardsWhosePinTriesAreSpentAndGivenBack() throws Exception {
        JsonNode listed = call("hl_getPcscReaders", Map.of()).get("Readers");
        assertEquals("Virtual PCD 00 00", listed.get(0).get("s_name").asText());
        assertEquals("ST_CPS_CARD", 3, listed.get(0).get("i_slotType").asInt());
        assertEquals("CPS card", listed.get(0).get("s_slotType").asText());
        assertEquals("ST_VITALE_CARD", 2, listed.get(1).get("i_slotType").asInt());
        assertEquals(3, call("hl_getCpxStatus", Map.of()).get("i_nbInputLeft").asInt());
        assertError(call("hl_readCpxCard", Map.of("s_pinCode", "0000")), SandboxApi.API_ERRORS, SandboxApi.UNPUBLISHED, "CPS_WRONG_PIN");
        assertEquals("a wrong PIN spends a try", 2, call("hl_getCpxStatus", Map.of()).get("i_nbInputLeft").asInt());
        JsonNode holder = call("hl_readCpxCard", Map.of("s_pinCode", "1234", "i_returnCertificates", 1));
        assertEquals("the tries are back", 3, holder.get("i_remainingPinCodeInputs").asInt());
        assertEquals(Seed.DOCTOR, holder.get("s_internalId").asText());
        assertEquals("SM26", holder.get("s_speciality").asText());

        readers.remove("cps");
        assertEquals("ST_NO_CARD", 1, call("hl_getPcscReaders", Map.of()).get("Readers").get(0).get("i_slotType").asInt());
        assertRefused(call("hl_getCpxStatus", Map.of()), "hl_getCpxStatus: no CPx card in Virtual PCD 00 00");
        readers.insert("cps");
        assertRefused(call("hl_getCpxStatus", Map.of()), "hl_getCpxStatus: the card in Virtual PCD 00 00 changed: call hl_getCpxCard again");
        call("hl_getCpxCard", Map.of("s_readerName", "Virtual PCD 00 00"));
        for (int i = 0; i < 3; i++) {
            call("hl_readCpxCard", Map.of("s_pinCode", "0000"));
        }
        assertError(call("hl_readCpxCard", Map.of("s_pinCode", "1234")), SandboxApi.API_ERRORS, SandboxApi.UNPUBLISHED, "CPS_BLOCKED");
        assertError(call("hl_createDmpConnector", connector("1234")), SandboxApi.API_ERRORS, SandboxApi.UNPUBLISHED, "CPS_BLOCKED");
        readers.remove("vitale");
        call("hl_getVitaleCard", Map.of("i_readerNumber", 1));
        JsonNode missing = call("hl_readVitaleCard", Map.of());
        assertEquals("VitaleStatus MissingCard", 1, missing.get("i_cardStatus").asInt());
        assertEquals(0, missing.get("Patients").size());
    }

    @Test
    public void aCardPutInTheOtherReaderIsThereAndAReaderHoldsOneCard() throws Exception {
        IllegalArgumentException full = assertThrows(IllegalArgumentException.class, () -> readers.insert("cps", "Virtual PCD 00 01"));
        assertEquals("Virtual PCD 00 01 holds the Vitale card: remove it first", full.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> readers.insert("cps", "Virtual PCD 00 02"));
        assertEquals("no reader 'Virtual PCD 00 02': Virtual PCD 00 00 or Virtual PCD 00 01", unknown.getMessage());
        readers.remove("vitale");
        readers.insert("cps", "Virtual PCD 00 01");
        JsonNode listed = call("hl_getPcscReaders", Map.of()).get("Readers");
        assertEquals("ST_NO_CARD", 1, listed.get(0).get("i_slotType").asInt());
        assertEquals("ST_CPS_CARD", 3, listed.get(1).get("i_slotType").asInt());
        assertEquals(List.of("Virtual PCD 00 00: empty", "Virtual PCD 00 01: the virtual CPS, 3 PIN tries left"), readers.report());
        call("hl_getCpxCard", Map.of("s_readerName", "Virtual PCD 00 01"));
        assertEquals("the CPS answers in the reader it is in", 3, call("hl_getCpxStatus", Map.of()).get("i_nbInputLeft").asInt());
        readers.insert("vitale");
        assertEquals("the Vitale card back in the empty reader, its own holding the CPS", "Virtual PCD 00 00: the virtual Vitale card",
                readers.report().get(0));
        call("hl_getVitaleCard", Map.of("s_readerName", "Virtual PCD 00 00"));
        assertEquals("VitaleStatus demo card", 5, call("hl_readVitaleCard", Map.of()).get("i_cardStatus").asInt());
    }

    @Test
    public void creationTakesTheAdministrativeDataAndAuthorizesItsCreator() throws Exception {
        assertEquals("OK", call("hl_createDmp", creation(Seed.NOT_FOUND)).get("s_status").asText());
        assertStatus(Seed.NOT_FOUND, 1, 2);
        assertError(call("hl_createDmp", creation(Seed.NOT_FOUND)), SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED, "DMP_ALREADY_EXISTS");
        JsonNode flatForm = call("hl_createDmp", Map.of("s_ins", Seed.NOT_FOUND));
        assertError(flatForm, SandboxApi.SERVICE_ERRORS, SandboxApi.FUNCTIONAL, "");
        assertEquals("unknown parameter s_ins", flatForm.get("s_apiErrorDescription").asText());
    }

    @Test
    public void aDepositGetsTheUniqueIdTheDmpGivesItAndIsListedAndReadBack() throws Exception {
        String first = deposit(Seed.AUTHORIZED, "lettre 1", "").get("s_uniqueId").asText();
        String second = deposit(Seed.AUTHORIZED, "lettre 1", "").get("s_uniqueId").asText();
        assertTrue(first, first.matches("2\\.25\\.[1-9][0-9]*"));
        assertTrue("each deposit is a document of its own", !first.equals(second));
        JsonNode listed = call("hl_findDocuments", Map.of("s_ins", Seed.AUTHORIZED, "Categories", Map.of("#0", "11488-4"))).get("Documents");
        assertEquals(2, listed.size());
        assertEquals("Courrier", listed.get(0).get("s_title").asText());
        assertEquals(1, listed.get(0).get("i_document_Format").asInt());
        assertEquals(0, call("hl_findDocuments", Map.of("s_ins", Seed.AUTHORIZED, "Categories", Map.of("#0", "18748-4")))
                .get("Documents").size());
        JsonNode content = call("hl_getDocumentContentByUniqueId", Map.of("s_ins", Seed.AUTHORIZED, "s_documentUniqueId", first));
        assertEquals("lettre 1", new String(Base64.getDecoder().decode(content.get("s_fileContentInBase64").asText()), StandardCharsets.UTF_8));
    }

    @Test
    public void replacementDeprecatesTheReplacedDocument() throws Exception {
        String replaced = deposit(Seed.AUTHORIZED, "version 1", "").get("s_uniqueId").asText();
        String replacing = deposit(Seed.AUTHORIZED, "version 2", replaced).get("s_uniqueId").asText();
        JsonNode approved = call("hl_findDocuments", Map.of("s_ins", Seed.AUTHORIZED)).get("Documents");
        assertEquals(1, approved.size());
        assertEquals(replacing, approved.get(0).get("s_uniqueId").asText());
        JsonNode deprecated = call("hl_findDocuments", Map.of("s_ins", Seed.AUTHORIZED, "i_status", 2)).get("Documents");
        assertEquals(replaced, deprecated.get(0).get("s_uniqueId").asText());
        assertEquals(2, deprecated.get(0).get("i_document_Status").asInt());
    }

    @Test
    public void itsAuthorChangesADocumentsVisibilityArchivesItBringsItBackAndDeletesIt() throws Exception {
        String uniqueId = deposit(Seed.AUTHORIZED, "à ranger", "").get("s_uniqueId").asText();
        JsonNode listed = only(call("hl_findDocuments", Map.of("s_ins", Seed.AUTHORIZED)));
        String uuid = listed.get("s_uuid").asText();
        assertEquals(1, listed.get("i_document_Visibility").asInt());

        assertEquals("OK", call("hl_updateDocumentVisibilityByUniqueId", change(Seed.AUTHORIZED, uniqueId, Optional.empty())
                .with("i_newVisibility", 10)).get("s_status").asText());
        assertEquals("hidden from the patient and his legal representatives", 10,
                only(call("hl_findDocuments", Map.of("s_ins", Seed.AUTHORIZED))).get("i_document_Visibility").asInt());

        assertEquals("OK", call("hl_updateDocumentStatusByUniqueId", change(Seed.AUTHORIZED, uniqueId, Optional.empty())).get("s_status").asText());
        assertEquals("an archived document is not listed by default", 0,
                call("hl_findDocuments", Map.of("s_ins", Seed.AUTHORIZED)).get("Documents").size());
        assertEquals(4, only(call("hl_findDocuments", Map.of("s_ins", Seed.AUTHORIZED, "i_status", 4))).get("i_document_Status").asInt());
        assertError(call("hl_updateDocumentStatusByUniqueId", change(Seed.AUTHORIZED, uniqueId, Optional.empty())),
                SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED, "XDS_DOCUMENT_UUID_REQUIRED");
        assertError(call("hl_updateDocumentStatusByUniqueId", change(Seed.AUTHORIZED, uniqueId, Optional.of("urn:uuid:" + UUID.randomUUID()))),
                SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED, "XDS_DOCUMENT_NOT_FOUND");
        assertEquals("OK", call("hl_updateDocumentStatusByUniqueId", change(Seed.AUTHORIZED, uniqueId, Optional.of(uuid))).get("s_status").asText());
        assertEquals("approved again", 1, only(call("hl_findDocuments", Map.of("s_ins", Seed.AUTHORIZED))).get("i_document_Status").asInt());

        assertEquals("OK", call("hl_deleteDocument", Map.of("s_ins", Seed.AUTHORIZED, "s_uniqueId", uniqueId,
                "s_healthCareSettings", "SA07")).get("s_status").asText());
        assertEquals(0, call("hl_findDocuments", Map.of("s_ins", Seed.AUTHORIZED, "i_status", 7)).get("Documents").size());
        assertError(call("hl_getDocumentContentByUniqueId", Map.of("s_ins", Seed.AUTHORIZED, "s_documentUniqueId", uniqueId)),
                SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED, "XDS_DOCUMENT_NOT_FOUND");
        try (var files = Files.list(dmpFolder.resolve("documents"))) {
            assertEquals("the seed's document only: its metadata and its content", 2, files.count());
        }
        assertError(call("hl_deleteDocument", Map.of("Ins", Map.of("s_ins", Seed.AUTHORIZED, "s_insType", "C"), "s_uniqueId", uniqueId,
                "s_healthCareSettings", "SA07")), SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED, "XDS_DOCUMENT_NOT_FOUND");
    }

    @Test
    public void anotherProfessionalsDocumentIsListedAndReadButEveryChangeOfItIsRefused() throws Exception {
        JsonNode listed = only(call("hl_findDocuments", Map.of("s_ins", Seed.TREATED_ELSEWHERE)));
        assertEquals(Seed.OTHER_AUTHORS_DOCUMENT, listed.get("s_uniqueId").asText());
        assertEquals("810100000002", listed.get("Authors").get(0).get("s_hpInternalId").asText());
        JsonNode content = call("hl_getDocumentContentByUniqueId", Map.of("s_ins", Seed.TREATED_ELSEWHERE,
                "s_documentUniqueId", Seed.OTHER_AUTHORS_DOCUMENT));
        assertEquals("Lettre de liaison à la sortie : traitement inchangé.\n",
                new String(Base64.getDecoder().decode(content.get(SandboxApi.CONTENT_OUT).asText()), StandardCharsets.UTF_8));

        Optional<String> uuid = Optional.of(listed.get("s_uuid").asText());
        assertError(call("hl_updateDocumentVisibilityByUniqueId", change(Seed.TREATED_ELSEWHERE, Seed.OTHER_AUTHORS_DOCUMENT, uuid)
                .with("i_newVisibility", 2)), SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED, "DMP_NOT_AUTHOR");
        assertError(call("hl_updateDocumentStatusByUniqueId", change(Seed.TREATED_ELSEWHERE, Seed.OTHER_AUTHORS_DOCUMENT, uuid)),
                SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED, "DMP_NOT_AUTHOR");
        assertError(call("hl_deleteDocument", Map.of("s_ins", Seed.TREATED_ELSEWHERE, "s_uniqueId", Seed.OTHER_AUTHORS_DOCUMENT,
                "s_healthCareSettings", "SA07")), SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED, "DMP_NOT_AUTHOR");
        assertError(deposit(Seed.TREATED_ELSEWHERE, "ma version", Seed.OTHER_AUTHORS_DOCUMENT), SandboxApi.DMP_ERRORS,
                SandboxApi.UNPUBLISHED, "DMP_NOT_AUTHOR");
        JsonNode unchanged = only(call("hl_findDocuments", Map.of("s_ins", Seed.TREATED_ELSEWHERE, "i_status", 7)));
        assertEquals(1, unchanged.get("i_document_Visibility").asInt());
        assertEquals(1, unchanged.get("i_document_Status").asInt());
    }

    @Test
    public void aVisibilityTheDmpDoesNotKnowAnUnknownDocumentAndAReplacedOneAreRefused() throws Exception {
        String replaced = deposit(Seed.AUTHORIZED, "version 1", "").get("s_uniqueId").asText();
        deposit(Seed.AUTHORIZED, "version 2", replaced);
        assertError(deposit(Seed.AUTHORIZED, "version 2 bis", replaced), SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED,
                "DMP_DOCUMENT_REPLACED");
        String uuid = only(call("hl_findDocuments", Map.of("s_ins", Seed.AUTHORIZED, "i_status", 2))).get("s_uuid").asText();
        assertError(call("hl_updateDocumentStatusByUniqueId", change(Seed.AUTHORIZED, replaced, Optional.of(uuid))),
                SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED, "DMP_DOCUMENT_REPLACED");
        for (int visibility : new int[] {3, 5, 6, 12}) {
            assertError(call("hl_updateDocumentVisibilityByUniqueId", change(Seed.AUTHORIZED, replaced, Optional.of(uuid))
                    .with("i_newVisibility", visibility)), SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED, "DMP_INVALID_VISIBILITY");
        }
        assertRefused(call("hl_updateDocumentVisibilityByUniqueId", change(Seed.AUTHORIZED, replaced, Optional.of(uuid))
                .with("i_newVisibility", 16)), "i_newVisibility = 16 is not a sum of DocumentVisibility bits");
        assertError(call("hl_updateDocumentVisibilityByUniqueId", change(Seed.AUTHORIZED, "2.25.1", Optional.empty())
                .with("i_newVisibility", 2)), SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED, "XDS_DOCUMENT_NOT_FOUND");
        assertError(call("hl_updateDocumentVisibilityByUniqueId", change(Seed.TREATED_ELSEWHERE, replaced, Optional.of(uuid))
                .with("i_newVisibility", 2)), SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED, "XDS_DOCUMENT_NOT_FOUND");
        assertError(call("hl_deleteDocument", Map.of("s_ins", Seed.NOT_AUTHORIZED, "s_uniqueId", replaced,
                "s_healthCareSettings", "SA07")), SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED, "DMP_NOT_AUTHORIZED");
        Map<String, Object> misspelt = new HashMap<>(Map.of("s_ins", Seed.AUTHORIZED, "s_uniqueId", replaced, "s_healthcareSetting", "SA07"));
        assertRefused(call("hl_deleteDocument", misspelt), "unknown parameter s_healthcareSetting");
    }

    @Test
    public void unauthorizedDeniedAndClosedDmpsRefuseDepositsUnlessTheSessionIsInEmergencyAccess() throws Exception {
        assertError(deposit(Seed.NOT_AUTHORIZED, "a", ""), SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED, "DMP_NOT_AUTHORIZED");
        assertError(deposit(Seed.DENIED, "b", ""), SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED, "DMP_ACCESS_DENIED");
        assertError(deposit(Seed.CLOSED, "c", ""), SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED, "DMP_CLOSED");
        assertError(deposit(Seed.NOT_FOUND, "d", ""), SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED, "DMP_NOT_FOUND");
        assertError(call("hl_setDmpAccessMode", Map.of("i_accessMode", 2)), SandboxApi.SERVICE_ERRORS, SandboxApi.FUNCTIONAL, "");
        assertError(call("hl_setDmpAccessMode", Map.of("i_accessMode", 2, "s_reason", "")), SandboxApi.SERVICE_ERRORS,
                SandboxApi.FUNCTIONAL, "");
        call("hl_setDmpAccessMode", Map.of("i_accessMode", 2, "s_reason", "unconscious patient"));
        assertEquals("OK", deposit(Seed.DENIED, "b", "").get("s_status").asText());
        call("hl_setDmpAccessMode", Map.of("i_accessMode", 1, "s_reason", ""));
        assertError(deposit(Seed.DENIED, "b", ""), SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED, "DMP_ACCESS_DENIED");
    }

    @Test
    public void depositedDocumentsSurviveARestartOfTheSandbox() throws Exception {
        deposit(Seed.AUTHORIZED, "gardée", "");
        server.close();
        SimulatedDmp reopened = SimulatedDmp.open(dmpFolder, Seed.patients(), Seed.documents());
        assertEquals("the seed's document and the deposit", 2, reopened.documentCount());
        try (var files = Files.list(dmpFolder.resolve("documents"))) {
            assertEquals("their metadata and their content", 4, files.count());
        }
        assertEquals(SimulatedDmp.Authorization.VALID, reopened.patient(Seed.AUTHORIZED).authorization(Seed.DOCTOR));
        server = SandboxServer.create(new InetSocketAddress("127.0.0.1", 0), new SandboxApi(reopened, readers, faults)).start();
    }

    @Test
    public void aLargeDocumentGoesToDiskAsItArrivesAndComesBackByteForByte() throws Exception {
        byte[] scan = new byte[6 * 1024 * 1024 + 1];
        new java.util.Random(7).nextBytes(scan);
        Map<String, Object> fields = new HashMap<>(Map.of("s_ins", Seed.AUTHORIZED, "s_documentTitle", "Radio",
                "s_documentDescription", "", "s_documentCategory", "18748-4", "i_documentVisibility", 1, "i_documentFormat", 5,
                "s_healthcareSetting", "SA07", SandboxApi.CONTENT_IN, Base64.getEncoder().encodeToString(scan)));
        List<Path> before;
        try (var files = Files.list(dmpFolder.resolve("documents"))) {
            before = files.toList();
        }
        String uniqueId = call("hl_sendDocument", fields).get("s_uniqueId").asText();
        try (var files = Files.list(dmpFolder.resolve("documents"))) {
            // The deposit's content, not the seed document's (the folder's order is the file system's).
            Path content = files.filter(file -> file.toString().endsWith(".content") && !before.contains(file)).findFirst().orElseThrow();
            assertTrue("the content is a file of its own, as deposited", java.util.Arrays.equals(scan, Files.readAllBytes(content)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(content)));
        }
        JsonNode back = call("hl_getDocumentContentByUniqueId", Map.of("s_ins", Seed.AUTHORIZED, "s_documentUniqueId", uniqueId));
        assertTrue(java.util.Arrays.equals(scan, Base64.getDecoder().decode(back.get(SandboxApi.CONTENT_OUT).asText())));
    }

    @Test
    public void theDmpsFoldersAndFilesAreReadableByTheirOwnerOnly() throws Exception {
        deposit(Seed.AUTHORIZED, "privée", "");
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
        assertError(deposit(Seed.NOT_FOUND, "refusée", ""), SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED, "DMP_NOT_FOUND");
        assertError(post("hl_sendDocument", "{\"s_sessionId\":\"" + session + "\",\"" + SandboxApi.CONTENT_IN
                + "\":\"QUJD"), SandboxApi.SERVICE_ERRORS, SandboxApi.FUNCTIONAL, "");
        try (var files = Files.list(dmpFolder.resolve("documents"))) {
            assertEquals("the seed's document only: its metadata and its content", 2, files.count());
        }
    }

    @Test
    public void aSessionItDoesNotKnowIsTheServicesInvalidSessionError() throws Exception {
        session = "not-a-session";
        JsonNode refused = call("hl_getDirectAuthenticationDMPStatus", Map.of("s_ins", Seed.AUTHORIZED));
        assertError(refused, SandboxApi.SERVICE_ERRORS, SandboxApi.INVALID_SESSION, "");
    }

    @Test
    public void injectedFaultsAreTransientOrPermanentAndCounted() throws Exception {
        faults.set(new Faults.Settings(0, 1, 0));
        assertError(call("hl_getDirectAuthenticationDMPStatus", Map.of("s_ins", Seed.AUTHORIZED)), SandboxApi.CURL_ERRORS,
                SandboxApi.CURL_TIMEOUT, "");
        faults.set(new Faults.Settings(0, 0, 1));
        assertError(deposit(Seed.AUTHORIZED, "injectée", ""), SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED, "INJECTED_REFUSAL");
        assertEquals(Long.valueOf(1), faults.counts().get("injected transient"));
        assertEquals(Long.valueOf(1), faults.counts().get("injected permanent"));
        assertEquals(Long.valueOf(1), faults.counts().get("hl_sendDocument"));
    }

    @Test
    public void requestsThatDoNotKeepToThePublishedApiAreRefusedWithWhatIsWrong() throws Exception {
        assertError(post("hl_getDirectAuthenticationDMPStatus", "{not json"), SandboxApi.SERVICE_ERRORS, SandboxApi.FUNCTIONAL, "");
        assertRefused(call("hl_getDirectAuthenticationDMPStatus", Map.of()), "missing parameter: one of s_ins, Ins");
        assertRefused(call("hl_getDirectAuthenticationDMPStatus", Map.of("s_ins", Seed.AUTHORIZED, "s_extra", "x")),
                "unknown parameter s_extra");
        assertRefused(call("hl_updateUserDmpAccessAuthorization", Map.of("s_ins", Seed.AUTHORIZED, "i_action", 3,
                "i_setTreatingPhysician", 0)), "i_action = 3 is not a UserAuthorizationAction code");
        assertRefused(call("hl_findDocuments", Map.of("s_ins", Seed.AUTHORIZED, "a_categories", List.of("11488-4"))),
                "unknown parameter a_categories");
        Map<String, Object> oldDeposit = new HashMap<>(Map.of("s_ins", Seed.AUTHORIZED, "s_uniqueId", "1.2.3",
                "s_documentTitle", "Courrier", "s_documentDescription", "", "s_documentCategory", "11488-4",
                "i_documentVisibility", 1, "i_documentFormat", 1, "s_healthcareSetting", "SA07", SandboxApi.CONTENT_IN, "QUJD"));
        assertRefused(call("hl_sendDocument", oldDeposit), "unknown parameter s_uniqueId");
        assertRefused(call("hl_teleport", Map.of("s_ins", Seed.AUTHORIZED)), "unknown command 'hl_teleport' (a path is a command's name in lower case)");
        JsonNode noSession = post("hl_closeSession", "{\"s_commandName\":\"hl_closeSession\"}");
        assertRefused(noSession, "missing parameter s_sessionId");
        HttpResponse<String> camelCase = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/hl_closeSession")).POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("s_commandName",
                "hl_closeSession", "s_sessionId", session)))).build(), HttpResponse.BodyHandlers.ofString());
        assertRefused(json.readTree(camelCase.body()), "unknown command 'hl_closeSession' (a path is a command's name in lower case)");
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri("hl_openSession")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
    }

    @Test
    public void everyRequiredFieldOfTheInsiCommandsIsRequiredOverHttp() throws Exception {
        assertError(call("hl_getInsFromIdentityInformation", insiTraits()), SandboxApi.SERVICE_ERRORS, SandboxApi.FUNCTIONAL, "");
        Map<String, Object> insi = new HashMap<>(connector("1234"));
        insi.put("s_dmpUrl", "https://insi.example");
        assertEquals("OK", call("hl_createInsiConnector", insi).get("s_status").asText());
        call("hl_getVitaleCard", Map.of("s_readerName", "Lecteur Vitale"));
        call("hl_readVitaleCard", Map.of());
        Map<String, Map<String, Object>> commands = Map.of(
                "hl_createInsiConnector", insi,
                "hl_getInsFromVitaleCard", Map.of("LpsInfos", lpsInfos(), "i_vitalePatientIndex", 0),
                "hl_getInsFromIdentityInformation", insiTraits(),
                "hl_checkInsIdentity", new Fields().with("LpsInfos", lpsInfos()).with("s_ins", "1500815051040").with("s_key", "18")
                        .with("s_oid", "1.2.250.1.213.1.4.11").with("s_birthName", "MARTIN").with("s_given", "JEAN").with("i_sex", 2)
                        .with("s_birthDate", "1950-08-01"));
        for (Map.Entry<String, Map<String, Object>> command : commands.entrySet()) {
            assertEquals(command.getKey(), "OK", call(command.getKey(), command.getValue()).get("s_status").asText());
            for (String field : command.getValue().keySet()) {
                Map<String, Object> without = new HashMap<>(command.getValue());
                without.remove(field);
                assertRefused(call(command.getKey(), without), "missing parameter " + field);
            }
        }
        for (String field : lpsInfos().keySet()) {
            Map<String, Object> software = new HashMap<>(lpsInfos());
            software.remove(field);
            assertRefused(call("hl_getInsFromVitaleCard", Map.of("LpsInfos", software, "i_vitalePatientIndex", 0)),
                    "missing parameter LpsInfos." + field);
        }
        Map<String, Object> lowerCase = new HashMap<>(insiTraits());
        lowerCase.put("s_birthName", "Martin");
        String rule = ": the traits must be in capitals without accents, '-' and a space the only other characters, not doubled, at most ";
        assertRefused(call("hl_getInsFromIdentityInformation", lowerCase), "s_birthName" + rule + "79 characters");
        for (String doubled : List.of("MARTIN  DUPONT", "MARTIN--DUPONT", "-MARTIN", "MARTIN ", "MARTÍN", "M".repeat(80))) {
            Map<String, Object> wrong = new HashMap<>(insiTraits());
            wrong.put("s_birthName", doubled);
            assertRefused(call("hl_getInsFromIdentityInformation", wrong), "s_birthName" + rule + "79 characters");
        }
        Map<String, Object> longGiven = new HashMap<>(insiTraits());
        longGiven.put("s_given", "J".repeat(61));
        assertRefused(call("hl_getInsFromIdentityInformation", longGiven), "s_given" + rule + "60 characters");
        Map<String, Object> badDate = new HashMap<>(insiTraits());
        badDate.put("s_birthDate", "01/08/1950");
        assertRefused(call("hl_getInsFromIdentityInformation", badDate), "s_birthDate must be YYYY-MM-DD");
        Map<String, Object> unknownSex = new HashMap<>(insiTraits());
        unknownSex.put("i_sex", 1);
        assertRefused(call("hl_getInsFromIdentityInformation", unknownSex), "i_sex may not be UnknownSex for INSi");
        Map<String, Object> noBillingNumber = new HashMap<>(lpsInfos());
        noBillingNumber.put("s_billingNumber", "");
        assertRefused(call("hl_getInsFromVitaleCard", Map.of("LpsInfos", noBillingNumber, "i_vitalePatientIndex", 0)),
                "LpsInfos.s_billingNumber is mandatory for INSi");
    }

    @Test
    public void insiFindsTheCardsBeneficiariesAfterTheCardIsReadAndFailsAsTheDmpDoesUnderInjectedFaults() throws Exception {
        Map<String, Object> insi = new HashMap<>(connector("1234"));
        insi.put("s_dmpUrl", "https://insi.example");
        call("hl_createInsiConnector", insi);
        Map<String, Object> first = Map.of("LpsInfos", lpsInfos(), "i_vitalePatientIndex", 0);
        assertRefused(call("hl_getInsFromVitaleCard", first), "no Vitale card read in this session: call hl_readVitaleCard first");
        call("hl_getVitaleCard", Map.of("s_readerName", "Lecteur Vitale"));
        call("hl_readVitaleCard", Map.of());
        JsonNode jean = call("hl_getInsFromVitaleCard", first);
        assertEquals(2, jean.get("i_insIdentityResult").asInt());
        assertEquals("1500815051040", jean.get("Identity").get("Ins").get("s_value").asText());
        assertEquals("18", jean.get("Identity").get("Ins").get("s_key").asText());
        assertEquals("a demonstration card's identity (DOMAIN.md §2)", "1.2.250.1.213.1.4.11",
                jean.get("Identity").get("Ins").get("s_oid").asText());
        assertEquals(1, call("hl_getInsFromVitaleCard", Map.of("LpsInfos", lpsInfos(), "i_vitalePatientIndex", 2))
                .get("i_insIdentityResult").asInt());
        assertRefused(call("hl_getInsFromVitaleCard", Map.of("LpsInfos", lpsInfos(), "i_vitalePatientIndex", 4)),
                "i_vitalePatientIndex 4 is not a patient of the card read (0 to 3)");
        faults.set(new Faults.Settings(0, 1, 0));
        assertError(call("hl_getInsFromVitaleCard", first), SandboxApi.CURL_ERRORS, SandboxApi.CURL_TIMEOUT, "");
        faults.set(new Faults.Settings(0, 0, 1));
        assertError(call("hl_getInsFromIdentityInformation", insiTraits()), SandboxApi.DMP_ERRORS, SandboxApi.UNPUBLISHED,
                "INJECTED_REFUSAL");
    }

    /** LpsInfos as S8 fills it (EFFICIENCE-API.md §2.9). */
    private static Map<String, Object> lpsInfos() {
        return Map.of("s_idam", "CNDA-42", "s_numAM", "04", "s_version", "1", "s_instance", "550e8400-e29b-41d4-a716-446655440000",
                "s_name", "INSICONNECT", "s_billingNumber", "123456789");
    }

    private static Map<String, Object> insiTraits() {
        return Map.of("LpsInfos", lpsInfos(), "s_birthName", "MARTIN", "s_given", "JEAN", "i_sex", 2, "s_birthDate", "1950-08-01");
    }

    @Test
    public void concurrentDepositsAreAllKeptOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<JsonNode>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String text = "lettre " + i;
                results.add(pool.submit(() -> deposit(Seed.AUTHORIZED, text, "")));
            }
            for (Future<JsonNode> result : results) {
                assertEquals("OK", result.get().get("s_status").asText());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(40, call("hl_findDocuments", Map.of("s_ins", Seed.AUTHORIZED)).get("Documents").size());
    }

    private String openSession() throws IOException, InterruptedException {
        session = null;
        return call("hl_openSession", Map.of("i_timeoutInSeconds", 3600)).get("s_sessionId").asText();
    }

    private static Map<String, Object> connector(String pin) {
        return Map.of("s_pinCode", pin, "s_dmpUrl", "https://formation1.lps2.dmp.gouv.fr/si-dmp-server/v2/services",
                "i_transactionsTimeout", 60, "s_practiceSetting", "AMBULATOIRE", "i_cpsPracticeLocationIndice", 0);
    }

    /** hl_createDmp as S6 builds it (EFFICIENCE-API.md §2.7.1). */
    private static Map<String, Object> creation(String ins) {
        return Map.of("DmpAdministrativeData", Map.of(
                "PatientData", Map.of("s_ins", ins, "ExtendedCivilStatus", Map.of(
                        "CivilStatus", Map.of("i_gender", 2, "s_name", "PAUL", "s_given", "PAUL"),
                        "s_birthName", "PAUL", "s_birthDay", "19650315", "i_sex", 2)),
                "PatientOppositions", Map.of("i_brisDeGlaceOpposition", 0, "i_centre15Opposition", 0),
                "i_guardian", 1),
                "VitaleData", Map.of("s_name", "PAUL", "s_birthName", "PAUL", "s_given", "PAUL", "s_birthDay", "650315"));
    }

    private JsonNode deposit(String ins, String text, String replaces) throws Exception {
        Map<String, Object> fields = new HashMap<>(Map.of("s_ins", ins,
                "s_documentTitle", "Courrier", "s_documentDescription", "", "s_documentCategory", "11488-4",
                "i_documentVisibility", 1, "i_documentFormat", 1, "s_healthcareSetting", "SA07",
                SandboxApi.CONTENT_IN, Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8))));
        if (!replaces.isEmpty()) {
            fields.put("s_replacedDocumentUniqueId", replaces);
        }
        return call("hl_sendDocument", fields);
    }

    /** The fields of a change of a document named by its unique id, and by its UUID if given (EFFICIENCE-API.md §2.8). */
    private static Fields change(String ins, String uniqueId, Optional<String> uuid) {
        Fields fields = new Fields().with("s_ins", ins).with("s_documentUniqueId", uniqueId).with("s_healthCareSettings", "SA07");
        uuid.ifPresent(value -> fields.put("s_documentUuid", value));
        return fields;
    }

    private static final class Fields extends HashMap<String, Object> {
        private static final long serialVersionUID = 1L;

        Fields with(String field, Object value) {
            put(field, value);
            return this;
        }
    }

    /** @return the one document a listing holds */
    private static JsonNode only(JsonNode listing) {
        JsonNode documents = listing.get("Documents");
        assertEquals(listing.toString(), 1, documents.size());
        return documents.get(0);
    }

    private JsonNode assertStatus(String ins, int dmpStatus, int authorization) throws Exception {
        JsonNode answer = call("hl_getDirectAuthenticationDMPStatus", Map.of("s_ins", ins));
        assertEquals(answer.toString(), dmpStatus, answer.get("ExistingTestAnswer").get("i_dmpStatus").asInt());
        assertEquals(answer.toString(), authorization, answer.get("ExistingTestAnswer").get("i_userAuthorization").asInt());
        return answer;
    }

    /** An API_ERROR with every published field (EFFICIENCE-API.md §1.4), its type, code and extended informations. */
    private static void assertError(JsonNode answer, int type, int code, String extended) {
        assertEquals(answer.toString(), "API_ERROR", answer.get("s_status").asText());
        assertEquals(answer.toString(), Optional.empty(), EfficienceApi.published().errorProblem(answer));
        assertEquals(answer.toString(), type, answer.get("i_apiErrorType").asInt());
        assertEquals(answer.toString(), code, answer.get("i_apiErrorCode").asInt());
        assertEquals(answer.toString(), extended, answer.get("s_apiErrorExtendedInformations").asText());
    }

    private static void assertRefused(JsonNode answer, String description) {
        assertError(answer, SandboxApi.SERVICE_ERRORS, SandboxApi.FUNCTIONAL, "");
        assertEquals(answer.toString(), description, answer.get("s_apiErrorDescription").asText());
    }

    /** Sends a command; an OK answer must keep to the published description. */
    private JsonNode call(String command, Map<String, Object> fields) throws IOException, InterruptedException {
        ObjectNode request = json.valueToTree(fields);
        request.put("s_commandName", command);
        if (session != null) {
            request.put("s_sessionId", session);
        }
        JsonNode answer = post(command, json.writeValueAsString(request));
        if (answer.path("s_status").asText().equals("OK")) {
            assertEquals(answer.toString(), Optional.empty(), EfficienceApi.published().answerProblem(command, answer));
        }
        return answer;
    }

    private JsonNode post(String command, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(command))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }

    private URI uri(String command) {
        return URI.create("http://127.0.0.1:" + server.port() + "/api/" + command.toLowerCase(Locale.ROOT));
    }
}
