package com.medialogis.dmp.bridge.internal.records;

import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DocumentContent;
import com.medialogis.dmp.connector.DocumentEntry;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.queue.Deposit;
import com.medialogis.dmp.record.IdentityDocument;
import com.medialogis.dmp.record.Patient;
import com.medialogis.dmp.record.PatientRecords;
import com.medialogis.dmp.record.ReceivedDocument;
import com.medialogis.dmp.record.RecordException.Problem;
import com.medialogis.dmp.record.RecordException;
import com.medialogis.dmp.record.SentDocument;
import com.medialogis.dmp.support.db.EmbeddedDatabase;
import com.medialogis.dmp.support.db.Transactions;
import com.medialogis.dmp.support.files.DataFolder;
import com.medialogis.dmp.support.health.Checks;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.transaction.control.TransactionControl;
import org.osgi.service.transaction.control.jdbc.JDBCConnectionProviderFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The practice's records kept by the bridge: an H2 database of their own beside the queue's
 * ({@code records/} in the container's data folder), opened on a thread of its own once the
 * container has started; calls made meanwhile wait for it.
 */
@Component(configurationPid = RecordService.PID, service = {PatientRecords.class, RecordService.class})
@Designate(ocd = RecordService.Config.class)
public final class RecordService implements PatientRecords {

    static final String PID = "com.medialogis.dmp.bridge.records";

    @ObjectClassDefinition(name = "DMP bridge: practice records",
            description = "The practice's patients, their documents sent to the DMP and those received from it.")
    public @interface Config {
        @AttributeDefinition(description = "Folder of the records' database. Empty: records/ in the container's data folder.")
        String folder() default "";
    }

    /** Opens the store: run once, on the opening thread. */
    @FunctionalInterface
    interface Opener {
        /** @param closing whether the records are closing meanwhile: the opening then gives up */
        Opened open(BooleanSupplier closing) throws Exception;
    }

    /** The store and how to let its database go. */
    record Opened(RecordStore store, AutoCloseable release) {}

    private static final String NOT_ATTACHED = "'s traits changed since they were checked: nothing was attached";
    private static final Logger LOG = LoggerFactory.getLogger(RecordService.class);
    private static final Duration OPENING_WAIT = Duration.ofSeconds(30);
    /** H2's page cache, in KB: the records are rows of a few hundred bytes. */
    private static final int CACHE_KB = 4 * 1024;

    private final CompletableFuture<Opened> open = new CompletableFuture<>();
    /** The last database failure, until a call succeeds again: the health check shows it. */
    private volatile String lastFailure;

    @Activate
    public RecordService(Config config, BundleContext context, @Reference TransactionControl transactions,
            @Reference JDBCConnectionProviderFactory providers,
            @Reference(target = "(osgi.jdbc.driver.class=org.h2.Driver)") DataSourceFactory h2) {
        this(closing -> {
            EmbeddedDatabase.awaitContainerStarted(context, closing);
            return openH2(DataFolder.resolve(context, config.folder(), "records"), transactions, providers, h2);
        });
    }

    RecordService(Opener opener) {
        Thread opening = new Thread(() -> open(opener), "dmp-records-open");
        opening.setDaemon(true);
        opening.start();
    }

    static Opened openH2(Path folder, TransactionControl transactions, JDBCConnectionProviderFactory providers,
            DataSourceFactory h2) throws Exception {
        EmbeddedDatabase.Open database = EmbeddedDatabase.open(folder, "records", CACHE_KB, transactions, providers, h2);
        try {
            return new Opened(new RecordStore(new Transactions(transactions, database.connection(), "the records'"),
                    folder.resolve("received")), database.release());
        } catch (SQLException | IOException | RuntimeException e) {
            database.release().close();
            throw e;
        }
    }

    private void open(Opener opener) {
        try {
            Opened opened = opener.open(open::isDone);
            if (!open.complete(opened)) {
                // Closed meanwhile: close() found no database to release.
                opened.release().close();
                return;
            }
            LOG.info("Practice records open");
        } catch (Exception e) {
            LOG.error("The practice records could not be opened: {}", e.toString());
            open.completeExceptionally(e);
        }
    }

    @Deactivate
    void close() {
        if (!open.completeExceptionally(new IllegalStateException("the records are closed")) && !open.isCompletedExceptionally()) {
            try {
                open.join().release().close();
            } catch (Exception e) {
                LOG.warn("The practice records' database could not be released: {}", e.toString());
            }
        }
    }

    /** @return what the bridge's health check says of the records: empty once they are open */
    public Optional<Result> problem() {
        if (!open.isDone()) {
            return Optional.of(Checks.problem(Result.Status.TEMPORARILY_UNAVAILABLE, "the practice records open their database",
                    "wait a moment"));
        }
        if (open.isCompletedExceptionally()) {
            Throwable failure = open.handle((opened, e) -> e.getCause() == null ? e : e.getCause()).join();
            return Optional.of(Checks.problem(Result.Status.CRITICAL, "the practice records could not be opened: " + failure,
                    "read the container's log, fix the cause (the records folder, its rights, its disk), then restart the container"));
        }
        String failure = lastFailure;
        if (failure != null) {
            return Optional.of(Checks.problem(Result.Status.CRITICAL, "the practice records' database failed: " + failure,
                    "read the container's log (the records folder, its disk), fix the cause; the check turns OK at the next call that succeeds"));
        }
        return Optional.empty();
    }

    @Override
    public Patient save(String localId, Patient.Traits traits) throws RecordException {
        return stored(store -> store.save(localId, traits));
    }

    @Override
    public Optional<Patient> patient(String localId) throws RecordException {
        return stored(store -> store.patient(localId));
    }

    @Override
    public List<Patient> patients(String nameStart, int limit) throws RecordException {
        if (limit < 1) {
            throw new IllegalArgumentException("at least one patient is listed, not " + limit);
        }
        return stored(store -> store.patients(nameStart, limit));
    }

    @Override
    public List<Patient> withIdentifier(Ins identifier) throws RecordException {
        return stored(store -> store.withIdentifier(identifier));
    }

    @Override
    public Patient attach(String localId, Ins identifier, Patient.Traits checked) throws RecordException {
        Optional<Patient> attached = stored(store -> store.attach(localId, identifier, checked, false));
        if (attached.isPresent()) {
            return attached.get();
        }
        throw unchanged(localId, NOT_ATTACHED);
    }

    /**
     * Serialized with each other in this process, the only one that opens the records' database: of
     * two patients given one identifier at once, the second sees the first hold it.
     */
    @Override
    public synchronized Optional<Patient> attachUnlessHeld(String localId, Ins identifier, Patient.Traits checked)
            throws RecordException {
        Optional<Patient> attached = stored(store -> store.attach(localId, identifier, checked, true));
        if (attached.isEmpty() && withIdentifier(identifier).stream().noneMatch(other -> !other.localId().equals(localId))) {
            throw unchanged(localId, NOT_ATTACHED);
        }
        return attached;
    }

    /** @return why a change conditional on the patient's traits changed nothing: UNKNOWN_PATIENT, or CHANGED saying why */
    private RecordException unchanged(String localId, String why) throws RecordException {
        return patient(localId).isEmpty() ? RecordException.unknownPatient(localId)
                : new RecordException(Problem.CHANGED, "patient " + localId + why);
    }

    @Override
    public SentDocument sent(String patientId, String documentId, String description, Deposit deposit) throws RecordException {
        Optional<SentDocument> sent = stored(store -> store.sent(patientId, documentId, description, deposit));
        return sent.orElseThrow(() -> RecordException.unknownPatient(patientId));
    }

    @Override
    public void update(Deposit deposit) throws RecordException {
        stored(store -> {
            store.update(deposit);
            return null;
        });
    }

    @Override
    public List<SentDocument> sentDocuments(String patientId) throws RecordException {
        return stored(store -> store.sentDocuments(patientId));
    }

    @Override
    public ReceivedDocument receive(String patientId, Ins holding, DocumentEntry entry, Body body) throws RecordException,
            ConnectorException {
        RecordStore store = store();
        try {
            if (store.patient(patientId).isEmpty()) {
                throw RecordException.unknownPatient(patientId);
            }
            Optional<ReceivedDocument> earlier = store.received(entry.uniqueId());
            if (earlier.isPresent()) {
                throw RecordStore.alreadyReceived(earlier);
            }
            ReceivedDocument received = store.receive(patientId, holding, entry, body, Instant.now());
            lastFailure = null;
            return received;
        } catch (SQLException e) {
            throw storage(e);
        } catch (IOException e) {
            throw storage("the document could not be written to the records' disk, nothing was received", e);
        }
    }

    @Override
    public Optional<ReceivedDocument> received(String dmpUniqueId) throws RecordException {
        return stored(store -> store.received(dmpUniqueId));
    }

    @Override
    public Map<String, String> receivedInto(Collection<String> dmpUniqueIds) throws RecordException {
        return stored(store -> store.receivedInto(dmpUniqueIds));
    }

    @Override
    public List<ReceivedDocument> receivedDocuments(String patientId) throws RecordException {
        return stored(store -> store.receivedDocuments(patientId));
    }

    @Override
    public DocumentContent content(ReceivedDocument document) throws RecordException {
        try {
            return store().content(document.id()).orElseThrow(() -> new RecordException(Problem.STORAGE,
                    "received document #" + document.id() + " is not in the records"));
        } catch (SQLException e) {
            throw storage(e);
        } catch (IOException e) {
            throw storage("the received document could not be read", e);
        }
    }

    @Override
    public Patient validate(String localId, IdentityDocument document, Patient.Traits checked) throws RecordException {
        Optional<Patient> validated = stored(store -> store.validate(localId, document, checked));
        if (validated.isPresent()) {
            return validated.get();
        }
        throw unchanged(localId, "'s traits are not the ones checked on the document (they changed since, or were read otherwise):"
                + " nothing was validated");
    }

    @Override
    public Optional<Instant> lastSearch(String localId) throws RecordException {
        return stored(store -> store.lastSearch(localId));
    }

    @Override
    public void searched(String localId, Ins searched, Instant at) throws RecordException {
        stored(store -> {
            store.searched(localId, searched, at);
            return null;
        });
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(RecordStore store) throws SQLException;
    }

    private <T> T stored(Work<T> work) throws RecordException {
        RecordStore store = store();
        try {
            T result = work.run(store);
            lastFailure = null;
            return result;
        } catch (SQLException e) {
            throw storage(e);
        }
    }

    private RecordStore store() throws RecordException {
        try {
            return open.get(OPENING_WAIT.toMillis(), TimeUnit.MILLISECONDS).store();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecordException(Problem.STORAGE, "interrupted while the practice records open");
        } catch (TimeoutException e) {
            throw new RecordException(Problem.STORAGE, "the practice records are not open yet, " + OPENING_WAIT.toSeconds()
                    + " s after the call: try again");
        } catch (ExecutionException e) {
            throw new RecordException(Problem.STORAGE, "the practice records could not be opened: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /** The records' disk failed: said to the caller, the log and the Bridge health check. */
    private RecordException storage(String what, IOException e) {
        lastFailure = what + ": " + e.getClass().getSimpleName() + " at " + Instant.now();
        LOG.error("The practice records' disk failed: {} ({})", what, e.toString());
        return new RecordException(Problem.STORAGE, what + ": " + e.getMessage(), e);
    }

    /** H2's messages may hold the statement and its values: the log and the caller get the SQL state only. */
    private RecordException storage(SQLException e) {
        lastFailure = "SQL state " + e.getSQLState() + ", error " + e.getErrorCode() + " at " + Instant.now();
        LOG.error("The practice records' database failed: SQL state {}, error {}", e.getSQLState(), e.getErrorCode());
        return new RecordException(Problem.STORAGE, "the practice records' database failed (SQL state " + e.getSQLState()
                + ", error " + e.getErrorCode() + "); the server's log says when", e);
    }
}
