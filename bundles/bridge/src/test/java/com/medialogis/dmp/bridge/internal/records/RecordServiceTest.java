package com.medialogis.dmp.bridge.internal.records;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.connector.Category;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DocumentEntry;
import com.medialogis.dmp.connector.DocumentStatus;
import com.medialogis.dmp.connector.PatientForm.Sex;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsSystem;
import com.medialogis.dmp.queue.Deposit;
import com.medialogis.dmp.queue.DepositState;
import com.medialogis.dmp.record.IdentityDocument;
import com.medialogis.dmp.record.Patient;
import com.medialogis.dmp.record.ReceivedDocument;
import com.medialogis.dmp.record.RecordException;
import com.medialogis.dmp.record.SentDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.aries.tx.control.jdbc.common.impl.ResourceTrackingJDBCConnectionProviderFactory;
import org.apache.aries.tx.control.jdbc.local.impl.JDBCConnectionProviderFactoryImpl;
import org.apache.aries.tx.control.service.local.impl.TransactionControlImpl;
import org.h2.Driver;
import org.h2.util.OsgiDataSourceFactory;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;



public class RecordServiceTest {

    private static final Ins INS_C = new Ins("1541187387477485562488", InsSystem.INS_C, Ins.Status.COMPUTED);
    private static final Patient.Traits JEAN = new Patient.Traits("Dupont", "Jean", LocalDate.of(1950, 8, 1), Sex.MALE);

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private RecordService records;

    @Before
    public void open() {
        records = newService();
    }

    @After
    public void close() {
        records.close();
    }

    private RecordService newService() {
        return newService(folder.getRoot().toPath().resolve("records"));
    }

    private static RecordService newService(Path records) {
        return new RecordService(closing -> RecordService.openH2(records, new TransactionControlImpl(),
                new ResourceTrackingJDBCConnectionProviderFactory(new JDBCConnectionProviderFactoryImpl()),
                new OsgiDataSourceFactory(new Driver())));
    }

    @Test
    public void aPatientIsRegisteredThenUpdatedKeepingHisIdentifier() throws Exception {
        Patient registered = records.save("P-1", JEAN);
        assertEquals(new Patient("P-1", JEAN, Optional.empty()), registered);
        records.attach("P-1", INS_C, JEAN);
        Patient.Traits married = new Patient.Traits("Dupont-Martin", "Jean Paul", LocalDate.of(1950, 8, 1), Sex.MALE);

        assertEquals(new Patient("P-1", married, Optional.of(INS_C)), records.save("P-1", married));
        assertEquals(List.of(new Patient("P-1", married, Optional.of(INS_C))), records.withIdentifier(INS_C));
    }

    @Test
    public void patientsAreListedByNameStartInAnyCase() throws Exception {
        records.save("3", new Patient.Traits("Martin", "Zoé", LocalDate.of(2001, 1, 2), Sex.FEMALE));
        records.save("1", new Patient.Traits("martinez", "Ana", LocalDate.of(1990, 3, 4), Sex.FEMALE));
        records.save("2", new Patient.Traits("Martin", "Alain", LocalDate.of(1970, 5, 6), Sex.MALE));
        records.save("4", new Patient.Traits("Durand", "Luc", LocalDate.of(1980, 7, 8), Sex.MALE));
        records.save("5", new Patient.Traits("Mar_tin", "Luc", LocalDate.of(1980, 7, 8), Sex.MALE));

        assertEquals(List.of("2", "3", "1"), localIds(records.patients("MARTIN", 10)));
        assertEquals(List.of("2", "3"), localIds(records.patients("martin", 2)));
        assertEquals(List.of("5"), localIds(records.patients("mar_", 10)));
        assertEquals(5, records.patients("", 10).size());
    }

    @Test
    public void badTraitsAndNumbersAreRefusedWithTheirReason() {
        IllegalArgumentException number = assertThrows(IllegalArgumentException.class, () -> records.save("P 1", JEAN));
        assertTrue(number.getMessage(), number.getMessage().contains("1 to 64 letters"));
        assertThrows(IllegalArgumentException.class, () -> records.save("x".repeat(65), JEAN));
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> new Patient.Traits(" ", "Jean", LocalDate.of(1950, 8, 1), Sex.MALE));
        assertEquals("The patient's name is required", name.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Patient.Traits("A".repeat(101), "Jean", LocalDate.of(1950, 8, 1), Sex.MALE));
    }

    @Test
    public void anUnknownPatientIsNamedAsSuch() throws Exception {
        assertEquals(Optional.empty(), records.patient("nobody"));
        RecordException attach = assertThrows(RecordException.class, () -> records.attach("nobody", INS_C, JEAN));
        assertEquals(RecordException.Problem.UNKNOWN_PATIENT, attach.problem());
        RecordException sent = assertThrows(RecordException.class, () -> records.sent("nobody", "L1", "", deposit(1, DepositState.QUEUED)));
        assertEquals(RecordException.Problem.UNKNOWN_PATIENT, sent.problem());
        RecordException received = assertThrows(RecordException.class, () -> records.receive("nobody", INS_C, entry("1.2.3", Optional.empty()),
                into -> fail()));
        assertEquals(RecordException.Problem.UNKNOWN_PATIENT, received.problem());
    }

    @Test
    public void anIdentifierIsAttachedOnlyToTheTraitsItWasCheckedAgainst() throws Exception {
        records.save("P-1", JEAN);
        Patient.Traits twin = new Patient.Traits("Dupont", "Jacques", LocalDate.of(1950, 8, 1), Sex.MALE);
        records.save("P-1", twin);
        RecordException changed = assertThrows(RecordException.class, () -> records.attach("P-1", INS_C, JEAN));
        assertEquals(RecordException.Problem.CHANGED, changed.problem());
        assertEquals(Optional.empty(), records.patient("P-1").orElseThrow().identifier());
        assertEquals(Optional.of(INS_C), records.attach("P-1", INS_C, twin).identifier());
    }

    @Test
    public void aDocumentIsFiledOnlyUnderAPatientStillHoldingItsIdentifier() throws Exception {
        records.save("P-1", JEAN);
        RecordException changed = assertThrows(RecordException.class, () -> receive("P-1", entry("1.2.3", Optional.empty())));
        assertEquals(RecordException.Problem.CHANGED, changed.problem());
        assertEquals(List.of(), records.receivedDocuments("P-1"));
        assertEquals("its body is deleted", List.of(), files());
    }

    @Test
    public void aSentDocumentFollowsItsDepositUntilItIsDone() throws Exception {
        records.save("P-1", JEAN);
        SentDocument sent = records.sent("P-1", "LETTER-7", "Envoi n°1", deposit(42, DepositState.QUEUED));
        assertEquals(DepositState.QUEUED, sent.state());
        assertEquals("LETTER-7", sent.documentId());
        assertEquals("Envoi n°1", sent.description());

        Deposit done = new Deposit(42, "2.25.1", INS_C.value(), "Lettre", Category.CONSULTATION, 10, DepositState.DONE, 1,
                sent.requested(), Optional.empty(), Optional.of(Instant.parse("2026-11-30T10:00:00Z")), "deposited",
                Optional.of("2.25.99"));
        records.update(done);
        records.update(deposit(42, DepositState.QUEUED));

        SentDocument after = records.sentDocuments("P-1").get(0);
        assertEquals(DepositState.DONE, after.state());
        assertEquals(Optional.of("2.25.99"), after.dmpUniqueId());
        assertEquals(Optional.of(Instant.parse("2026-11-30T10:00:00Z")), after.finished());
        assertEquals("deposited", after.outcome());
        assertEquals("the same deposit is recorded once", sent.id(), records.sent("P-1", "LETTER-7", "", deposit(42, DepositState.QUEUED)).id());
        assertEquals(1, records.sentDocuments("P-1").size());
    }

    @Test
    public void aDmpDocumentIsReceivedOnceWithItsBodyOnDisk() throws Exception {
        records.save("P-1", JEAN);
        records.attach("P-1", INS_C, JEAN);
        records.save("P-2", new Patient.Traits("Durand", "Luc", LocalDate.of(1980, 7, 8), Sex.MALE));
        byte[] body = "Compte rendu de consultation".getBytes(StandardCharsets.UTF_8);
        ReceivedDocument received = records.receive("P-1", INS_C, entry("1.2.3", Optional.empty()), into -> {
            into.write(body);
            return body.length;
        });
        assertEquals("P-1", received.patientId());
        assertEquals(body.length, received.size());
        assertEquals(Instant.parse("2026-03-01T09:00:00Z"), received.dated());
        try (InputStream in = records.content(received).open()) {
            assertArrayEquals(body, in.readAllBytes());
        }
        Path stored = onlyFile();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)));

        AtomicInteger fetched = new AtomicInteger();
        RecordException again = assertThrows(RecordException.class, () -> records.receive("P-2", INS_C, entry("1.2.3", Optional.empty()),
                into -> fetched.incrementAndGet()));
        assertEquals(RecordException.Problem.ALREADY_RECEIVED, again.problem());
        assertTrue(again.getMessage(), again.getMessage().contains("into patient P-1"));
        assertEquals("the DMP is not asked again", 0, fetched.get());
        assertEquals(List.of(), records.receivedDocuments("P-2"));
        assertEquals(List.of(received), records.receivedDocuments("P-1"));
    }

    @Test
    public void aBodyTheDmpFailsToGiveLeavesNothing() throws Exception {
        records.save("P-1", JEAN);
        records.attach("P-1", INS_C, JEAN);
        ConnectorException refused = new ConnectorException(ConnectorException.Kind.TRANSIENT, "", "the DMP did not answer");
        ConnectorException thrown = assertThrows(ConnectorException.class, () -> records.receive("P-1", INS_C, entry("1.2.3", Optional.empty()),
                into -> {
                    into.write(new byte[1000]);
                    throw refused;
                }));
        assertEquals(refused, thrown);
        assertEquals(List.of(), records.receivedDocuments("P-1"));
        assertEquals(List.of(), files());
    }

    @Test
    public void aReplacedVersionIsRecognisedInEitherOrder() throws Exception {
        records.save("P-1", JEAN);
        records.attach("P-1", INS_C, JEAN);
        receive("P-1", entry("v1", Optional.empty()));
        receive("P-1", entry("v2", Optional.of("v1")));
        assertEquals(Optional.of("v2"), records.received("v1").orElseThrow().replacedBy());
        assertEquals(Optional.of("v1"), records.received("v2").orElseThrow().replaces());

        receive("P-1", entry("w2", Optional.of("w1")));
        receive("P-1", entry("w1", Optional.empty()));
        assertEquals(Optional.of("w2"), records.received("w1").orElseThrow().replacedBy());
        assertEquals(Optional.empty(), records.received("w2").orElseThrow().replacedBy());
    }

    @Test
    public void twoTransfersOfOneDocumentAtOnceReceiveItOnce() throws Exception {
        records.save("P-1", JEAN);
        records.attach("P-1", INS_C, JEAN);
        int rounds = 20;
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < rounds; round++) {
                DocumentEntry entry = entry("doc-" + round, Optional.empty());
                CountDownLatch bothFetching = new CountDownLatch(2);
                List<Future<Object>> outcomes = new ArrayList<>();
                for (int caller = 0; caller < 2; caller++) {
                    outcomes.add(callers.submit((Callable<Object>) () -> {
                        try {
                            return records.receive("P-1", INS_C, entry, into -> {
                                bothFetching.countDown();
                                awaitTheOther(bothFetching);
                                into.write(1);
                                return 1;
                            });
                        } catch (RecordException e) {
                            return e.problem();
                        }
                    }));
                }
                List<Object> results = new ArrayList<>();
                for (Future<Object> outcome : outcomes) {
                    results.add(outcome.get(10, TimeUnit.SECONDS));
                }
                assertEquals(results.toString(), 1, results.stream().filter(ReceivedDocument.class::isInstance).count());
                assertEquals(results.toString(), 1, results.stream().filter(RecordException.Problem.ALREADY_RECEIVED::equals).count());
            }
        } finally {
            callers.shutdownNow();
        }
        assertEquals(rounds, records.receivedDocuments("P-1").size());
        assertEquals("each loser's file was deleted", rounds, files().size());
    }

    @Test
    public void recordsSurviveAReopen() throws Exception {
        records.save("P-1", JEAN);
        records.attach("P-1", INS_C, JEAN);
        ReceivedDocument received = receive("P-1", entry("1.2.3", Optional.empty()));
        Files.writeString(folder.getRoot().toPath().resolve("records/received/left-by-a-stop.part"), "x");
        records.close();

        records = newService();
        assertEquals(Optional.of(new Patient("P-1", JEAN, Optional.of(INS_C))), records.patient("P-1"));
        assertEquals(List.of(received), records.receivedDocuments("P-1"));
        assertEquals("the body of an unfinished receive is deleted", 1, files().size());
    }

    @Test
    public void theLastSearchOnlyMovesForwardForTheIdentifierSearched() throws Exception {
        records.save("P-1", JEAN);
        records.attach("P-1", INS_C, JEAN);
        assertEquals(Optional.empty(), records.lastSearch("P-1"));
        Instant first = Instant.parse("2026-11-02T09:15:00.250Z");

        records.searched("P-1", INS_C, first);
        assertEquals(Optional.of(first), records.lastSearch("P-1"));
        records.searched("P-1", INS_C, Instant.parse("2026-11-01T08:00:00Z"));
        assertEquals("an earlier search, answered later, is not kept", Optional.of(first), records.lastSearch("P-1"));
        records.searched("P-1", new Ins("0717882253375465310850", InsSystem.INS_C, Ins.Status.COMPUTED),
                Instant.parse("2026-11-03T08:00:00Z"));
        assertEquals("a search with an identifier he no longer holds is not his", Optional.of(first), records.lastSearch("P-1"));
        Instant later = Instant.parse("2026-11-04T10:00:00Z");
        records.searched("P-1", INS_C, later);
        assertEquals(Optional.of(later), records.lastSearch("P-1"));
        records.searched("nobody", INS_C, later);
        assertEquals(Optional.empty(), records.lastSearch("nobody"));
    }

    @Test
    public void anotherIdentifierForgetsTheLastSearchAndTheSameOneKeepsIt() throws Exception {
        records.save("P-1", JEAN);
        records.attach("P-1", INS_C, JEAN);
        Instant searched = Instant.parse("2026-11-02T09:15:00Z");
        records.searched("P-1", INS_C, searched);

        records.attach("P-1", INS_C, JEAN);
        assertEquals(Optional.of(searched), records.lastSearch("P-1"));
        Ins other = new Ins("0717882253375465310850", InsSystem.INS_C, Ins.Status.COMPUTED);
        records.attach("P-1", other, JEAN);
        assertEquals(Optional.empty(), records.lastSearch("P-1"));
    }

    @Test
    public void anIdentityIsQualifiedByAnInsFromInsiAndADocumentInEitherOrder() throws Exception {
        Ins retrieved = new Ins("150081505104018", InsSystem.INS_NIR_DEMO, Ins.Status.RETRIEVED);
        Ins qualified = new Ins("150081505104018", InsSystem.INS_NIR_DEMO, Ins.Status.QUALIFIED);
        records.save("P-1", JEAN);
        assertEquals(Ins.Status.PROVISIONAL, records.patient("P-1").orElseThrow().identityStatus());
        assertEquals(Ins.Status.RETRIEVED, records.attach("P-1", retrieved, JEAN).identityStatus());
        Patient checked = records.validate("P-1", IdentityDocument.PASSPORT, JEAN);
        assertEquals(new Patient("P-1", JEAN, Optional.of(qualified), Optional.of(IdentityDocument.PASSPORT)), checked);
        assertEquals(Ins.Status.QUALIFIED, checked.identityStatus());

        records.save("P-2", JEAN);
        Patient validated = records.validate("P-2", IdentityDocument.IDENTITY_CARD, JEAN);
        assertEquals("checked on a document without an INS", Ins.Status.VALIDATED, validated.identityStatus());
        assertEquals("an INS from INSi then is qualified at once", Optional.of(qualified),
                records.attach("P-2", retrieved, JEAN).identifier());
        Ins typed = new Ins("150081505104018", InsSystem.INS_NIR, Ins.Status.PROVISIONAL);
        assertEquals("a typed INS on a checked identity is validated, not qualified", Ins.Status.VALIDATED,
                records.attach("P-2", typed, JEAN).identifier().orElseThrow().status());
        records.attach("P-2", INS_C, JEAN);
        assertEquals("an INS-C says nothing of the identity: the document does", Ins.Status.VALIDATED,
                records.patient("P-2").orElseThrow().identityStatus());
    }

    @Test
    public void anIdentifierAnotherPatientHoldsIsNotGivenUnlessHeldIsAllowed() throws Exception {
        Ins retrieved = new Ins("150081505104018", InsSystem.INS_NIR_DEMO, Ins.Status.RETRIEVED);
        records.save("P-1", JEAN);
        records.save("P-2", JEAN);
        assertEquals(Optional.of(Ins.Status.RETRIEVED), records.attachUnlessHeld("P-1", retrieved, JEAN)
                .flatMap(Patient::identifier).map(Ins::status));
        assertEquals("held by P-1: nothing given", Optional.empty(), records.attachUnlessHeld("P-2", retrieved, JEAN));
        assertEquals(Optional.empty(), records.patient("P-2").orElseThrow().identifier());
        assertEquals("the same patient again", Optional.of(retrieved), records.attachUnlessHeld("P-1", retrieved, JEAN)
                .flatMap(Patient::identifier));
        Patient.Traits other = new Patient.Traits("Dupont", "Jacques", LocalDate.of(1950, 8, 1), Sex.MALE);
        assertEquals(RecordException.Problem.CHANGED, assertThrows(RecordException.class,
                () -> records.attachUnlessHeld("P-2", new Ins("255069999999934", InsSystem.INS_NIR_DEMO, Ins.Status.RETRIEVED),
                        other)).problem());
    }

    @Test
    public void onlyTheRecordsDocumentCheckMakesAnInsValidatedOrQualified() throws Exception {
        records.save("P-1", JEAN);
        Ins claimed = new Ins("150081505104018", InsSystem.INS_NIR_DEMO, Ins.Status.QUALIFIED);
        assertEquals("qualified without a document kept: retrieved", Ins.Status.RETRIEVED,
                records.attach("P-1", claimed, JEAN).identifier().orElseThrow().status());
        Ins validated = new Ins("150081505104018", InsSystem.INS_NIR, Ins.Status.VALIDATED);
        assertEquals("validated without a document kept: provisional", Ins.Status.PROVISIONAL,
                records.attach("P-1", validated, JEAN).identifier().orElseThrow().status());
        records.attach("P-1", new Ins("150081505104018", InsSystem.INS_NIR, Ins.Status.PROVISIONAL), JEAN);
        Patient.Traits renamed = new Patient.Traits("Dupont", "Jean-Louis", LocalDate.of(1950, 8, 1), Sex.MALE);
        records.validate("P-1", IdentityDocument.IDENTITY_CARD, JEAN);
        assertEquals("validated, then new traits: provisional", Ins.Status.PROVISIONAL,
                records.save("P-1", renamed).identityStatus());
    }

    @Test
    public void newTraitsUndoTheDocumentCheckAndAStaleCheckChangesNothing() throws Exception {
        Ins retrieved = new Ins("150081505104018", InsSystem.INS_NIR_DEMO, Ins.Status.RETRIEVED);
        records.save("P-1", JEAN);
        records.attach("P-1", retrieved, JEAN);
        records.validate("P-1", IdentityDocument.PASSPORT, JEAN);
        Patient.Traits renamed = new Patient.Traits("Dupont-Martin", "Jean", LocalDate.of(1950, 8, 1), Sex.MALE);
        Patient saved = records.save("P-1", renamed);
        assertEquals(Optional.empty(), saved.identityDocument());
        assertEquals("an INS INSi gave for other traits is provisional until looked up again",
                Optional.of(new Ins("150081505104018", InsSystem.INS_NIR_DEMO, Ins.Status.PROVISIONAL)), saved.identifier());
        assertEquals(Ins.Status.PROVISIONAL, saved.identityStatus());
        assertEquals(saved, records.save("P-1", renamed));
        RecordException stale = assertThrows(RecordException.class, () -> records.validate("P-1", IdentityDocument.PASSPORT, JEAN));
        assertEquals(RecordException.Problem.CHANGED, stale.problem());
        assertEquals("nothing changed", saved, records.patient("P-1").orElseThrow());
        assertEquals(RecordException.Problem.UNKNOWN_PATIENT,
                assertThrows(RecordException.class, () -> records.validate("P-9", IdentityDocument.PASSPORT, JEAN)).problem());
    }

    @Test
    public void aDatabaseOfThePreviousVersionGainsTheLastSearchAndKeepsItsPatients() throws Exception {
        Path former = folder.getRoot().toPath().resolve("former");
        Files.createDirectories(former);
        try (Connection connection = new Driver().connect("jdbc:h2:file:" + former.resolve("records").toAbsolutePath(), credentials());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE patient (local_id VARCHAR(64) PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                    + " name_key VARCHAR(100) NOT NULL, first_name VARCHAR(100) NOT NULL, birth_date DATE NOT NULL,"
                    + " sex VARCHAR(8) NOT NULL, ins VARCHAR(32), ins_system VARCHAR(16), ins_status VARCHAR(16))");
            statement.execute("INSERT INTO patient VALUES ('P-1', 'Dupont', 'DUPONT', 'Jean', DATE '1950-08-01', 'MALE',"
                    + " '1541187387477485562488', 'INS_C', 'COMPUTED')");
        }
        Instant searched = Instant.parse("2026-11-02T09:15:00Z");
        RecordService upgraded = newService(former);
        try {
            assertEquals(Optional.of(new Patient("P-1", JEAN, Optional.of(INS_C))), upgraded.patient("P-1"));
            assertEquals(Optional.empty(), upgraded.lastSearch("P-1"));
            upgraded.searched("P-1", INS_C, searched);
        } finally {
            upgraded.close();
        }
        RecordService reopened = newService(former);
        try {
            assertEquals(Optional.of(searched), reopened.lastSearch("P-1"));
        } finally {
            reopened.close();
        }
    }

    private static Properties credentials() {
        Properties credentials = new Properties();
        credentials.setProperty("user", "sa");
        credentials.setProperty("password", "");
        return credentials;
    }

    private ReceivedDocument receive(String patientId, DocumentEntry entry) throws RecordException, ConnectorException {
        return records.receive(patientId, INS_C, entry, into -> {
            into.write('x');
            return 1;
        });
    }

    /** Both callers write their body at once, so that both reach the database's unique constraint. */
    private static void awaitTheOther(CountDownLatch both) throws InterruptedIOException {
        try {
            both.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new InterruptedIOException();
        }
    }

    private static long fail() {
        throw new AssertionError("the body is not fetched");
    }

    private static Deposit deposit(long id, DepositState state) {
        return new Deposit(id, "2.25." + id, INS_C.value(), "Lettre", Category.CONSULTATION, 10, state, 0,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), Optional.empty(), Optional.empty(), "", Optional.empty());
    }

    private static DocumentEntry entry(String uniqueId, Optional<String> replaces) {
        return new DocumentEntry(uniqueId, "Consultation", "", "11488-4", "urn:ihe:iti:xds-sd:text:2008", Set.of(),
                DocumentStatus.APPROVED, "GENE ALAIN", "Médecin", Optional.empty(), Optional.empty(),
                Instant.parse("2026-03-01T09:00:00Z"), Instant.parse("2026-03-01T09:05:00Z"), replaces);
    }

    private Path onlyFile() throws IOException {
        List<Path> files = files();
        assertEquals(files.toString(), 1, files.size());
        return files.get(0);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(folder.getRoot().toPath().resolve("records/received"))) {
            return files.toList();
        }
    }

    private static List<String> localIds(List<Patient> patients) {
        return patients.stream().map(Patient::localId).toList();
    }
}
