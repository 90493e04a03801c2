package com.medialogis.dmp.efficience.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DmpEnvironment;
import com.medialogis.dmp.connector.DmpState;
import com.medialogis.dmp.connector.DocumentEntry;
import com.medialogis.dmp.connector.DocumentFormat;
import com.medialogis.dmp.connector.DocumentQuery;
import com.medialogis.dmp.connector.DocumentStatus;
import com.medialogis.dmp.connector.SessionState;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsSystem;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.felix.hc.api.Result;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The driver against answers a real service may give and the sandbox never does: a field missing
 * or of another type, a code it does not know, an "unknown session" that arrives late.
 */
public class EfficienceAnswersTest {

    private static final Ins PATIENT = new Ins("1541187387477485562488", InsSystem.INS_C, Ins.Status.COMPUTED);
    private static final String OK = "{\"s_status\":\"OK\"}";

    private final AtomicInteger sessions = new AtomicInteger();
    private ScriptedService service;
    private EfficienceConnector driver;

    @Before
    public void start() throws Exception {
        service = new ScriptedService()
                .on("hl_openSession", request -> "{\"s_status\":\"OK\",\"s_sessionId\":\"session-" + sessions.incrementAndGet() + "\"}")
                .on("hl_getCpxCard", request -> OK)
                .on("hl_createDmpConnector", request -> "{\"s_status\":\"OK\",\"s_instanceUniqueId\":\"2.25.1868\"}")
                .on("hl_closeSession", request -> OK);
        driver = new EfficienceConnector(service.address(), Duration.ofSeconds(5), Optional.empty());
    }

    @After
    public void stop() {
        service.close();
    }

    private ConnectorException failure(String command, String answer, Call call) {
        service.on(command, request -> answer);
        return assertThrows(ConnectorException.class, call::run);
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    @Test
    public void thePinTravelsInAWellFormedBodyAndIsWipedAndAMalformedOneIsNeverSent() throws Exception {
        char[] pin = "4321".toCharArray();
        driver.openSession(pin);
        assertArrayEquals(new char[4], pin);
        String body = service.received().get(2);
        var request = new ObjectMapper().readTree(body);
        assertEquals("hl_createDmpConnector", request.get("s_commandName").asText());
        assertEquals("session-1", request.get("s_sessionId").asText());
        assertEquals("4321", request.get("s_pinCode").asText());

        int sent = service.received().size();
        for (String malformed : new String[] {"12\"4", "12a4", "123", "123456789"}) {
            char[] typed = malformed.toCharArray();
            ConnectorException refused = assertThrows(ConnectorException.class, () -> driver.openSession(typed));
            assertEquals("INVALID_PIN", refused.dmpCode());
            assertArrayEquals(new char[typed.length], typed);
        }
        assertEquals("nothing was sent for a malformed PIN", sent, service.received().size());
    }

    @Test
    public void anUnknownSessionAnswerForAnOldSessionLeavesTheSessionOpenedSinceOpen() throws Exception {
        driver.openSession("1234".toCharArray());
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch reopened = new CountDownLatch(1);
        service.on("hl_getDirectAuthenticationDMPStatus", request -> {
            if (request.get("s_sessionId").asText().equals("session-1")) {
                asked.countDown();
                assertTrue(reopened.await(5, TimeUnit.SECONDS));
                return "{\"s_status\":\"API_ERROR\",\"i_apiErrorType\":6000,\"i_apiErrorCode\":3}";
            }
            return "{\"s_status\":\"OK\",\"ExistingTestAnswer\":{\"i_dmpStatus\":1,\"i_userAuthorization\":2}}";
        });
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<ConnectorException> late = caller.submit(() -> assertThrows(ConnectorException.class, () -> driver.status(PATIENT)));
            assertTrue(asked.await(5, TimeUnit.SECONDS));
            driver.openSession("1234".toCharArray());
            reopened.countDown();
            assertEquals(ConnectorException.NO_SESSION, late.get(5, TimeUnit.SECONDS).dmpCode());
        } finally {
            caller.shutdown();
        }
        assertEquals("the session opened since is still open", SessionState.State.OPEN, driver.session().state());
        assertEquals(DmpState.AUTHORIZED, driver.status(PATIENT).state());
    }

    @Test
    public void aReadOnlyCommandWhoseConnectionClosedBeforeAnAnswerIsSentOnceMoreAndAChangeNever() throws Exception {
        driver.openSession("1234".toCharArray());
        AtomicInteger asked = new AtomicInteger();
        service.on("hl_getDirectAuthenticationDMPStatus", request -> asked.incrementAndGet() == 1 ? ScriptedService.DROP
                : "{\"s_status\":\"OK\",\"ExistingTestAnswer\":{\"i_dmpStatus\":1,\"i_userAuthorization\":2}}");
        assertEquals(DmpState.AUTHORIZED, driver.status(PATIENT).state());
        assertEquals(2, asked.get());

        asked.set(0);
        service.on("hl_getDirectAuthenticationDMPStatus", request -> {
            asked.incrementAndGet();
            return ScriptedService.DROP;
        });
        ConnectorException twice = assertThrows(ConnectorException.class, () -> driver.status(PATIENT));
        assertEquals("UNREACHABLE", twice.dmpCode());
        assertEquals("sent once more, not more", 2, asked.get());

        AtomicInteger created = new AtomicInteger();
        service.on("hl_createDmp", request -> {
            created.incrementAndGet();
            return ScriptedService.DROP;
        });
        ConnectorException unanswered = assertThrows(ConnectorException.class,
                () -> driver.create(PATIENT, EfficienceConnectorTest.form(true)));
        assertTrue(unanswered.isTransient());
        assertEquals("a change is never sent twice by the driver", 1, created.get());
    }

    @Test
    public void everyTypeOfErrorIsTransientOrPermanentAsPublished() throws Exception {
        driver.openSession("1234".toCharArray());
        String error = "{\"s_status\":\"API_ERROR\",\"s_errorDescription\":\"d\",\"i_apiErrorType\":%d,"
                + "\"s_apiErrorTypeDescription\":\"t\",\"i_apiErrorCode\":%d,\"s_apiErrorDescription\":\"what failed\","
                + "\"s_apiErrorContext\":\"c\",\"s_apiErrorExtendedInformations\":\"%s\"}";
        Object[][] published = {
            {1, 12, "ApiErrors", ConnectorException.Kind.PERMANENT},
            {2, 7, "DMPErrors", ConnectorException.Kind.PERMANENT},
            {3, 28, "CurlErrors: the DMP cannot be reached", ConnectorException.Kind.TRANSIENT},
            {4, 1, "VitaleErrors", ConnectorException.Kind.PERMANENT},
            {6000, 1, "ErrTechnical", ConnectorException.Kind.TRANSIENT},
            {6000, 2, "ErrFunctional", ConnectorException.Kind.PERMANENT},
        };
        for (Object[] each : published) {
            ConnectorException e = failure("hl_getDirectAuthenticationDMPStatus",
                    String.format(error, (int) each[0], (int) each[1], "more"), () -> driver.status(PATIENT));
            assertEquals(each[2].toString(), each[3], e.kind());
            assertEquals("API_" + each[0] + "_" + each[1], e.dmpCode());
            assertEquals("hl_getDirectAuthenticationDMPStatus failed: what failed (more)", e.getMessage());
        }
        ConnectorException plain = failure("hl_getDirectAuthenticationDMPStatus",
                "{\"s_status\":\"ERROR\",\"s_errorDescription\":\"no reader\"}", () -> driver.status(PATIENT));
        assertEquals(ConnectorException.Kind.PERMANENT, plain.kind());
        assertEquals("ERROR", plain.dmpCode());
        assertEquals("hl_getDirectAuthenticationDMPStatus failed: no reader", plain.getMessage());
        ConnectorException session = failure("hl_getDirectAuthenticationDMPStatus", String.format(error, 6000, 3, ""),
                () -> driver.status(PATIENT));
        assertEquals(ConnectorException.NO_SESSION, session.dmpCode());
        assertTrue(session.isTransient());
    }

    @Test
    public void anUnknownSessionAnswerForTheCurrentSessionClosesIt() throws Exception {
        driver.openSession("1234".toCharArray());
        ConnectorException closed = failure("hl_getDirectAuthenticationDMPStatus",
                "{\"s_status\":\"ERROR\",\"i_apiErrorType\":6000,\"i_apiErrorCode\":3}", () -> driver.status(PATIENT));
        assertTrue(closed.isTransient());
        assertEquals(ConnectorException.NO_SESSION, closed.dmpCode());
        assertEquals(SessionState.State.CLOSED, driver.session().state());
    }

    @Test
    public void aMissingFieldIsAnErrorNamingTheCommandAndTheField() throws Exception {
        service.on("hl_openSession", request -> OK);
        ConnectorException noId = assertThrows(ConnectorException.class, () -> driver.openSession("1234".toCharArray()));
        assertEquals(Answer.MALFORMED, noId.dmpCode());
        assertEquals("hl_openSession answered without the field s_sessionId", noId.getMessage());
        service.on("hl_openSession", request -> "{\"s_status\":\"OK\",\"s_sessionId\":\"session-9\"}");
        driver.openSession("1234".toCharArray());

        ConnectorException noAnswer = failure("hl_getDirectAuthenticationDMPStatus", OK, () -> driver.status(PATIENT));
        assertEquals(ConnectorException.Kind.PERMANENT, noAnswer.kind());
        assertEquals("hl_getDirectAuthenticationDMPStatus answered without the field ExistingTestAnswer", noAnswer.getMessage());
        ConnectorException noStatus = failure("hl_getDirectAuthenticationDMPStatus", "{\"s_status\":\"OK\",\"ExistingTestAnswer\":{}}",
                () -> driver.status(PATIENT));
        assertEquals("hl_getDirectAuthenticationDMPStatus ExistingTestAnswer answered without the field i_dmpStatus", noStatus.getMessage());
        ConnectorException text = failure("hl_getDirectAuthenticationDMPStatus",
                "{\"s_status\":\"OK\",\"ExistingTestAnswer\":{\"i_dmpStatus\":\"1\"}}", () -> driver.status(PATIENT));
        assertEquals("hl_getDirectAuthenticationDMPStatus ExistingTestAnswer answered i_dmpStatus as string, not an integer",
                text.getMessage());
        ConnectorException noUniqueId = failure("hl_findDocuments", "{\"s_status\":\"OK\",\"Documents\":[{\"s_title\":\"Courrier\"}]}",
                () -> driver.find(PATIENT, DocumentQuery.ALL));
        assertTrue(noUniqueId.getMessage(), noUniqueId.getMessage().startsWith("hl_findDocuments Documents[0] answered without the field"));
    }

    @Test
    public void anUnknownCodeOrAnUnreadableDateIsAnErrorNamingTheValue() throws Exception {
        driver.openSession("1234".toCharArray());
        ConnectorException dmpStatus = failure("hl_getDirectAuthenticationDMPStatus",
                "{\"s_status\":\"OK\",\"ExistingTestAnswer\":{\"i_dmpStatus\":7}}", () -> driver.status(PATIENT));
        assertEquals("hl_getDirectAuthenticationDMPStatus ExistingTestAnswer answered i_dmpStatus = 7, which is not a known DMP status",
                dmpStatus.getMessage());
        ConnectorException authorization = failure("hl_getDirectAuthenticationDMPStatus",
                "{\"s_status\":\"OK\",\"ExistingTestAnswer\":{\"i_dmpStatus\":1,\"i_userAuthorization\":9}}",
                () -> driver.status(PATIENT));
        assertTrue(authorization.getMessage(), authorization.getMessage().contains("i_userAuthorization = 9"));
        ConnectorException dmpError = failure("hl_getDirectAuthenticationDMPStatus",
                "{\"s_status\":\"OK\",\"ExistingTestAnswer\":{\"i_dmpStatus\":4,\"i_userAuthorization\":1}}",
                () -> driver.status(PATIENT));
        assertTrue("DMPError is the DMP's failure: try again", dmpError.isTransient());

        // A document as S2's hl_findDocuments doc and S6's test page show it (EFFICIENCE-API.md §2.8).
        String document = "{\"Authors\":[{\"s_hpInternalId\":\"810100000001\",\"s_hpProfession\":\"10\","
                + "\"s_hpSpeciality\":\"SM26\"}],\"i_document_Format\":5,\"i_document_Visibility\":1,\"i_handle\":0,"
                + "\"s_creationDate\":\"20161110165758\",\"s_submissionDate\":\"20161110170000\",\"s_title\":\"Courrier\","
                + "\"s_typeCode\":\"11488-4\",\"s_uniqueId\":\"2.25.1\",\"s_uuid\":\"urn:uuid:1\",\"i_document_Status\":%d%s}";
        ConnectorException status = failure("hl_findDocuments", "{\"s_status\":\"OK\",\"Documents\":[" + String.format(document, 16, "") + "]}",
                () -> driver.find(PATIENT, DocumentQuery.ALL));
        assertEquals("hl_findDocuments Documents[0] answered i_document_Status = 16, which is not a known document status",
                status.getMessage());
        ConnectorException date = failure("hl_findDocuments", "{\"s_status\":\"OK\",\"Documents\":["
                + String.format(document, 1, ",\"s_serviceStartDate\":\"x\"").replace("20161110165758", "10/11/2016") + "]}",
                () -> driver.find(PATIENT, DocumentQuery.ALL));
        assertEquals("hl_findDocuments Documents[0] answered s_creationDate = \"10/11/2016\", which is not a known date (YYYYMMDDhhmmss)",
                date.getMessage());

        service.on("hl_findDocuments", request -> "{\"s_status\":\"OK\",\"Documents\":[" + String.format(document, 4, "") + "]}");
        DocumentEntry archived = driver.find(PATIENT, DocumentQuery.ALL).get(0);
        assertEquals(DocumentStatus.ARCHIVED, archived.status());
        assertEquals(Instant.parse("2016-11-10T16:57:58Z"), archived.created());
        assertEquals(Instant.parse("2016-11-10T17:00:00Z"), archived.deposited());
        assertEquals(DocumentFormat.PDF.formatCode(), archived.formatCode());
        assertEquals(Optional.of("SM26"), archived.specialty());
    }

    @Test
    public void anHttpRefusalOrAnAnswerThatIsNotJsonIsPermanentAndAServiceFailureTransient() throws Exception {
        driver.openSession("1234".toCharArray());
        ConnectorException notFound = failure("hl_getDirectAuthenticationDMPStatus", "HTTP 404 <html>Not Found</html>",
                () -> driver.status(PATIENT));
        assertEquals(ConnectorException.Kind.PERMANENT, notFound.kind());
        assertEquals("HTTP_404", notFound.dmpCode());
        ConnectorException html = failure("hl_getDirectAuthenticationDMPStatus", "<html>proxy page</html>",
                () -> driver.status(PATIENT));
        assertEquals(ConnectorException.Kind.PERMANENT, html.kind());
        assertEquals(Answer.MALFORMED, html.dmpCode());
        ConnectorException failed = failure("hl_getDirectAuthenticationDMPStatus", "HTTP 503 busy", () -> driver.status(PATIENT));
        assertTrue(failed.isTransient());
        assertEquals("HTTP_503", failed.dmpCode());
    }

    @Test
    public void aServiceSpeakingTheEfficienceApiIsProductionAndAnotherProgramOnThePortIsCritical() throws Exception {
        assertEquals(DmpEnvironment.PRODUCTION, driver.environment());
        service.on("getLogLevels", request -> "{\"s_status\":\"OK\",\"i_dmpConnectLogLevel\":3,\"i_dmpConnectJsLogLevel\":3}");
        Result answers = driver.execute();
        assertEquals(answers.toString(), Result.Status.OK, answers.getStatus());
        assertTrue(answers.toString(), answers.toString().contains("the Efficience service answers at " + service.address()));
        assertTrue("the probe never carries the session", service.received().stream().noneMatch(body -> body.contains("s_sessionId")));
        service.on("getLogLevels", request -> "{\"s_status\":\"API_ERROR\",\"i_apiErrorType\":6000,\"i_apiErrorCode\":1,"
                + "\"s_apiErrorDescription\":\"log file locked\"}");
        Result refusing = driver.execute();
        assertEquals(refusing.toString(), Result.Status.WARN, refusing.getStatus());
        assertTrue(refusing.toString(), refusing.toString().contains("answers getLogLevels with an error: log file locked"));
        service.on("getLogLevels", request -> "<html>a web server</html>");
        Result other = driver.execute();
        assertEquals(other.toString(), Result.Status.CRITICAL, other.getStatus());
        assertTrue(other.toString(), other.toString().contains("something that is not the Efficience service answers at"));
    }

    @Test
    public void anUnreadableClosingDateIsShownAsUnknownWithTheReason() throws Exception {
        driver.openSession("1234".toCharArray());
        service.on("hl_getDirectAuthenticationDMPStatus", request ->
                "{\"s_status\":\"OK\",\"ExistingTestAnswer\":{\"i_dmpStatus\":2,\"i_userAuthorization\":1,\"s_closingDate\":\"juin 2024\"}}");
        var closed = driver.status(PATIENT);
        assertEquals(DmpState.CLOSED, closed.state());
        assertEquals(Optional.empty(), closed.closedOn());
        assertEquals("closing date not understood: 'juin 2024'", closed.detail());
    }
}
