package com.medialogis.dmp.efficience.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.connector.Access;
import com.medialogis.dmp.connector.AccessMode;
import com.medialogis.dmp.connector.AuthorRole;
import com.medialogis.dmp.connector.Category;
import com.medialogis.dmp.connector.Confidentiality;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DmpEnvironment;
import com.medialogis.dmp.connector.DmpState;
import com.medialogis.dmp.connector.DocumentContent;
import com.medialogis.dmp.connector.DocumentEntry;
import com.medialogis.dmp.connector.DocumentFormat;
import com.medialogis.dmp.connector.DocumentMetadata;
import com.medialogis.dmp.connector.DocumentQuery;
import com.medialogis.dmp.connector.DocumentStatus;
import com.medialogis.dmp.connector.PatientForm;
import com.medialogis.dmp.connector.PracticeSetting;
import com.medialogis.dmp.connector.SessionState;
import com.medialogis.dmp.identity.Beneficiary;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsSystem;
import com.medialogis.dmp.sandbox.internal.DmpSandbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.felix.hc.api.Result;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;


/** The Efficience driver against the DMP sandbox, over real HTTP on loopback. */
public class EfficienceConnectorTest {

    // The sandbox's seeded patients (INS-C of the virtual Vitale card and of two fictitious people).
    private static final Ins AUTHORIZED = insc("1541187387477485562488");
    private static final Ins NOT_AUTHORIZED = insc("0495895458758575630756");
    private static final Ins CLOSED = insc("1212369615611735941658");
    private static final Ins DENIED = insc("1464688430391309708952");
    private static final Ins NOT_FOUND = insc("0505594846430100619097");
    /** CLAIRE, whose DMP holds a document by another professional. */
    private static final Ins TREATED_ELSEWHERE = insc("0717882253375465310850");

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private DmpSandbox sandbox;
    private EfficienceConnector connector;

    @Before
    public void start() throws Exception {
        sandbox = DmpSandbox.start(folder.getRoot().toPath(), new InetSocketAddress("127.0.0.1", 0));
        connector = driver(Duration.ofMillis(500));
        connector.openSession("1234".toCharArray());
    }

    /** A driver whose session id is kept in the test's folder, as in its data folder. */
    private EfficienceConnector driver(Duration timeout) {
        return new EfficienceConnector(URI.create("http://127.0.0.1:" + sandbox.port()), timeout,
                Optional.of(folder.getRoot().toPath().resolve("session")));
    }

    @After
    public void stop() {
        sandbox.close();
    }

    @Test
    public void theServiceReadsTheVitaleCardForTheCardService() throws Exception {
        List<Beneficiary> card = connector.read("DMP simulated reader 1");
        assertEquals(4, card.size());
        assertEquals("as the card bundle reads a card itself", new Beneficiary("MARTIN", "JEAN", "500801", "150081505104018",
                Optional.of("150081505104018"), 0, ""), card.get(0));
        assertEquals("a lunar date as read", "290200", card.get(3).birthDate());
        assertEquals("the child has no NIR of his own", Optional.empty(), card.get(2).ownNir());
        connector.closeSession();
        IOException closed = assertThrows(IOException.class, () -> connector.read("DMP simulated reader 1"));
        assertTrue(closed.getMessage(), closed.getMessage().startsWith("NO_SESSION: no DMP session is open"));
    }

    @Test
    public void theVitaleFieldsAreCheckedAndTheNewerServicesDateGivenAsTheCardWritesIt() throws Exception {
        assertEquals("500801", EfficienceConnector.vitaleDate("01081950", 1));
        assertEquals("290200", EfficienceConnector.vitaleDate("290200", 1));
        IOException yyyymmdd = assertThrows(IOException.class, () -> EfficienceConnector.vitaleDate("19500801", 2));
        assertEquals("hl_readVitaleCard: Patients[1].s_birthday is neither YYMMDD nor DDMMYYYY", yyyymmdd.getMessage());
        assertThrows(IOException.class, () -> EfficienceConnector.vitaleDate("50-08-01", 1));
        assertEquals("150081505104018", EfficienceConnector.nir("1500815051040 18", "s_nir", 1));
        assertEquals("2A08150510401", EfficienceConnector.nir("2A08150510401", "s_nir", 1));
        assertThrows(IOException.class, () -> EfficienceConnector.nir("15008150510401999", "s_nir", 1));
        assertThrows(IOException.class, () -> EfficienceConnector.nir("1500815051040 1", "s_nir", 1));
    }

    @Test
    public void everyDmpStateOfTheSeedIsMapped() throws Exception {
        assertEquals(DmpState.AUTHORIZED, connector.status(AUTHORIZED).state());
        assertEquals(DmpState.NOT_AUTHORIZED, connector.status(NOT_AUTHORIZED).state());
        assertEquals(DmpState.DENIED, connector.status(DENIED).state());
        assertEquals(DmpState.NOT_FOUND, connector.status(NOT_FOUND).state());
        assertEquals(DmpState.CLOSED, connector.status(CLOSED).state());
        assertEquals(Optional.of(LocalDate.of(2024, 6, 30)), connector.status(CLOSED).closedOn());
    }

    @Test
    public void wrongPinFailsPermanentlyAndIsWiped() throws Exception {
        EfficienceConnector other = new EfficienceConnector(URI.create("http://127.0.0.1:" + sandbox.port()), Duration.ofSeconds(2),
                Optional.empty());
        char[] pin = "0000".toCharArray();
        ConnectorException e = assertThrows(ConnectorException.class, () -> other.openSession(pin));
        assertEquals(ConnectorException.Kind.PERMANENT, e.kind());
        assertEquals("ApiErrors, whose codes are not published", "API_1_0", e.dmpCode());
        assertTrue(e.getMessage(), e.getMessage().endsWith("hl_createDmpConnector failed: wrong CPS PIN, 2 tries left (CPS_WRONG_PIN)"));
        assertArrayEquals(new char[4], pin);
        assertEquals(SessionState.State.CLOSED, other.session().state());
        ConnectorException noSession = assertThrows(ConnectorException.class, () -> other.status(AUTHORIZED));
        assertTrue(noSession.isTransient());
        assertEquals("NO_SESSION", noSession.dmpCode());
    }

    @Test
    public void aNewBuildOfTheDriverResumesTheOpenSession() throws Exception {
        Path kept = folder.getRoot().toPath().resolve("session");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
        EfficienceConnector next = driver(Duration.ofMillis(500));
        assertEquals(SessionState.State.OPEN, next.session().state());
        assertEquals(DmpState.AUTHORIZED, next.status(AUTHORIZED).state());
        next.closeSession();
        assertFalse(Files.exists(kept));
        assertEquals(SessionState.State.CLOSED, driver(Duration.ofMillis(500)).session().state());
    }

    @Test
    public void aSessionTheServiceForgotIsClosedAndSaysSo() throws Exception {
        int port = sandbox.port();
        sandbox.close();
        sandbox = DmpSandbox.start(folder.getRoot().toPath(), new InetSocketAddress("127.0.0.1", port));
        ConnectorException e = assertThrows(ConnectorException.class, () -> connector.status(AUTHORIZED));
        assertTrue(e.isTransient());
        assertEquals("NO_SESSION", e.dmpCode());
        assertEquals(SessionState.State.CLOSED, connector.session().state());
        assertFalse(Files.exists(folder.getRoot().toPath().resolve("session")));
        connector.openSession("1234".toCharArray());
        assertEquals(DmpState.AUTHORIZED, connector.status(AUTHORIZED).state());
    }

    @Test
    public void creationWithoutConsentIsRefusedBeforeReachingTheDmp() throws Exception {
        long before = sandbox.counts().getOrDefault("hl_createDmp", 0L);
        ConnectorException e = assertThrows(ConnectorException.class, () -> connector.create(NOT_FOUND, form(false)));
        assertEquals("CONSENT_REQUIRED", e.dmpCode());
        assertEquals(before, (long) sandbox.counts().getOrDefault("hl_createDmp", 0L));
        connector.create(NOT_FOUND, form(true));
        assertEquals(DmpState.AUTHORIZED, connector.status(NOT_FOUND).state());
    }

    @Test
    public void aLegalRepresentativeIsNeverStatedAbsentNorSentWithoutHisRoleAndCivilStatus() throws Exception {
        PatientForm withRepresentative = new PatientForm(Optional.of(PatientForm.Civility.M), "PAUL", "PAUL", LocalDate.of(2015, 3, 15),
                PatientForm.Sex.MALE, Optional.empty(), false, Optional.empty(), false, Optional.of("PAUL Pierre"), true, true, true);
        ConnectorException refused = assertThrows(ConnectorException.class, () -> connector.create(NOT_FOUND, withRepresentative));
        assertEquals("LEGAL_REPRESENTATIVE_NOT_SENT", refused.dmpCode());
        assertEquals("nothing reached the DMP", Long.valueOf(0), sandbox.counts().getOrDefault("hl_createDmp", 0L));
    }

    @Test
    public void closedDmpIsReactivatedAndAuthorizationsChange() throws Exception {
        connector.reactivate(CLOSED, form(true));
        assertEquals(DmpState.AUTHORIZED, connector.status(CLOSED).state());
        connector.authorize(NOT_AUTHORIZED, true);
        assertEquals(DmpState.AUTHORIZED, connector.status(NOT_AUTHORIZED).state());
        connector.authorize(NOT_AUTHORIZED, false);
        assertEquals(DmpState.NOT_AUTHORIZED, connector.status(NOT_AUTHORIZED).state());
        ConnectorException denied = assertThrows(ConnectorException.class, () -> connector.authorize(DENIED, true));
        assertEquals(ConnectorException.Kind.PERMANENT, denied.kind());
        assertEquals("DMPErrors, whose codes are not published", "API_2_0", denied.dmpCode());
        assertTrue(denied.getMessage(), denied.getMessage().endsWith("(DMP_ACCESS_DENIED)"));
    }

    @Test
    public void depositedDocumentGetsTheDmpsUniqueIdAndIsFoundWithItsMetadataAndReadBack() throws Exception {
        DocumentContent letter = DocumentContent.of("Cher confrère".getBytes(StandardCharsets.UTF_8));
        String uniqueId = connector.deposit(AUTHORIZED, metadata("Courrier", Set.of(Confidentiality.MASQUE_PS)), letter).uniqueId();
        assertTrue(uniqueId, uniqueId.startsWith("2.25."));
        List<DocumentEntry> found = connector.find(AUTHORIZED, DocumentQuery.ALL);
        assertEquals(1, found.size());
        DocumentEntry entry = found.get(0);
        assertEquals(uniqueId, entry.uniqueId());
        assertEquals("Courrier", entry.title());
        assertEquals(Optional.of(Category.CONSULTATION), entry.category());
        assertEquals(DocumentFormat.TEXT.formatCode(), entry.formatCode());
        assertEquals(Set.of(Confidentiality.MASQUE_PS), entry.confidentiality());
        assertEquals(DocumentStatus.APPROVED, entry.status());
        assertEquals("the virtual CPS's national id", "899700000001", entry.author());
        assertEquals("10", entry.profession());
        assertTrue("deposited just now: " + entry.deposited(),
                Duration.between(entry.deposited(), Instant.now()).abs().compareTo(Duration.ofMinutes(1)) < 0);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        assertEquals(letter.size(), connector.retrieve(AUTHORIZED, uniqueId, read));
        assertArrayEquals("Cher confrère".getBytes(StandardCharsets.UTF_8), read.toByteArray());
        assertFalse("a second deposit is a document of its own",
                uniqueId.equals(connector.deposit(AUTHORIZED, metadata("Courrier", Set.of()), letter).uniqueId()));
    }

    @Test
    public void itsAuthorChangesWhoSeesADocumentArchivesItBringsItBackAndDeletesIt() throws Exception {
        String uniqueId = connector.deposit(AUTHORIZED, metadata("Courrier", Set.of()), DocumentContent.of(new byte[] {1})).uniqueId();
        connector.changeVisibility(AUTHORIZED, uniqueId, Set.of(Confidentiality.INVISIBLE_PATIENT,
                Confidentiality.INVISIBLE_REPRESENTANTS_LEGAUX));
        assertEquals(Set.of(Confidentiality.INVISIBLE_PATIENT, Confidentiality.INVISIBLE_REPRESENTANTS_LEGAUX),
                only(connector.find(AUTHORIZED, DocumentQuery.ALL)).confidentiality());

        connector.archive(AUTHORIZED, uniqueId, true);
        assertEquals("an archived document is listed only when asked for", List.of(), connector.find(AUTHORIZED, DocumentQuery.ALL));
        assertEquals(DocumentStatus.ARCHIVED, only(connector.find(AUTHORIZED, query(DocumentQuery.EVERY_STATUS))).status());
        connector.archive(AUTHORIZED, uniqueId, true);
        assertEquals("archiving an archived document leaves it archived", DocumentStatus.ARCHIVED,
                only(connector.find(AUTHORIZED, query(DocumentQuery.EVERY_STATUS))).status());
        assertEquals("and sends nothing", Long.valueOf(1), sandbox.counts().get("hl_updateDocumentStatusByUniqueId"));
        connector.changeVisibility(AUTHORIZED, uniqueId, Set.of());
        assertEquals("an archived document is named by its UUID too, which the driver sends", Set.of(),
                only(connector.find(AUTHORIZED, query(DocumentQuery.EVERY_STATUS))).confidentiality());

        connector.archive(AUTHORIZED, uniqueId, false);
        assertEquals(DocumentStatus.APPROVED, only(connector.find(AUTHORIZED, DocumentQuery.ALL)).status());

        connector.delete(AUTHORIZED, uniqueId);
        assertEquals(List.of(), connector.find(AUTHORIZED, query(DocumentQuery.EVERY_STATUS)));
        ConnectorException gone = assertThrows(ConnectorException.class, () -> connector.retrieve(AUTHORIZED, uniqueId,
                new ByteArrayOutputStream()));
        assertTrue(gone.getMessage(), gone.getMessage().endsWith("(XDS_DOCUMENT_NOT_FOUND)"));
    }

    @Test
    public void aNewVersionReplacesTheDocumentWhichIsNoLongerCurrent() throws Exception {
        String first = connector.deposit(AUTHORIZED, metadata("Courrier", Set.of()), DocumentContent.of(new byte[] {1})).uniqueId();
        String second = connector.deposit(AUTHORIZED, replacing(first), DocumentContent.of(new byte[] {2})).uniqueId();
        assertEquals(second, only(connector.find(AUTHORIZED, DocumentQuery.ALL)).uniqueId());
        DocumentEntry replaced = only(connector.find(AUTHORIZED, query(Set.of(DocumentStatus.DEPRECATED))));
        assertEquals(first, replaced.uniqueId());
        assertEquals(DocumentStatus.DEPRECATED, replaced.status());
        ConnectorException again = assertThrows(ConnectorException.class,
                () -> connector.deposit(AUTHORIZED, replacing(first), DocumentContent.of(new byte[] {3})));
        assertEquals(ConnectorException.Kind.PERMANENT, again.kind());
        assertTrue(again.getMessage(), again.getMessage().endsWith("(DMP_DOCUMENT_REPLACED)"));
        ConnectorException archived = assertThrows(ConnectorException.class, () -> connector.archive(AUTHORIZED, first, true));
        assertTrue(archived.getMessage(), archived.getMessage().endsWith("(DMP_DOCUMENT_REPLACED)"));
    }

    @Test
    public void anotherProfessionalsDocumentIsReadButEveryChangeOfItIsRefusedPermanently() throws Exception {
        DocumentEntry theirs = only(connector.find(TREATED_ELSEWHERE, DocumentQuery.ALL));
        assertEquals("810100000002", theirs.author());
        String uniqueId = theirs.uniqueId();
        List<ConnectorException> refusals = List.of(
                assertThrows(ConnectorException.class, () -> connector.changeVisibility(TREATED_ELSEWHERE, uniqueId,
                        Set.of(Confidentiality.INVISIBLE_PATIENT))),
                assertThrows(ConnectorException.class, () -> connector.archive(TREATED_ELSEWHERE, uniqueId, true)),
                assertThrows(ConnectorException.class, () -> connector.delete(TREATED_ELSEWHERE, uniqueId)),
                assertThrows(ConnectorException.class, () -> connector.deposit(TREATED_ELSEWHERE, replacing(uniqueId),
                        DocumentContent.of(new byte[] {1}))));
        for (ConnectorException refusal : refusals) {
            assertEquals(refusal.getMessage(), ConnectorException.Kind.PERMANENT, refusal.kind());
            assertEquals("API_2_0", refusal.dmpCode());
            assertTrue(refusal.getMessage(), refusal.getMessage().endsWith(": only its author may change a document, and this one"
                    + " is another professional's (DMP_NOT_AUTHOR)"));
        }
        assertEquals("unchanged", theirs, only(connector.find(TREATED_ELSEWHERE, query(DocumentQuery.EVERY_STATUS))));
    }

    @Test
    public void anUnknownDocumentAndAVisibilityTheDmpDoesNotCombineAreRefused() throws Exception {
        String uniqueId = connector.deposit(AUTHORIZED, metadata("Courrier", Set.of()), DocumentContent.of(new byte[] {1})).uniqueId();
        ConnectorException masked = assertThrows(ConnectorException.class, () -> connector.changeVisibility(AUTHORIZED, uniqueId,
                Set.of(Confidentiality.MASQUE_PS, Confidentiality.INVISIBLE_PATIENT)));
        assertEquals("INVALID_VISIBILITY", masked.dmpCode());
        assertEquals(ConnectorException.Kind.PERMANENT, masked.kind());
        assertEquals("refused before the DMP is asked", null, sandbox.counts().get("hl_updateDocumentVisibilityByUniqueId"));
        connector.changeVisibility(AUTHORIZED, uniqueId, Set.of(Confidentiality.MASQUE_PS));
        assertEquals(Set.of(Confidentiality.MASQUE_PS), only(connector.find(AUTHORIZED, DocumentQuery.ALL)).confidentiality());

        for (ConnectorException unknown : List.of(
                assertThrows(ConnectorException.class, () -> connector.changeVisibility(AUTHORIZED, "2.25.1", Set.of())),
                assertThrows(ConnectorException.class, () -> connector.archive(AUTHORIZED, "2.25.1", true)),
                assertThrows("another patient's document is not his", ConnectorException.class,
                        () -> connector.archive(TREATED_ELSEWHERE, uniqueId, true)))) {
            assertEquals(ConnectorException.DOCUMENT_NOT_FOUND, unknown.dmpCode());
            assertEquals(ConnectorException.Kind.PERMANENT, unknown.kind());
        }
        ConnectorException deleted = assertThrows(ConnectorException.class, () -> connector.delete(AUTHORIZED, "2.25.1"));
        assertEquals(ConnectorException.Kind.PERMANENT, deleted.kind());
        assertTrue(deleted.getMessage(), deleted.getMessage().endsWith("(XDS_DOCUMENT_NOT_FOUND)"));
        ConnectorException unauthorized = assertThrows(ConnectorException.class, () -> connector.delete(NOT_AUTHORIZED, uniqueId));
        assertTrue(unauthorized.getMessage(), unauthorized.getMessage().endsWith("(DMP_NOT_AUTHORIZED)"));
        connector.closeSession();
        ConnectorException noSession = assertThrows(ConnectorException.class, () -> connector.delete(AUTHORIZED, uniqueId));
        assertEquals(ConnectorException.NO_SESSION, noSession.dmpCode());
        assertTrue(noSession.isTransient());
    }

    @Test
    public void aDocumentOfTheLargestSizeGoesBothWaysAsAStreamInASmallHeap() throws Exception {
        Path file = folder.newFile("scan.pdf").toPath();
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        Random random = new Random(11);
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), written)) {
            for (int i = 0; i < DocumentContent.DEFAULT_LARGEST / block.length; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        String uniqueId = connector.deposit(AUTHORIZED, metadata("Radio", Set.of()), DocumentContent.of(file)).uniqueId();
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        assertEquals(DocumentContent.DEFAULT_LARGEST, connector.retrieve(AUTHORIZED, uniqueId,
                new DigestOutputStream(OutputStream.nullOutputStream(), read)));
        assertArrayEquals(written.digest(), read.digest());
    }

    @Test
    public void aDocumentThatCannotBeReadFailsPermanentlyAndNothingReachesTheDmp() throws Exception {
        DocumentContent unreadable = new DocumentContent() {
            @Override
            public long size() {
                return 100_000;
            }

            @Override
            public InputStream open() {
                return new InputStream() {
                    private int left = 50_000;

                    @Override
                    public int read() throws IOException {
                        if (left-- <= 0) {
                            throw new IOException("disk error");
                        }
                        return 'x';
                    }
                };
            }
        };
        ConnectorException e = assertThrows(ConnectorException.class,
                () -> connector.deposit(AUTHORIZED, metadata("Illisible", Set.of()), unreadable));
        assertEquals(e.getMessage(), ConnectorException.Kind.PERMANENT, e.kind());
        assertEquals("UNREADABLE_CONTENT", e.dmpCode());
        assertTrue(e.getMessage(), e.getMessage().endsWith("disk error"));
        assertEquals("the seed's document only", 1, sandbox.documents());

        Path file = Files.writeString(folder.newFile("changed.txt").toPath(), "Compte rendu");
        DocumentContent checked = DocumentContent.of(file);
        Files.writeString(file, "Compte rendu, corrigé");
        ConnectorException changed = assertThrows(ConnectorException.class,
                () -> connector.deposit(AUTHORIZED, metadata("Changée", Set.of()), checked));
        assertEquals("UNREADABLE_CONTENT", changed.dmpCode());
        assertEquals("the seed's document only", 1, sandbox.documents());
    }

    @Test
    public void openingASessionClosesTheOneOpenBefore() throws Exception {
        String first = Files.readString(folder.getRoot().toPath().resolve("session"));
        connector.openSession("1234".toCharArray());
        String second = Files.readString(folder.getRoot().toPath().resolve("session"));
        assertFalse(first.equals(second));
        assertEquals(Long.valueOf(1), sandbox.counts().get("hl_closeSession"));
        assertEquals(DmpState.AUTHORIZED, connector.status(AUTHORIZED).state());
    }

    @Test
    public void theSandboxIsKnownForASimulationAndItsHealthCheckSaysDemo() {
        assertEquals(DmpEnvironment.SIMULATED, connector.environment());
        Result demo = connector.execute();
        assertEquals(demo.toString(), Result.Status.WARN, demo.getStatus());
        assertTrue(demo.toString(), demo.toString().contains("DEMO: the DMP answering at http://127.0.0.1:" + sandbox.port()
                + " is the DMP sandbox, a simulation"));
        sandbox.close();
        Result gone = connector.execute();
        assertEquals(gone.toString(), Result.Status.CRITICAL, gone.getStatus());
        assertTrue(gone.toString(), gone.toString().contains("nothing answers at http://127.0.0.1:" + sandbox.port()));
        assertEquals("a service that cannot be asked is never taken for the national DMP", DmpEnvironment.UNKNOWN,
                connector.environment());
    }

    @Test
    public void findFiltersByCategory() throws Exception {
        connector.deposit(AUTHORIZED, metadata("Courrier", Set.of()), DocumentContent.of(new byte[] {1}));
        assertEquals(List.of(), connector.find(AUTHORIZED, new DocumentQuery(Set.of(Category.IMAGING),
                Optional.empty(), Optional.empty(), Set.of())));
        assertEquals(1, connector.find(AUTHORIZED, new DocumentQuery(Set.of(Category.CONSULTATION),
                Optional.empty(), Optional.empty(), Set.of())).size());
    }

    @Test
    public void emergencyAccessOpensADeniedDmp() throws Exception {
        assertThrows(ConnectorException.class, () -> connector.deposit(DENIED, metadata("Urgence", Set.of()), DocumentContent.of(new byte[] {1})));
        connector.access(DENIED, new Access(AccessMode.BRIS_DE_GLACE, "unconscious patient"));
        connector.deposit(DENIED, metadata("Urgence", Set.of()), DocumentContent.of(new byte[] {1}));
        assertEquals(1, connector.find(DENIED, DocumentQuery.ALL).size());
        assertThrows("another patient's DMP is opened in normal access", ConnectorException.class,
                () -> connector.deposit(NOT_AUTHORIZED, metadata("Pas d'urgence", Set.of()), DocumentContent.of(new byte[] {1})));
        connector.access(DENIED, new Access(AccessMode.NORMAL, ""));
        assertThrows("the access mode is the session's until set back", ConnectorException.class,
                () -> connector.find(DENIED, DocumentQuery.ALL));
    }

    @Test
    public void injectedErrorsKeepTheirKind() {
        sandbox.faults(0, 1, 0);
        ConnectorException transientError = assertThrows(ConnectorException.class, () -> connector.status(AUTHORIZED));
        assertTrue(transientError.isTransient());
        sandbox.faults(0, 0, 1);
        ConnectorException permanent = assertThrows(ConnectorException.class, () -> connector.status(AUTHORIZED));
        assertEquals(ConnectorException.Kind.PERMANENT, permanent.kind());
        assertTrue(permanent.getMessage(), permanent.getMessage().endsWith("(INJECTED_REFUSAL)"));
    }

    @Test
    public void slowOrAbsentServiceIsATransientFailure() {
        sandbox.faults(3_000, 0, 0);
        ConnectorException slow = assertThrows(ConnectorException.class, () -> connector.status(AUTHORIZED));
        assertTrue(slow.getMessage(), slow.isTransient());
        sandbox.close();
        ConnectorException down = assertThrows(ConnectorException.class, () -> connector.status(AUTHORIZED));
        assertTrue(down.isTransient());
        assertEquals("UNREACHABLE", down.dmpCode());
    }

    @Test
    public void severalCallsRunAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<DmpState>> states = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                states.add(pool.submit(() -> connector.status(AUTHORIZED).state()));
            }
            for (Future<DmpState> state : states) {
                assertEquals(DmpState.AUTHORIZED, state.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    static PatientForm form(boolean consent) {
        return new PatientForm(Optional.of(PatientForm.Civility.M), "PAUL", "PAUL", LocalDate.of(1965, 3, 15),
                PatientForm.Sex.MALE, Optional.empty(), false, Optional.empty(), false, Optional.empty(), true, true, consent);
    }

    private static DocumentMetadata metadata(String title, Set<Confidentiality> confidentiality) {
        return new DocumentMetadata(title, "", Category.CONSULTATION, DocumentFormat.TEXT,
                AuthorRole.ACTEUR, PracticeSetting.AMBULATOIRE, confidentiality, Optional.empty());
    }

    private static DocumentMetadata replacing(String uniqueId) {
        return new DocumentMetadata("Courrier, version corrigée", "", Category.CONSULTATION, DocumentFormat.TEXT,
                AuthorRole.ACTEUR, PracticeSetting.AMBULATOIRE, Set.of(), Optional.of(uniqueId));
    }

    private static DocumentQuery query(Set<DocumentStatus> statuses) {
        return new DocumentQuery(Set.of(), Optional.empty(), Optional.empty(), statuses);
    }

    /** @return the one document found */
    private static DocumentEntry only(List<DocumentEntry> found) {
        assertEquals(found.toString(), 1, found.size());
        return found.get(0);
    }

    private static Ins insc(String value) {
        return new Ins(value, InsSystem.INS_C, Ins.Status.COMPUTED);
    }
}
