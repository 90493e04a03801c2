package com.medialogis.dmp.efficience.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.PinOutcome;
import com.medialogis.dmp.connector.Access;
import com.medialogis.dmp.connector.AccessMode;
import com.medialogis.dmp.connector.AuthorRole;
import com.medialogis.dmp.connector.Category;
import com.medialogis.dmp.connector.Confidentiality;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DocumentContent;
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
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsSystem;
import com.medialogis.dmp.sandbox.internal.EfficienceApi;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Every request the driver sends, held to the published API's description (the sandbox's
 * efficience-api.json): a service answering as the description says records each request, and
 * each must keep to it; and the settings that go into them.
 */
public class EfficienceConformanceTest {

    private static final Ins PATIENT = new Ins("1541187387477485562488", InsSystem.INS_C, Ins.Status.COMPUTED);
    private static final String OK = "{\"s_status\":\"OK\"}";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final ObjectMapper json = new ObjectMapper();
    private final EfficienceApi api = EfficienceApi.published();
    private ScriptedService service;

    @Before
    public void start() throws Exception {
        service = new ScriptedService()
                .on("hl_openSession", request -> "{\"s_status\":\"OK\",\"s_sessionId\":\"session-1\"}")
                .on("hl_getCpxCard", request -> OK)
                .on("hl_getPcscReaders", request -> "{\"s_status\":\"OK\",\"Readers\":[{\"i_accessMode\":1,\"i_slotType\":3,"
                        + "\"s_accessMode\":\"Full PC/SC\",\"s_name\":\"Lecteur CPS\",\"s_slotType\":\"CPS card\"}]}")
                .on("hl_getCpxStatus", request -> "{\"s_status\":\"OK\",\"i_nbInputLeft\":3,\"s_validityDate\":\"20291231\","
                        + "\"s_cardId\":\"8025000001000123452\",\"i_cardStatus\":1}")
                .on("hl_readCpxCard", request -> "{\"s_status\":\"OK\",\"PracticeLocations\":[{\"s_practiceLocationActivity\":\"SA07\","
                        + "\"s_practiceLocationHealthcareSettings\":\"SA07\",\"s_practiceLocationName\":\"CABINET DR GENE\"}],"
                        + "\"i_remainingPinCodeInputs\":3,\"s_given\":\"ALAIN\",\"s_internalId\":\"899900023351\",\"s_name\":\"GENE RPPS\","
                        + "\"s_profession\":\"10\",\"s_professionOid\":\"1.2.250.1.71.1.2.7\",\"s_professionDescription\":\"Médecin\","
                        + "\"s_speciality\":\"SM26\",\"s_specialityDescription\":\"Qualifié en médecine générale (SM)\"}")
                .on("hl_getVitaleCard", request -> OK)
                .on("hl_readVitaleCard", request -> "{\"s_status\":\"OK\",\"Patients\":[{\"s_name\":\"MARTIN\",\"s_given\":\"JEAN\","
                        + "\"s_birthday\":\"01081950\",\"s_nir\":\"1500815051040 18\",\"s_certifiedNir\":\"\"}],\"i_cardStatus\":3}")
                .on("hl_createDmpConnector", request -> "{\"s_status\":\"OK\",\"s_instanceUniqueId\":\"2.25.1868\"}")
                .on("hl_closeSession", request -> OK)
                .on("getLogLevels", request -> "{\"s_status\":\"OK\",\"i_dmpConnectLogLevel\":3,\"i_dmpConnectJsLogLevel\":3}")
                .on("hl_getDirectAuthenticationDMPStatus", request -> "{\"s_status\":\"OK\",\"ExistingTestAnswer\":"
                        + "{\"i_dmpStatus\":1,\"i_userAuthorization\":2},\"i_treatingPhysician\":1}")
                .on("hl_createDmp", request -> OK)
                .on("hl_reactivateDmp", request -> OK)
                .on("hl_updateUserDmpAccessAuthorization", request -> OK)
                .on("hl_setDmpAccessMode", request -> OK)
                .on("hl_findDocuments", request -> "{\"s_status\":\"OK\",\"Documents\":[{\"i_document_Format\":1,"
                        + "\"i_document_Status\":4,\"i_document_Visibility\":1,\"i_handle\":0,\"s_creationDate\":\"20261125093000\","
                        + "\"s_submissionDate\":\"20261125093100\",\"s_title\":\"Compte rendu\",\"s_typeCode\":\"11488-4\","
                        + "\"s_uniqueId\":\"2.25.42\",\"s_uuid\":\"urn:uuid:6f1c3b7e-2a4d-4c7e-9b1a-0d2e3f405162\"}]}")
                .on("hl_getDocumentContentByUniqueId", request -> "{\"s_status\":\"OK\",\"s_fileContentInBase64\":\"Q291cnJpZXI=\"}")
                .on("hl_sendDocument", request -> "{\"s_status\":\"OK\",\"s_uniqueId\":\"2.25.42\"}")
                .on("hl_updateDocumentVisibilityByUniqueId", request -> OK)
                .on("hl_updateDocumentStatusByUniqueId", request -> OK)
                .on("hl_deleteDocument", request -> OK)
                .on("hl_createInsiConnector", request -> OK)
                .on("hl_getInsFromVitaleCard", request -> "{\"s_status\":\"OK\",\"i_insIdentityResult\":1}")
                .on("hl_getInsFromIdentityInformation", request -> "{\"s_status\":\"OK\",\"i_insIdentityResult\":2,\"Identity\":"
                        + "{\"Ins\":{\"s_value\":\"1500815051040\",\"s_key\":\"18\",\"s_oid\":\"1.2.250.1.213.1.4.8\"},"
                        + "\"s_birthName\":\"MARTIN\",\"s_given\":\"JEAN\",\"s_birthGiven\":\"JEAN\",\"i_sex\":2,"
                        + "\"s_birthDate\":\"1950-08-01\",\"s_birthPlace\":\"15051\"}}")
                .on("hl_checkInsIdentity", request -> OK);
    }

    @After
    public void stop() {
        service.close();
    }

    private Path dcParameters(String content, String mode) throws Exception {
        Path file = folder.newFile("dcparams.b64").toPath();
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static final EfficienceConnector.Insi INSI = new EfficienceConnector.Insi("https://insi.example", "CNDA-42", "123456789",
            "0.1.0", "550e8400-e29b-41d4-a716-446655440000");

    private EfficienceConnector driver(EfficienceConnector.Connection connection) {
        return new EfficienceConnector(service.address(), Duration.ofSeconds(5), Optional.empty(), connection, INSI, Optional.empty());
    }

    @Test
    public void everyCommandTheDriverSendsKeepsToThePublishedApi() throws Exception {
        EfficienceConnector driver = driver(new EfficienceConnector.Connection(Duration.ofMinutes(30),
                Optional.of(dcParameters("RENQQVJBTVM=\n", "rw-------")), EfficienceConnector.Connection.dmpUrl("formation2"),
                Duration.ofSeconds(45), PracticeSetting.AMBULATOIRE, 1, FacilityType.SA08, "Lecteur CPS"));
        driver.execute();
        driver.openSession("1234".toCharArray());
        driver.status(PATIENT);
        PatientForm form = new PatientForm(Optional.of(PatientForm.Civility.MME), "MARTIN", "ROSE", LocalDate.of(1950, 8, 1),
                PatientForm.Sex.FEMALE, Optional.of("0612345678"), true, Optional.of("rose@example.org"), true, Optional.empty(),
                true, false, true);
        driver.create(PATIENT, form);
        driver.reactivate(PATIENT, form);
        driver.authorize(PATIENT, true);
        driver.authorize(PATIENT, false);
        driver.access(PATIENT, new Access(AccessMode.CENTRE_15, "appel du SAMU"));
        driver.find(PATIENT, new DocumentQuery(Set.of(Category.CONSULTATION, Category.IMAGING), Optional.empty(), Optional.empty(),
                Set.of(DocumentStatus.APPROVED, DocumentStatus.ARCHIVED)));
        driver.find(PATIENT, DocumentQuery.ALL);
        driver.retrieve(PATIENT, "2.25.42", new ByteArrayOutputStream());
        driver.deposit(PATIENT, new DocumentMetadata("Compte rendu", "Consultation du 25 novembre", Category.CONSULTATION,
                DocumentFormat.PDF, AuthorRole.ACTEUR, PracticeSetting.AMBULATOIRE, Set.of(), Optional.of("2.25.41")),
                DocumentContent.of("%PDF-1.4".getBytes(StandardCharsets.US_ASCII)));
        driver.changeVisibility(PATIENT, "2.25.42", Set.of(Confidentiality.INVISIBLE_PATIENT, Confidentiality.INVISIBLE_REPRESENTANTS_LEGAUX));
        driver.archive(PATIENT, "2.25.42", false);
        driver.delete(PATIENT, "2.25.42");
        assertEquals("500801", driver.read("Lecteur Vitale").get(0).birthDate());
        assertEquals(InsLookupResult.NOT_FOUND, driver.insFromVitaleCard("Lecteur Vitale", 0));
        InsTraits typed = new InsTraits("Martin", "Jean", InsTraits.Sex.MALE, "1950-08-01", Optional.of("15051"));
        InsIdentity found = driver.insFromTraits(typed).identity().orElseThrow();
        assertEquals(new Ins("150081505104018", InsSystem.INS_NIR, Ins.Status.RETRIEVED), found.ins());
        assertEquals(InsVerification.CONFIRMED, driver.verifyIns(found));
        driver.closeSession();
        ToldReaders told = new ToldReaders(Duration.ofSeconds(10));
        try (AutoCloseable watch = driver.watch(told)) {
            told.await("the watch failing: this service has no monitoring WebSocket", line -> line.startsWith("unavailable "));
        }
        CpsCard cps = new ServiceCps("Lecteur CPS", driver.readersService(), "session-1", new ReentrantLock());
        assertEquals(3, cps.pinTries().triesLeft());
        assertEquals(PinOutcome.Status.VERIFIED, cps.verifyPin("1234".toCharArray(), false).status());
        assertEquals("the published example's holder", "GENE RPPS", cps.holder().orElseThrow().name());

        Set<String> sent = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (String body : service.received()) {
            JsonNode request = json.readTree(body);
            String command = request.path("s_commandName").asText();
            sent.add(command);
            api.refusal(command, request).ifPresent(problem -> problems.add(command + ": " + problem));
        }
        assertEquals(List.of(), problems);
        List<Integer> treating = new ArrayList<>();
        for (String body : service.received()) {
            JsonNode request = json.readTree(body);
            if (request.path("s_commandName").asText().equals("hl_updateUserDmpAccessAuthorization") && request.path("i_action").asInt() == 1) {
                treating.add(request.path("i_setTreatingPhysician").asInt());
            }
        }
        assertEquals("the treating physician status the DMP answered is kept when authorizing (EFFICIENCE-API.md §2.6)",
                List.of(1), treating);
        JsonNode visibility = sentAs("hl_updateDocumentVisibilityByUniqueId");
        assertEquals("hidden from the patient and his legal representatives (EFFICIENCE-API.md §3.15)", 10,
                visibility.get("i_newVisibility").asInt());
        assertEquals("the care setting as these commands spell it (§4.7)", "SA08", visibility.get("s_healthCareSettings").asText());
        assertEquals("the UUID the DMP listed", "urn:uuid:6f1c3b7e-2a4d-4c7e-9b1a-0d2e3f405162",
                sentAs("hl_updateDocumentStatusByUniqueId").get("s_documentUuid").asText());
        assertEquals("2.25.42", sentAs("hl_deleteDocument").get("s_uniqueId").asText());
        JsonNode insi = sentAs("hl_createInsiConnector");
        assertEquals("the INSi server as s_dmpUrl (INFERRED, EFFICIENCE-API.md §2.9)", "https://insi.example", insi.get("s_dmpUrl").asText());
        assertEquals("the session's PIN, taken once from the caller", "1234", insi.get("s_pinCode").asText());
        JsonNode software = sentAs("hl_getInsFromVitaleCard").get("LpsInfos");
        assertEquals("04", software.get("s_numAM").asText());
        assertEquals("123456789", software.get("s_billingNumber").asText());
        assertEquals("CNDA-42", software.get("s_idam").asText());
        assertEquals("550e8400-e29b-41d4-a716-446655440000", software.get("s_instance").asText());
        JsonNode traits = sentAs("hl_getInsFromIdentityInformation");
        assertEquals("normalized before sending", "MARTIN", traits.get("s_birthName").asText());
        assertEquals("JEAN", traits.get("s_given").asText());
        assertEquals("Male (EFFICIENCE-API.md §3.8)", 2, traits.get("i_sex").asInt());
        JsonNode check = sentAs("hl_checkInsIdentity");
        assertEquals("1500815051040", check.get("s_ins").asText());
        assertEquals("18", check.get("s_key").asText());
        assertEquals("1.2.250.1.213.1.4.8", check.get("s_oid").asText());
        Set<String> described = new TreeSet<>();
        api.commands().stream().filter(command -> !command.persistent()).forEach(command -> described.add(command.name()));
        assertEquals("every command of the description is used, and none other (the monitoring, on its WebSocket, in"
                + " EfficienceReadersTest against the sandbox, which holds it to the description)", described, sent);
        assertEquals("the PIN, taken once from the caller", "1234", sentAs("hl_readCpxCard").get("s_pinCode").asText());
    }

    /** @return the one request of that command the service received */
    private JsonNode sentAs(String command) throws Exception {
        List<JsonNode> sent = new ArrayList<>();
        for (String body : service.received()) {
            JsonNode request = json.readTree(body);
            if (request.path("s_commandName").asText().equals(command)) {
                sent.add(request);
            }
        }
        assertEquals(command, 1, sent.size());
        return sent.get(0);
    }

    @Test
    public void theSessionAndTheDmpConnectorCarryTheSettingsAndTheSecretsTravelOnlyInTheirRequests() throws Exception {
        EfficienceConnector driver = driver(new EfficienceConnector.Connection(Duration.ofMinutes(30),
                Optional.of(dcParameters("RENQQVJBTVM=\n", "rw-------")), EfficienceConnector.Connection.dmpUrl("formation2"),
                Duration.ofSeconds(45), PracticeSetting.AMBULATOIRE, 1, FacilityType.SA08, "Lecteur CPS"));
        driver.openSession("1234".toCharArray());
        driver.deposit(PATIENT, new DocumentMetadata("Compte rendu", "", Category.CONSULTATION, DocumentFormat.TEXT,
                AuthorRole.ACTEUR, PracticeSetting.AMBULATOIRE, Set.of(), Optional.empty()),
                DocumentContent.of("Courrier".getBytes(StandardCharsets.UTF_8)));
        JsonNode open = json.readTree(service.received().get(0));
        assertEquals(1800, open.get("i_timeoutInSeconds").asInt());
        assertEquals("the file's content without its line break", "RENQQVJBTVM=", open.get("s_dcparameters64").asText());
        JsonNode cps = json.readTree(service.received().get(1));
        assertEquals("Lecteur CPS", cps.get("s_readerName").asText());
        JsonNode connector = json.readTree(service.received().get(2));
        assertEquals("https://formation2.lps2.dmp.gouv.fr/si-dmp-server/v2/services", connector.get("s_dmpUrl").asText());
        assertEquals(45, connector.get("i_transactionsTimeout").asInt());
        assertEquals("AMBULATOIRE", connector.get("s_practiceSetting").asText());
        assertEquals(1, connector.get("i_cpsPracticeLocationIndice").asInt());
        assertEquals("1234", connector.get("s_pinCode").asText());
        JsonNode deposit = sentAs("hl_sendDocument");
        assertEquals("SA08", deposit.get("s_healthcareSetting").asText());
        assertEquals("PlainText", 1, deposit.get("i_documentFormat").asInt());
        assertEquals(Optional.empty(), Optional.ofNullable(deposit.get("s_dcparameters64")));
        assertEquals(Optional.empty(), Optional.ofNullable(deposit.get("s_pinCode")));
    }

    @Test
    public void dcParametersReadableByOthersOrNotBase64AreNeverSent() throws Exception {
        Path shared = dcParameters("RENQQVJBTVM=", "rw-r--r--");
        IllegalArgumentException atStart = assertThrows(IllegalArgumentException.class,
                () -> EfficienceConnector.Connection.of(settings("", shared.toString())));
        assertTrue(atStart.getMessage(), atStart.getMessage().contains("dc.parameters.file " + shared + " may be read by others"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-------"));
        EfficienceConnector driver = driver(EfficienceConnector.Connection.of(settings("", shared.toString())));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r-----"));
        ConnectorException opened = assertThrows(ConnectorException.class, () -> driver.openSession("1234".toCharArray()));
        assertEquals("DC_PARAMETERS", opened.dmpCode());
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(shared, "pas du base64");
        ConnectorException notBase64 = assertThrows(ConnectorException.class, () -> driver.openSession("1234".toCharArray()));
        assertTrue(notBase64.getMessage(), notBase64.getMessage().contains("are not base64"));
        assertEquals("nothing was sent", List.of(), service.received());
        char[] pin = "1234".toCharArray();
        assertThrows(ConnectorException.class, () -> driver.openSession(pin));
        assertArrayEquals("the PIN is wiped even when the session could not open", new char[4], pin);
    }

    @Test
    public void theSettingsAreCheckedWhenTheDriverStarts() {
        assertEquals("https://lps2.dmp.gouv.fr/si-dmp-server/v2/services", EfficienceConnector.Connection.dmpUrl(""));
        assertEquals("https://formation5.lps2.dmp.gouv.fr/si-dmp-server/v2/services", EfficienceConnector.Connection.dmpUrl("formation5"));
        assertEquals("https://dmp.example.org/services", EfficienceConnector.Connection.dmpUrl("https://dmp.example.org/services"));
        IllegalArgumentException server = assertThrows(IllegalArgumentException.class, () -> EfficienceConnector.Connection.dmpUrl("http://dmp"));
        assertTrue(server.getMessage(), server.getMessage().contains("dmp.server must be empty"));
        IllegalArgumentException setting = assertThrows(IllegalArgumentException.class,
                () -> EfficienceConnector.Connection.of(settings("SA99", "")));
        assertTrue(setting.getMessage(), setting.getMessage().contains("healthcare.setting must be one of [SA07, SA08, SA05, SA52], not 'SA99'"));
        EfficienceConnector.Connection defaults = EfficienceConnector.Connection.of(settings("SA07", ""));
        assertEquals(EfficienceConnector.Connection.DEFAULTS, defaults);
        IllegalArgumentException noBillingNumber = assertThrows(IllegalArgumentException.class,
                () -> new EfficienceConnector.Insi("https://insi.example", "CNDA-42", " ", "0.1.0", "550e8400-e29b-41d4-a716-446655440000"));
        assertTrue(noBillingNumber.getMessage(), noBillingNumber.getMessage().endsWith("insi.billing.number is mandatory for INSi once"
                + " insi.server is set"));
    }

    /** The driver's settings as ConfigAdmin would give them: the defaults, but for these two. */
    private static EfficienceConnector.Config settings(String healthcareSetting, String dcParametersFile) {
        return new EfficienceConnector.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return EfficienceConnector.Config.class;
            }

            @Override
            public String address() {
                return "http://127.0.0.1:9982";
            }

            @Override
            public String trust_certificates() {
                return "";
            }

            @Override
            public long timeout_millis() {
                return 10_000;
            }

            @Override
            public int session_timeout_seconds() {
                return 3600;
            }

            @Override
            public String dc_parameters_file() {
                return dcParametersFile;
            }

            @Override
            public String dmp_server() {
                return "";
            }

            @Override
            public String insi_server() {
                return "";
            }

            @Override
            public String insi_authorization_number() {
                return "";
            }

            @Override
            public String insi_billing_number() {
                return "";
            }

            @Override
            public int transactions_timeout_seconds() {
                return 60;
            }

            @Override
            public String practice_setting() {
                return "AMBULATOIRE";
            }

            @Override
            public int cps_practice_location() {
                return 0;
            }

            @Override
            public String healthcare_setting() {
                return healthcareSetting.isEmpty() ? "SA07" : healthcareSetting;
            }

            @Override
            public String cps_reader() {
                return "";
            }

            @Override
            public boolean readers_owned() {
                return false;
            }

            @Override
            public String monitoring_address() {
                return "";
            }

            @Override
            public String vitale_reader() {
                return "";
            }

            @Override
            public int readers_checking_seconds() {
                return 1;
            }
        };
    }
}
