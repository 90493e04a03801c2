package com.medialogis.dmp.queue.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.connector.AuthorRole;
import com.medialogis.dmp.connector.Category;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DepositReceipt;
import com.medialogis.dmp.connector.DmpConnector;
import com.medialogis.dmp.connector.DocumentContent;
import com.medialogis.dmp.connector.DocumentEntry;
import com.medialogis.dmp.connector.DocumentFormat;
import com.medialogis.dmp.connector.DocumentMetadata;
import com.medialogis.dmp.connector.DocumentQuery;
import com.medialogis.dmp.connector.DocumentStatus;
import com.medialogis.dmp.connector.PracticeSetting;
import com.medialogis.dmp.efficience.internal.EfficienceConnector;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsSystem;
import com.medialogis.dmp.queue.Deposit;
import com.medialogis.dmp.queue.DepositEvent;
import com.medialogis.dmp.queue.DepositRequest;
import com.medialogis.dmp.queue.DepositState;
import com.medialogis.dmp.queue.QueueException.Problem;
import com.medialogis.dmp.queue.QueueException;
import com.medialogis.dmp.sandbox.internal.DmpSandbox;
import com.medialogis.dmp.support.ids.Oids;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.aries.tx.control.jdbc.common.impl.ResourceTrackingJDBCConnectionProviderFactory;
import org.apache.aries.tx.control.jdbc.local.impl.JDBCConnectionProviderFactoryImpl;
import org.apache.aries.tx.control.service.local.impl.TransactionControlImpl;
import org.apache.felix.hc.api.Result;
import org.h2.Driver;
import org.h2.util.OsgiDataSourceFactory;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The queue on its real storage (H2 through Aries Transaction Control, as in the container) and
 * the Efficience driver against the sandbox, counting what the DMP received.
 */
public class QueueServiceTest {

    private static final Ins AUTHORIZED = new Ins("1541187387477485562488", InsSystem.INS_C, Ins.Status.COMPUTED);
    private static final Ins NOT_FOUND = new Ins("0505594846430100619097", InsSystem.INS_C, Ins.Status.COMPUTED);
    private static final long LARGEST = 64 * 1024;
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private DmpSandbox sandbox;
    private EfficienceConnector driver;
    private QueueService queue;

    @Before
    public void start() throws Exception {
        sandbox = DmpSandbox.start(folder.newFolder("sandbox").toPath(), new InetSocketAddress("127.0.0.1", 0));
        driver = new EfficienceConnector(URI.create("http://127.0.0.1:" + sandbox.port()), Duration.ofSeconds(5), Optional.empty());
        driver.openSession("1234".toCharArray());
        queue = newQueue();
    }

    @After
    public void stop() throws Exception {
        queue.close();
        sandbox.close();
    }

    private QueueService newQueue() {
        return newQueue(LARGEST);
    }

    private QueueService newQueue(long largest) {
        return new QueueService(new QueueService.Settings(largest, new Backoff(Duration.ofMillis(20), Duration.ofMillis(200)),
                GroupCommit.MOST_WAITING, GroupCommit.ROOM_WAIT), closing -> openDatabase());
    }

    private QueueService.Database openDatabase() throws Exception {
        return QueueService.openH2(folder.getRoot().toPath().resolve("queue"), new TransactionControlImpl(),
                new ResourceTrackingJDBCConnectionProviderFactory(new JDBCConnectionProviderFactoryImpl()),
                new OsgiDataSourceFactory(new Driver()));
    }

    private static DepositRequest letter(Ins ins, String text) {
        return request(Optional.of(ins), "Compte rendu", Category.CONSULTATION, text.getBytes(StandardCharsets.UTF_8));
    }

    private static DepositRequest request(Optional<Ins> ins, String title, Category category, byte[] content) {
        return request(ins, title, category, DocumentContent.of(content));
    }

    private static DepositRequest request(Optional<Ins> ins, String title, Category category, DocumentContent content) {
        return new DepositRequest(ins, title, "", category, DocumentFormat.TEXT, AuthorRole.ACTEUR_PRINCIPAL,
                PracticeSetting.AMBULATOIRE, Set.of(), Optional.empty(), content);
    }

    /** A new version of the document the DMP knows by that unique id. */
    private static DepositRequest replacement(String replaced, String text) {
        return new DepositRequest(Optional.of(AUTHORIZED), "Compte rendu corrigé", "", Category.CONSULTATION, DocumentFormat.TEXT,
                AuthorRole.ACTEUR_PRINCIPAL, PracticeSetting.AMBULATOIRE, Set.of(), Optional.of(replaced),
                DocumentContent.of(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** @return the documents the sandbox holds but its seed's one, another professional's */
    private int deposited() {
        return sandbox.documents() - 1;
    }

    private long sent() {
        return sandbox.counts().getOrDefault("hl_sendDocument", 0L);
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
        assertTrue(what + " within " + DEADLINE, condition.getAsBoolean());
    }

    private long count(DepositState state) {
        try {
            return queue.stats().counts().get(state);
        } catch (QueueException e) {
            throw new AssertionError(e);
        }
    }

    private Problem refusal(DepositRequest request) {
        return assertThrows(QueueException.class, () -> queue.enqueue(request)).problem();
    }

    @Test
    public void whatCannotBeDepositedIsRefusedAtTheDoor() throws Exception {
        byte[] text = "Consultation".getBytes(StandardCharsets.UTF_8);
        assertEquals(Problem.EMPTY_CONTENT, refusal(request(Optional.of(AUTHORIZED), "Vide", Category.CONSULTATION, new byte[0])));
        assertEquals(Problem.TOO_LARGE, refusal(request(Optional.of(AUTHORIZED), "Gros", Category.CONSULTATION, new byte[(int) LARGEST + 1])));
        assertEquals(Problem.NO_IDENTIFIER, refusal(request(Optional.empty(), "Sans INS", Category.CONSULTATION, text)));
        for (Ins.Status notQualified : List.of(Ins.Status.PROVISIONAL, Ins.Status.RETRIEVED, Ins.Status.VALIDATED)) {
            Ins ins = new Ins("150081505104018", InsSystem.INS_NIR, notQualified);
            assertEquals(notQualified + " INS", Problem.IDENTITY_NOT_QUALIFIED,
                    refusal(request(Optional.of(ins), "INS non qualifiée", Category.CONSULTATION, text)));
        }
        assertEquals(Problem.INVALID_REQUEST, refusal(request(Optional.of(AUTHORIZED), " ", Category.CONSULTATION, text)));
        assertEquals(Problem.INVALID_REQUEST, refusal(request(Optional.of(AUTHORIZED), "Sans catégorie", null, text)));
        queue.enqueue(request(Optional.of(AUTHORIZED), "Compte rendu", Category.CONSULTATION, text));
        QueueException unchanged = assertThrows(QueueException.class,
                () -> queue.enqueue(request(Optional.of(AUTHORIZED), "Autre titre", Category.CONSULTATION, text)));
        assertEquals(Problem.UNCHANGED_DOCUMENT, unchanged.problem());
        assertTrue(unchanged.getMessage(), unchanged.getMessage().startsWith("the same document is already deposit #1"));
        queue.enqueue(request(Optional.of(AUTHORIZED), "Même texte, autre catégorie", Category.IMAGING, text));
        queue.enqueue(request(Optional.of(NOT_FOUND), "Même texte, autre patient", Category.CONSULTATION, text));
        queue.enqueue(request(Optional.of(new Ins("255069999999934", InsSystem.INS_NIR_DEMO, Ins.Status.QUALIFIED)),
                "Même texte, INS qualifiée", Category.CONSULTATION, text));
        assertEquals("only the four accepted ones were stored", 4, queue.list(Optional.empty(), 10).size());
    }

    @Test
    public void depositsOfAPatientReachTheDmpOnceInTheOrderTheyWereQueued() throws Exception {
        queue.bindConnector(driver);
        for (int i = 0; i < 20; i++) {
            queue.enqueue(letter(AUTHORIZED, "Lettre " + i));
        }
        await("20 deposits done", () -> count(DepositState.DONE) == 20);
        assertEquals(20, sent());
        assertEquals(20, deposited());
        List<Deposit> done = queue.list(Optional.of(DepositState.DONE), 50);
        for (int i = 1; i < done.size(); i++) {
            assertTrue("sent in order", done.get(i - 1).finished().orElseThrow().compareTo(done.get(i).finished().orElseThrow()) >= 0);
        }
        Deposit first = queue.deposit(1).orElseThrow();
        assertTrue(first.outcome(), first.outcome().startsWith("deposited as " + first.dmpUniqueId().orElseThrow()));
        assertEquals(List.of(DepositState.QUEUED, DepositState.SENDING, DepositState.DONE),
                queue.history(1).stream().map(DepositEvent::state).toList());
    }

    @Test
    public void aNewVersionNamesTheDocumentTheDmpHoldsAndReplacesIt() throws Exception {
        queue.bindConnector(driver);
        Deposit original = queue.enqueue(letter(AUTHORIZED, "Version 1"));
        await("the original deposited", () -> count(DepositState.DONE) == 1);
        String replaced = queue.deposit(original.id()).orElseThrow().dmpUniqueId().orElseThrow();
        Deposit version2 = queue.enqueue(replacement(replaced, "Version 2"));
        await("the new version deposited", () -> count(DepositState.DONE) == 2);
        String current = queue.deposit(version2.id()).orElseThrow().dmpUniqueId().orElseThrow();
        List<DocumentEntry> approved = driver.find(AUTHORIZED, DocumentQuery.ALL);
        assertEquals(List.of(current), approved.stream().map(DocumentEntry::uniqueId).toList());
        assertEquals(List.of(replaced), driver.find(AUTHORIZED, new DocumentQuery(Set.of(), Optional.empty(), Optional.empty(),
                Set.of(DocumentStatus.DEPRECATED))).stream().map(DocumentEntry::uniqueId).toList());

        Deposit again = queue.enqueue(replacement(replaced, "Version 2 bis"));
        await("a second replacement of the same document failed", () -> state(again.id()) == DepositState.FAILED);
        String outcome = queue.deposit(again.id()).orElseThrow().outcome();
        assertTrue(outcome, outcome.contains("(DMP_DOCUMENT_REPLACED)"));
        assertEquals(Problem.INVALID_REQUEST, refusal(replacement("2." + "1".repeat(254), "Trop long")));
        assertEquals(Problem.INVALID_REQUEST, refusal(replacement(" ", "Blanc")));
    }

    @Test
    public void withoutConnectorOrSessionDepositsWaitAndGoWhenTheyCome() throws Exception {
        Deposit queued = queue.enqueue(letter(AUTHORIZED, "En attente"));
        await("the worker waits for a connector", () -> status().equals("waiting for a DMP connector"));
        driver.closeSession();
        queue.bindConnector(driver);
        await("the worker waits for a session", () -> status().startsWith("waiting for a DMP session"));
        assertEquals(0, sent());
        driver.openSession("1234".toCharArray());
        await("the deposit is done", () -> state(queued.id()) == DepositState.DONE);
        assertEquals(1, sent());
    }

    @Test
    public void transientErrorsAreRetriedAndPermanentOnesFailWithTheirReason() throws Exception {
        queue.bindConnector(driver);
        sandbox.faults(0, 1, 0);
        Deposit retried = queue.enqueue(letter(AUTHORIZED, "Réessayée"));
        await("two attempts failed", () -> attempts(retried.id()) >= 2);
        List<DepositEvent> history = queue.history(retried.id());
        assertEquals(DepositState.QUEUED, history.get(2).state());
        assertTrue(history.get(2).detail(), history.get(2).detail().startsWith("attempt 1 failed, next at "));
        assertTrue(history.get(2).detail(), history.get(2).detail().endsWith("(injected fault) [API_3_28]"));
        sandbox.faults(0, 0, 0);
        await("the deposit is done", () -> state(retried.id()) == DepositState.DONE);

        Deposit refused = queue.enqueue(letter(NOT_FOUND, "Patient sans DMP"));
        await("the deposit failed", () -> state(refused.id()) == DepositState.FAILED);
        String reason = queue.deposit(refused.id()).orElseThrow().outcome();
        assertTrue(reason, reason.startsWith("refused by the DMP: ") && reason.endsWith("(DMP_NOT_FOUND) [API_2_0]"));
        assertEquals(1, deposited());
    }

    @Test
    public void underInjectedFaultsEveryTransientOneEndsDoneEveryPermanentOneFailedAndNoneTwice() throws Exception {
        sandbox.faults(0, 0.2, 0.02);
        queue.bindConnector(driver);
        int deposits = 200;
        for (int i = 0; i < deposits; i++) {
            queue.enqueue(letter(AUTHORIZED, "Lettre " + i));
        }
        await("every deposit done or failed", () -> count(DepositState.DONE) + count(DepositState.FAILED) == deposits);
        sandbox.faults(0, 0, 0);
        List<Deposit> all = queue.list(Optional.empty(), deposits);
        List<String> done = all.stream().filter(d -> d.state() == DepositState.DONE).map(d -> d.dmpUniqueId().orElseThrow())
                .sorted().toList();
        for (Deposit failed : all.stream().filter(d -> d.state() == DepositState.FAILED).toList()) {
            assertTrue(failed.outcome(), failed.outcome().endsWith("(injected fault) (INJECTED_REFUSAL) [API_2_0]"));
        }
        List<String> held = driver.find(AUTHORIZED, new DocumentQuery(Set.of(), Optional.empty(), Optional.empty(), Set.of()))
                .stream().map(DocumentEntry::uniqueId).sorted().toList();
        assertEquals("the DMP holds every DONE deposit, each once, and nothing else", done, held);
        long retried = all.stream().filter(d -> d.attempts() > 1).count();
        assertTrue("some deposits needed more than one attempt: " + retried, retried > 0);
        System.out.printf("faults: %d done, %d failed, %d retried; injected %s%n", done.size(), deposits - done.size(),
                retried, sandbox.counts());
    }

    @Test
    public void concurrentEnqueuesAreEachStoredOnce() throws Exception {
        int threads = 8;
        int each = 40;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        List<Future<List<Long>>> ids = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            ids.add(callers.submit(() -> {
                List<Long> mine = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    mine.add(queue.enqueue(letter(AUTHORIZED, "Lettre " + thread + "-" + i)).id());
                }
                return mine;
            }));
        }
        Set<Long> distinct = new HashSet<>();
        for (Future<List<Long>> future : ids) {
            distinct.addAll(future.get());
        }
        callers.shutdown();
        assertEquals(threads * each, distinct.size());
        assertEquals(threads * each, count(DepositState.QUEUED));
    }

    @Test
    public void aFailedDepositIsRetriedByAUserAndAQueuedOneCancelled() throws Exception {
        Deposit cancelled = queue.enqueue(letter(AUTHORIZED, "Annulée"));
        assertEquals(DepositState.CANCELLED, queue.cancel(cancelled.id()).state());
        assertEquals(Problem.WRONG_STATE, assertThrows(QueueException.class, () -> queue.cancel(cancelled.id())).problem());
        assertEquals(Problem.UNKNOWN_DEPOSIT, assertThrows(QueueException.class, () -> queue.retry(999)).problem());

        queue.bindConnector(driver);
        sandbox.faults(0, 0, 1);
        Deposit failed = queue.enqueue(letter(AUTHORIZED, "Refusée puis réessayée"));
        await("the deposit failed", () -> state(failed.id()) == DepositState.FAILED);
        sandbox.faults(0, 0, 0);
        assertEquals(DepositState.QUEUED, queue.retry(failed.id()).state());
        await("the retried deposit is done", () -> state(failed.id()) == DepositState.DONE);
        assertEquals("the cancelled one was never sent", 1, deposited());
        assertTrue(queue.history(failed.id()).stream().anyMatch(event -> event.detail().equals("put back in the queue by a user")));
    }

    @Test
    public void depositNowWaitsForTheDmpsAnswer() throws Exception {
        queue.bindConnector(driver);
        Deposit done = queue.depositNow(letter(AUTHORIZED, "Tout de suite"), Duration.ofSeconds(10));
        assertEquals(DepositState.DONE, done.state());
        queue.unbindConnector(driver);
        Deposit late = queue.depositNow(letter(AUTHORIZED, "Pas de connecteur"), Duration.ofMillis(200));
        assertEquals("still queued when the wait ends", DepositState.QUEUED, late.state());
    }

    /**
     * Stops the queue as if it had died while sending the deposit, after the DMP took a document of
     * its title and category with this text (the deposit's own, or another).
     *
     * @return the unique id the DMP gave that document
     */
    private String interruptedWhileTheDmpTook(Deposit deposit, String text) throws Exception {
        queue.close();
        String dmpUniqueId = driver.deposit(AUTHORIZED, new DocumentMetadata(deposit.title(), "", Category.CONSULTATION,
                DocumentFormat.TEXT, AuthorRole.ACTEUR_PRINCIPAL, PracticeSetting.AMBULATOIRE, Set.of(), Optional.empty()),
                DocumentContent.of(text.getBytes(StandardCharsets.UTF_8))).uniqueId();
        QueueService.Database database = openDatabase();
        database.store().move(deposit.id(), EnumSet.of(DepositState.QUEUED), DepositState.SENDING, OptionalInt.of(1),
                Optional.empty(), Optional.empty(), "attempt 1", Instant.now());
        database.release().close();
        return dmpUniqueId;
    }

    @Test
    public void depositsSurviveARestartAndOneInterruptedWhileSendingIsNotSentTwice() throws Exception {
        Deposit waiting = queue.enqueue(letter(AUTHORIZED, "Avant l'arrêt"));
        Deposit interrupted = queue.enqueue(letter(AUTHORIZED, "Envoyée, réponse perdue"));
        // The DMP took the second one, then the container died before recording it.
        String dmpUniqueId = interruptedWhileTheDmpTook(interrupted, "Envoyée, réponse perdue");

        queue = newQueue();
        queue.bindConnector(driver);
        await("both done", () -> count(DepositState.DONE) == 2);
        assertEquals("one deposit by the test, one by the queue", 2, sent());
        assertEquals(2, deposited());
        assertTrue(queue.deposit(interrupted.id()).orElseThrow().outcome().startsWith("found in the DMP as " + dmpUniqueId));
        assertEquals(Optional.of(dmpUniqueId), queue.deposit(interrupted.id()).orElseThrow().dmpUniqueId());
        assertTrue(queue.deposit(waiting.id()).orElseThrow().outcome().startsWith("deposited as"));
        assertTrue(queue.history(interrupted.id()).stream().anyMatch(event -> event.detail().startsWith("interrupted by a stop")));
    }

    @Test
    public void anInterruptedDepositIsKnownInTheDmpByItsContentNotByItsTitle() throws Exception {
        Deposit interrupted = queue.enqueue(letter(AUTHORIZED, "Version envoyée"));
        // The DMP holds another document of the same title and category, deposited since: not this one.
        String other = interruptedWhileTheDmpTook(interrupted, "Une autre version");

        queue = newQueue();
        queue.bindConnector(driver);
        await("the deposit is done", () -> state(interrupted.id()) == DepositState.DONE);
        Deposit done = queue.deposit(interrupted.id()).orElseThrow();
        assertTrue(done.outcome(), done.outcome().startsWith("deposited as "));
        assertFalse("not taken for the other document", done.dmpUniqueId().orElseThrow().equals(other));
        assertEquals(2, deposited());
        assertEquals("the other document was read back to be compared", Long.valueOf(1),
                sandbox.counts().get("hl_getDocumentContentByUniqueId"));
    }

    @Test
    public void aCancelRacingTheWorkerNeverLetsACancelledDepositReachTheDmpNorShowsASentOneCancelled() throws Exception {
        queue.bindConnector(driver);
        int rounds = 150;
        Map<Long, Boolean> cancelled = new HashMap<>();
        for (int i = 0; i < rounds; i++) {
            Deposit queued = queue.enqueue(letter(AUTHORIZED, "Course " + i));
            try {
                queue.cancel(queued.id());
                cancelled.put(queued.id(), true);
            } catch (QueueException e) {
                assertEquals(e.getMessage(), Problem.WRONG_STATE, e.problem());
                cancelled.put(queued.id(), false);
            }
        }
        await("every deposit done or cancelled", () -> count(DepositState.DONE) + count(DepositState.CANCELLED) == rounds);
        Set<String> held = driver.find(AUTHORIZED, new DocumentQuery(Set.of(), Optional.empty(), Optional.empty(), Set.of()))
                .stream().map(DocumentEntry::uniqueId).collect(Collectors.toSet());
        int cancelWon = 0;
        for (Map.Entry<Long, Boolean> round : cancelled.entrySet()) {
            Deposit deposit = queue.deposit(round.getKey()).orElseThrow();
            boolean inDmp = deposit.dmpUniqueId().filter(held::contains).isPresent();
            if (round.getValue()) {
                cancelWon++;
                assertEquals("#" + deposit.id() + " was cancelled: " + queue.history(deposit.id()), DepositState.CANCELLED, deposit.state());
                assertFalse("cancelled #" + deposit.id() + " reached the DMP", inDmp);
            } else {
                assertEquals(DepositState.DONE, deposit.state());
                assertTrue("#" + deposit.id() + " is DONE and in the DMP", inDmp);
            }
        }
        assertEquals("the DMP holds exactly the deposits not cancelled", rounds - cancelWon, held.size());
        assertTrue("the cancel won some rounds and lost others: " + cancelWon, cancelWon > 0 && cancelWon < rounds);
        System.out.printf("cancel racing the worker: %d of %d cancels won%n", cancelWon, rounds);
    }

    @Test
    public void aContentThatCannotBeReadIsRefusedWithTheReasonAndTheOthersOfItsBatchAreStored() throws Exception {
        DocumentContent failing = new DocumentContent() {
            @Override
            public long size() {
                return 1000;
            }

            @Override
            public InputStream open() {
                return new InputStream() {
                    private int given;

                    @Override
                    public int read() throws IOException {
                        if (given++ >= 500) {
                            throw new IOException("read error on the network share");
                        }
                        return 'a';
                    }
                };
            }
        };
        QueueException unreadable = assertThrows(QueueException.class,
                () -> queue.enqueue(request(Optional.of(AUTHORIZED), "Illisible", Category.CONSULTATION, failing)));
        assertEquals(Problem.UNREADABLE_CONTENT, unreadable.problem());
        assertTrue(unreadable.getMessage(), unreadable.getMessage().endsWith("read error on the network share"));

        Path file = Files.writeString(folder.newFile("lettre.txt").toPath(), "Compte rendu");
        DocumentContent checked = DocumentContent.of(file);
        Files.writeString(file, "Compte rendu, corrigé après coup");
        QueueException changed = assertThrows(QueueException.class,
                () -> queue.enqueue(request(Optional.of(AUTHORIZED), "Modifiée", Category.CONSULTATION, checked)));
        assertEquals(Problem.UNREADABLE_CONTENT, changed.problem());

        assertEquals(DepositState.QUEUED, queue.enqueue(letter(AUTHORIZED, "Lisible")).state());
        assertEquals("only the readable one is stored", 1, queue.list(Optional.empty(), 10).size());
    }

    @Test
    public void aDocumentOfTheLargestSizeGoesFromItsFileToTheDmpByteForByteInASmallHeap() throws Exception {
        queue.close();
        queue = newQueue(DocumentContent.DEFAULT_LARGEST);
        byte[] scan = new byte[DocumentContent.DEFAULT_LARGEST];
        new Random(3).nextBytes(scan);
        Path file = Files.write(folder.newFile("scanner.pdf").toPath(), scan);
        queue.bindConnector(driver);
        Deposit done = queue.depositNow(request(Optional.of(AUTHORIZED), "Scanner", Category.IMAGING, DocumentContent.of(file)),
                Duration.ofSeconds(20));
        assertEquals(done.outcome(), DepositState.DONE, done.state());
        assertEquals(scan.length, done.size());
        scan = null;
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        assertEquals(DocumentContent.DEFAULT_LARGEST, driver.retrieve(AUTHORIZED, done.dmpUniqueId().orElseThrow(),
                new DigestOutputStream(OutputStream.nullOutputStream(), read)));
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)), read.digest());
    }

    @Test
    public void anErrorOfTheJavaRuntimeInTheWorkerPutsTheDepositBackAndTheWorkerGoesOn() throws Exception {
        AtomicInteger failures = new AtomicInteger(1);
        DmpConnector failingOnce = (DmpConnector) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DmpConnector.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("deposit") && failures.getAndDecrement() > 0) {
                        throw new OutOfMemoryError("Java heap space");
                    }
                    try {
                        return method.invoke(driver, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        queue.bindConnector(failingOnce);
        Deposit deposit = queue.enqueue(letter(AUTHORIZED, "Malgré tout"));
        await("the deposit is done", () -> state(deposit.id()) == DepositState.DONE);
        assertEquals("sent once, after the failed attempt", 1, sent());
        List<DepositEvent> history = queue.history(deposit.id());
        assertTrue(history.toString(), history.stream().anyMatch(event -> event.detail().startsWith("the queue's worker failed while sending")));
        assertEquals(Optional.empty(), queue.stats().failure());
    }

    /** An operation's answer, or null to let the driver answer. */
    @FunctionalInterface
    private interface Answering {
        Object answer(Object[] args) throws Throwable;
    }

    /** The driver, but for one operation that answers otherwise. */
    private DmpConnector driverBut(String operation, Answering answer) {
        return (DmpConnector) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DmpConnector.class},
                (proxy, method, args) -> {
                    if (method.getName().equals(operation)) {
                        Object answered = answer.answer(args);
                        if (answered != null) {
                            return answered;
                        }
                    }
                    try {
                        return method.invoke(driver, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    public void aDmpUniqueIdLongerThanTheQueueKeepsFailsTheDepositSayingTheDmpHoldsItAndNeverLoops() throws Exception {
        String tooLong = "2.25." + "1".repeat(Oids.LONGEST_DMP_UNIQUE_ID);
        AtomicInteger deposits = new AtomicInteger();
        queue.bindConnector(driverBut("deposit", args -> {
            deposits.incrementAndGet();
            return new DepositReceipt(tooLong, Instant.now());
        }));
        Deposit deposit = queue.enqueue(letter(AUTHORIZED, "Identifiant trop long"));
        await("the deposit failed", () -> state(deposit.id()) == DepositState.FAILED);
        String outcome = queue.deposit(deposit.id()).orElseThrow().outcome();
        assertTrue(outcome, outcome.startsWith("the DMP holds the document, but answered a unique id of " + tooLong.length()));
        assertTrue(outcome, outcome.contains("do not send it again"));
        assertEquals("sent once, never again", 1, deposits.get());
    }

    @Test
    public void aCandidateTheDmpWillNotGiveBackIsPassedOverAndTheOthersStillCompared() throws Exception {
        Deposit interrupted = queue.enqueue(letter(AUTHORIZED, "La bonne version"));
        String masked = interruptedWhileTheDmpTook(interrupted, "Une version masquée");
        String ours = driver.deposit(AUTHORIZED, new DocumentMetadata(interrupted.title(), "", Category.CONSULTATION,
                DocumentFormat.TEXT, AuthorRole.ACTEUR_PRINCIPAL, PracticeSetting.AMBULATOIRE, Set.of(), Optional.empty()),
                DocumentContent.of("La bonne version".getBytes(StandardCharsets.UTF_8))).uniqueId();
        queue = newQueue();
        queue.bindConnector(driverBut("retrieve", args -> {
            if (args[1].equals(masked)) {
                throw new ConnectorException(ConnectorException.Kind.PERMANENT, "API_2_0", "hl_getDocumentContentByUniqueId failed:"
                        + " the document is masked to this professional");
            }
            return null;
        }));
        await("the deposit is done", () -> state(interrupted.id()) == DepositState.DONE);
        Deposit done = queue.deposit(interrupted.id()).orElseThrow();
        assertEquals(done.outcome(), Optional.of(ours), done.dmpUniqueId());
        assertEquals("the queue sent nothing: the test deposited both", 2, sent());
    }

    @Test
    public void aDocumentsCopyIsKeptUntilTheDmpHoldsItOrItIsCancelledAndCopiesNoDepositNeedsGoAtStart() throws Exception {
        Path documents = folder.getRoot().toPath().resolve("queue/documents");
        Deposit cancelled = queue.enqueue(letter(AUTHORIZED, "Annulée"));
        Deposit refused = queue.enqueue(letter(NOT_FOUND, "Sans DMP"));
        Deposit done = queue.enqueue(letter(AUTHORIZED, "Déposée"));
        assertEquals(Set.of(cancelled.uniqueId(), refused.uniqueId(), done.uniqueId()), names(documents));
        queue.cancel(cancelled.id());
        queue.bindConnector(driver);
        await("one done, one failed", () -> state(done.id()) == DepositState.DONE && state(refused.id()) == DepositState.FAILED);
        // The worker deletes a done deposit's copy once DONE is committed: a moment after the state shows.
        await("the done one's copy deleted", () -> !Files.exists(documents.resolve(done.uniqueId())));
        assertEquals("the failed one may be retried", Set.of(refused.uniqueId()), names(documents));
        queue.close();
        Files.writeString(documents.resolve("2.25.1.part"), "interrupted copy");
        Files.writeString(documents.resolve("2.25.2"), "copy of a deposit never stored");
        queue = newQueue();
        assertEquals(DepositState.FAILED, state(refused.id()));
        assertEquals(Set.of(refused.uniqueId()), names(documents));
    }

    @Test
    public void aQueueOfThePreviousVersionGetsItsDocumentsOutOfTheDatabaseAndSendsThem() throws Exception {
        queue.close();
        byte[] letter = "Lettre d'avant".getBytes(StandardCharsets.UTF_8);
        Properties user = new Properties();
        user.setProperty("user", "sa");
        user.setProperty("password", "");
        try (Connection connection = new Driver().connect("jdbc:h2:file:" + folder.getRoot().toPath().resolve("queue/deposits")
                .toAbsolutePath() + ";WRITE_DELAY=0", user)) {
            try (var statement = connection.createStatement()) {
                statement.execute("DROP TABLE deposit_event");
                statement.execute("DROP TABLE deposit");
                statement.execute("CREATE TABLE deposit (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                        + " unique_id VARCHAR(64) NOT NULL UNIQUE, ins VARCHAR(32) NOT NULL, ins_system VARCHAR(16) NOT NULL,"
                        + " ins_status VARCHAR(16) NOT NULL, title VARCHAR(255) NOT NULL, description VARCHAR(2000) NOT NULL,"
                        + " category VARCHAR(32) NOT NULL, format VARCHAR(16) NOT NULL, author_role VARCHAR(32) NOT NULL,"
                        + " practice_setting VARCHAR(32) NOT NULL, confidentiality VARCHAR(200) NOT NULL, replaces VARCHAR(64),"
                        + " content BLOB NOT NULL, content_sha256 VARCHAR(64) NOT NULL, size BIGINT NOT NULL,"
                        + " state VARCHAR(12) NOT NULL, attempts INT NOT NULL, enqueued BIGINT NOT NULL, due BIGINT,"
                        + " finished BIGINT, outcome VARCHAR(2000) NOT NULL)");
            }
            try (var insert = connection.prepareStatement("INSERT INTO deposit (unique_id, ins, ins_system, ins_status, title,"
                    + " description, category, format, author_role, practice_setting, confidentiality, content, content_sha256,"
                    + " size, state, attempts, enqueued, due, outcome) VALUES ('2.25.77', ?, 'INS_C', 'COMPUTED', 'Avant', '',"
                    + " 'CONSULTATION', 'TEXT', 'ACTEUR_PRINCIPAL', 'AMBULATOIRE', '', ?, 'x', ?, 'QUEUED', 0, 0, 0, '')")) {
                insert.setString(1, AUTHORIZED.value());
                insert.setBytes(2, letter);
                insert.setLong(3, letter.length);
                insert.executeUpdate();
            }
            // A deposit done by that version, which sent the queue's unique id as the document's.
            try (var insert = connection.prepareStatement("INSERT INTO deposit (unique_id, ins, ins_system, ins_status, title,"
                    + " description, category, format, author_role, practice_setting, confidentiality, content, content_sha256,"
                    + " size, state, attempts, enqueued, finished, outcome) VALUES ('2.25.76', ?, 'INS_C', 'COMPUTED', 'Faite', '',"
                    + " 'CONSULTATION', 'TEXT', 'ACTEUR_PRINCIPAL', 'AMBULATOIRE', '', ?, 'y', 1, 'DONE', 1, 0, 0, 'deposited')")) {
                insert.setString(1, AUTHORIZED.value());
                insert.setBytes(2, new byte[] {1});
                insert.executeUpdate();
            }
            // A deposit that version took for an INS it did not know to be qualified.
            try (var insert = connection.prepareStatement("INSERT INTO deposit (unique_id, ins, ins_system, ins_status, title,"
                    + " description, category, format, author_role, practice_setting, confidentiality, content, content_sha256,"
                    + " size, state, attempts, enqueued, due, outcome) VALUES ('2.25.78', '150081505104018', 'INS_NIR', 'PROVISIONAL',"
                    + " 'INS tapée', '', 'CONSULTATION', 'TEXT', 'ACTEUR_PRINCIPAL', 'AMBULATOIRE', '', ?, 'z', 1, 'QUEUED', 0, 0, 0, '')")) {
                insert.setBytes(1, new byte[] {2});
                insert.executeUpdate();
            }
        }
        // A kill during a first migration left a copy half made.
        Files.writeString(Files.createDirectories(folder.getRoot().toPath().resolve("queue/documents")).resolve("2.25.77.part"), "Let");
        queue = newQueue();
        queue.bindConnector(driver);
        await("the deposit of the previous version is done", () -> state(1) == DepositState.DONE);
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        driver.retrieve(AUTHORIZED, queue.deposit(1).orElseThrow().dmpUniqueId().orElseThrow(), held);
        assertArrayEquals(letter, held.toByteArray());
        assertEquals("the DMP's id of a deposit done before is the one that version sent", Optional.of("2.25.76"),
                queue.deposit(2).orElseThrow().dmpUniqueId());
        await("the deposit for an INS not qualified is never sent", () -> state(3) == DepositState.FAILED);
        assertTrue(queue.deposit(3).orElseThrow().outcome(), queue.deposit(3).orElseThrow().outcome()
                .endsWith("[IDENTITY_NOT_QUALIFIED]"));
        String longest = "2." + "1".repeat(253); // a unique id of 255 characters, as long as the DMP's
        Deposit replacement = queue.enqueue(replacement(longest, "Nouvelle version"));
        await("the replacement sent with the whole unique id", () -> state(replacement.id()) == DepositState.FAILED);
        String outcome = queue.deposit(replacement.id()).orElseThrow().outcome();
        assertTrue("the DMP holds no such document: " + outcome, outcome.contains("(XDS_DOCUMENT_NOT_FOUND)"));
    }

    private static Set<String> names(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    public void aDepositTriedBeforeCannotBeCancelledSinceTheDmpMayHoldIt() throws Exception {
        queue.bindConnector(driver);
        sandbox.faults(0, 1, 0);
        Deposit tried = queue.enqueue(letter(AUTHORIZED, "Essayée"));
        await("an attempt failed", () -> attempts(tried.id()) >= 1 && state(tried.id()) == DepositState.QUEUED);
        QueueException refused = assertThrows(QueueException.class, () -> queue.cancel(tried.id()));
        assertEquals(Problem.WRONG_STATE, refused.problem());
        assertTrue(refused.getMessage(), refused.getMessage().endsWith("was tried before and the DMP may hold it: only a deposit never sent can be cancelled"));
        sandbox.faults(0, 0, 0);
        await("the deposit is done", () -> state(tried.id()) == DepositState.DONE);
    }

    @Test
    public void theHealthCheckSaysWhatIsWrongAndWhatToDo() throws Exception {
        Duration hour = Duration.ofHours(1);
        await("the database is open", () -> queue.health(hour, 0).getStatus() != Result.Status.TEMPORARILY_UNAVAILABLE);
        Result fine = queue.health(hour, 0);
        assertEquals(fine.toString(), Result.Status.OK, fine.getStatus());
        assertTrue(fine.toString(), fine.toString().contains("0 queued, 0 failed, 0 done in the last hour"));

        queue.enqueue(letter(AUTHORIZED, "En attente"));
        await("the worker waits for a connector", () -> status().equals("waiting for a DMP connector"));
        Result waiting = queue.health(Duration.ofMillis(1), Long.MAX_VALUE);
        assertEquals(waiting.toString(), Result.Status.WARN, waiting.getStatus());
        assertTrue(waiting.toString(), waiting.toString().contains("the worker is waiting for a DMP connector"));
        assertTrue(waiting.toString(), waiting.toString().contains("to do: what the worker waits for"));
        assertTrue(waiting.toString(), waiting.toString().contains("MB free for the queue's documents"));
        assertTrue(waiting.toString(), waiting.toString().contains("to do: free disk space before the queue fills it"));
        assertEquals("the same queue under the thresholds", Result.Status.OK, queue.health(hour, 0).getStatus());

        queue.bindConnector(driver);
        Deposit refused = queue.enqueue(letter(NOT_FOUND, "Patient sans DMP"));
        await("the deposit failed", () -> state(refused.id()) == DepositState.FAILED);
        Result failed = queue.health(hour, 0);
        assertEquals(failed.toString(), Result.Status.WARN, failed.getStatus());
        assertTrue(failed.toString(), failed.toString().contains("1 deposits FAILED (refused by the DMP)"));
    }

    @Test
    public void theQueuesFolderAndDatabaseFilesAreReadableByTheirOwnerOnly() throws Exception {
        queue.close();
        Path database = folder.getRoot().toPath().resolve("queue");
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rwxr-xr-x"));
        queue = newQueue();
        queue.enqueue(letter(AUTHORIZED, "Privée"));
        try (var all = Files.walk(folder.getRoot().toPath().resolve("queue"))) {
            for (Path path : all.toList()) {
                assertEquals(path.toString(), Files.isDirectory(path) ? "rwx------" : "rw-------",
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            }
        }
    }

    private String status() {
        try {
            return queue.stats().worker();
        } catch (QueueException e) {
            throw new AssertionError(e);
        }
    }

    private DepositState state(long id) {
        try {
            return queue.deposit(id).orElseThrow().state();
        } catch (QueueException e) {
            throw new AssertionError(e);
        }
    }

    private int attempts(long id) {
        try {
            return queue.deposit(id).orElseThrow().attempts();
        } catch (QueueException e) {
            throw new AssertionError(e);
        }
    }
}
