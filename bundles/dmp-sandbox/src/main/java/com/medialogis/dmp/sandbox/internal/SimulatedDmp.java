package com.medialogis.dmp.sandbox.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.medialogis.dmp.support.files.PrivateFiles;
import com.medialogis.dmp.support.ids.Oids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The simulated DMP: patients by identifier with their DMP's existence and each doctor's
 * authorization, and the documents deposited. The patients are kept in {@code dmp.json} of its
 * folder; each document in two files of its own under {@code documents/}: its metadata
 * ({@code .json}, also kept in memory) and its content ({@code .content}, read from disk when asked
 * for, never held in memory), so that a deposit writes one document whatever the DMP holds. Every
 * change is written to its file (complete, synced, then renamed over the old one) before the call
 * returns, so the state survives a crash of the process that runs it. Its folders and files are
 * readable by their owner only. Thread-safe.
 */
final class SimulatedDmp {

    /** The DMP's existence, with its code in TD0.2 answers ({@code i_dmpStatus}). */
    enum Existence {
        EXISTS(1), CLOSED(2), NOT_FOUND(3);

        final int code;

        Existence(int code) {
            this.code = code;
        }
    }

    /** A doctor's authorization, with its code in TD0.2 answers ({@code i_userAuthorization}). */
    enum Authorization {
        VALID(2), EXPIRED(3), DENIED(4), NONE(5);

        final int code;

        Authorization(int code) {
            this.code = code;
        }
    }

    record Patient(String ins, Existence existence, String closedOn, Map<String, Authorization> authorizations) {
        Patient {
            authorizations = Map.copyOf(authorizations);
        }

        Authorization authorization(String doctor) {
            return authorizations.getOrDefault(doctor, Authorization.NONE);
        }

        Patient with(Existence newExistence, String newClosedOn) {
            return new Patient(ins, newExistence, newClosedOn, authorizations);
        }

        Patient with(String doctor, Authorization authorization) {
            Map<String, Authorization> changed = new HashMap<>(authorizations);
            changed.put(doctor, authorization);
            return new Patient(ins, existence, closedOn, changed);
        }
    }

    /** UserAuthorizationStatus AuthorizationError: "the DMP does not exist or was closed" (EFFICIENCE-API.md §3.4). */
    static final int AUTHORIZATION_ERROR = 1;

    /**
     * A document as the DMP keeps it.
     *
     * @param format its DocumentFormat code (EFFICIENCE-API.md §3.18), in decimal
     */
    record Document(String uniqueId, String ins, String title, String description, String category,
            int visibility, String format, String setting, String replaces, String status, String author,
            String deposited) {

        /**
         * @return its DocumentFormat code; the XDS format code a sandbox of an earlier build kept for
         *     a PDF or a text document is read as theirs
         */
        int formatCode() {
            return switch (format) {
                case "urn:ihe:iti:xds-sd:pdf:2008" -> 5;
                case "urn:ihe:iti:xds-sd:text:2008" -> 1;
                default -> Integer.parseInt(format);
            };
        }

        Document withStatus(String newStatus) {
            return new Document(uniqueId, ins, title, description, category, visibility, format, setting, replaces,
                    newStatus, author, deposited);
        }

        Document withVisibility(int newVisibility) {
            return new Document(uniqueId, ins, title, description, category, newVisibility, format, setting, replaces,
                    status, author, deposited);
        }

        /** @return its entry UUID in the registry, {@code s_uuid} of the listings (EFFICIENCE-API.md §2.8) */
        String uuid() {
            return "urn:uuid:" + UUID.nameUUIDFromBytes(uniqueId.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** DocumentVisibility bits (EFFICIENCE-API.md §3.15). */
    static final int VISIBLE_TO_ALL = 1;
    static final int MASKED_TO_PROFESSIONALS = 4;

    /** What {@code dmp.json} holds. */
    record Patients(List<Patient> patients) {}

    /** The ending of a content being received. */
    private static final String UPLOAD = ".upload";

    private final Path patientsFile;
    private final Path documentsFolder;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Patient> patients = new LinkedHashMap<>();
    private final Map<String, Document> documents = new LinkedHashMap<>();

    private SimulatedDmp(Path folder, List<Patient> known) {
        this.patientsFile = folder.resolve("dmp.json");
        this.documentsFolder = folder.resolve("documents");
        known.forEach(patient -> patients.put(patient.ins(), patient));
    }

    /**
     * @return the DMP saved in the folder, or a new one holding the seed (its patients and
     *     documents) when there is none yet; uploads a stop interrupted are deleted
     */
    static SimulatedDmp open(Path folder, List<Patient> seed, List<Seed.SeedDocument> seedDocuments) throws IOException {
        Path patientsFile = folder.resolve("dmp.json");
        PrivateFiles.folder(folder);
        SimulatedDmp dmp = new SimulatedDmp(folder, Files.exists(patientsFile)
                ? new ObjectMapper().readValue(patientsFile.toFile(), Patients.class).patients() : seed);
        PrivateFiles.folder(dmp.documentsFolder);
        synchronized (dmp) {
            try (var files = Files.newDirectoryStream(dmp.documentsFolder, "*" + UPLOAD)) {
                for (Path file : files) {
                    Files.delete(file);
                }
            }
            try (var files = Files.newDirectoryStream(dmp.documentsFolder, "*.json")) {
                for (Path file : files) {
                    Document document = dmp.json.readValue(file.toFile(), Document.class);
                    dmp.documents.put(document.uniqueId(), document);
                }
            }
            if (!Files.exists(patientsFile)) {
                for (Seed.SeedDocument seeded : seedDocuments) {
                    Path upload = dmp.newUpload();
                    Files.writeString(upload, seeded.content());
                    dmp.keep(seeded.document(), upload);
                }
                dmp.write(patientsFile, new Patients(seed));
            }
        }
        return dmp;
    }

    synchronized Patient patient(String ins) {
        return patients.getOrDefault(ins, new Patient(ins, Existence.NOT_FOUND, "", Map.of()));
    }

    synchronized List<Patient> patients() {
        return List.copyOf(patients.values());
    }

    synchronized int documentCount() {
        return documents.size();
    }

    synchronized void create(String ins, String doctor) throws DmpRefusal {
        Patient patient = patient(ins);
        if (patient.existence() != Existence.NOT_FOUND) {
            throw new DmpRefusal("DMP_ALREADY_EXISTS", "this patient already has a DMP (" + patient.existence() + ")");
        }
        put(new Patient(ins, Existence.EXISTS, "", Map.of(doctor, Authorization.VALID)));
    }

    synchronized void reactivate(String ins, String doctor) throws DmpRefusal {
        Patient patient = patient(ins);
        if (patient.existence() != Existence.CLOSED) {
            throw new DmpRefusal("DMP_NOT_CLOSED", "only a closed DMP can be reactivated, not " + patient.existence());
        }
        put(patient.with(Existence.EXISTS, "").with(doctor, Authorization.VALID));
    }

    synchronized void authorize(String ins, String doctor, boolean granted) throws DmpRefusal {
        Patient patient = existing(ins);
        if (patient.authorization(doctor) == Authorization.DENIED) {
            throw new DmpRefusal("DMP_ACCESS_DENIED", "the patient refused this professional");
        }
        put(patient.with(doctor, granted ? Authorization.VALID : Authorization.NONE));
    }

    /**
     * @return a new empty file, readable by its owner only, beside the documents: a deposit's content
     *     is written there as it arrives, then moved in place by {@link #deposit}
     */
    Path newUpload() throws IOException {
        return Files.createTempFile(documentsFolder, "", UPLOAD, PosixFilePermissions.asFileAttribute(PrivateFiles.FILE));
    }

    /**
     * @param doctor the depositor's national id
     * @param emergency bris de glace or centre 15: allowed without authorization, unless for a closed DMP
     * @param document what describes it; the DMP gives it its unique id
     * @param upload the document's content, synced, from {@link #newUpload()}: moved in place when
     *     the deposit is accepted, left where it is when refused
     */
    synchronized Document deposit(String doctor, boolean emergency, Document document, Path upload) throws DmpRefusal {
        requireAccess(existing(document.ins()), doctor, emergency);
        Optional<Document> replaced = Optional.empty();
        if (!document.replaces().isEmpty()) {
            replaced = Optional.of(own(doctor, document.ins(), document.replaces()));
            if (replaced.get().status().equals("DEPRECATED")) {
                throw new DmpRefusal("DMP_DOCUMENT_REPLACED", "the replaced document was already replaced by another one");
            }
        }
        Document stored = keep(new Document(Oids.random(), document.ins(), document.title(), document.description(),
                document.category(), document.visibility(), document.format(), document.setting(), document.replaces(),
                "APPROVED", doctor, Instant.now().toString()), upload);
        replaced.ifPresent(old -> put(old.withStatus("DEPRECATED")));
        return stored;
    }

    /** Moves the content in place, then writes the metadata: a document is listed once its content is there. */
    private Document keep(Document document, Path upload) {
        try {
            Files.move(upload, contentFile(document), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox could not keep a document's content in " + documentsFolder, e);
        }
        put(document);
        return document;
    }

    /**
     * Changes the visibility of a document this doctor deposited (TD3.3): visible to all, or masked
     * to professionals, each alone, or hidden from the patient, his legal representatives or both.
     */
    synchronized void changeVisibility(String doctor, boolean emergency, String ins, String uniqueId, Optional<String> uuid,
            int visibility) throws DmpRefusal {
        requireAccess(existing(ins), doctor, emergency);
        Document document = own(doctor, ins, uniqueId, uuid);
        if ((visibility & VISIBLE_TO_ALL) != 0 && visibility != VISIBLE_TO_ALL
                || (visibility & MASKED_TO_PROFESSIONALS) != 0 && visibility != MASKED_TO_PROFESSIONALS) {
            throw new DmpRefusal("DMP_INVALID_VISIBILITY", "visible to all (1) and masked to professionals (4) do not"
                    + " combine with other visibility bits, not " + visibility);
        }
        put(document.withVisibility(visibility));
    }

    /** Archives an approved document this doctor deposited, or approves an archived one again (TD3.3). */
    synchronized void toggleArchived(String doctor, boolean emergency, String ins, String uniqueId, Optional<String> uuid)
            throws DmpRefusal {
        requireAccess(existing(ins), doctor, emergency);
        Document document = own(doctor, ins, uniqueId, uuid);
        switch (document.status()) {
            case "APPROVED" -> put(document.withStatus("ARCHIVED"));
            case "ARCHIVED" -> put(document.withStatus("APPROVED"));
            default -> throw new DmpRefusal("DMP_DOCUMENT_REPLACED", "a replaced document cannot be archived nor brought back");
        }
    }

    /** Deletes a document this doctor deposited (TD3.3): its files go, it is no longer listed nor read. */
    synchronized void delete(String doctor, boolean emergency, String ins, String uniqueId) throws DmpRefusal {
        requireAccess(existing(ins), doctor, emergency);
        Document document = own(doctor, ins, uniqueId);
        try {
            Files.delete(documentFile(document));
            Files.deleteIfExists(contentFile(document));
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox could not delete a document from " + documentsFolder, e);
        }
        documents.remove(uniqueId);
    }

    /** @return the patient's document, when this doctor is its author */
    private Document own(String doctor, String ins, String uniqueId) throws DmpRefusal {
        Document document = Optional.ofNullable(documents.get(uniqueId)).filter(found -> found.ins().equals(ins))
                .orElseThrow(() -> new DmpRefusal("XDS_DOCUMENT_NOT_FOUND", "no such document in this DMP"));
        if (!document.author().equals(doctor)) {
            throw new DmpRefusal("DMP_NOT_AUTHOR", "only its author may change a document, and this one is another professional's");
        }
        return document;
    }

    /**
     * @param uuid its entry UUID, by which alone the DMP finds a document that is not approved
     *     (EFFICIENCE-API.md §2.8: "Optional only if current document status is 'Approved'")
     * @return the patient's document, when this doctor is its author
     */
    private Document own(String doctor, String ins, String uniqueId, Optional<String> uuid) throws DmpRefusal {
        Document document = own(doctor, ins, uniqueId);
        if (uuid.isPresent() && !uuid.get().equals(document.uuid())) {
            throw new DmpRefusal("XDS_DOCUMENT_NOT_FOUND", "no such document in this DMP (its unique id and UUID do not match)");
        }
        if (uuid.isEmpty() && !document.status().equals("APPROVED")) {
            throw new DmpRefusal("XDS_DOCUMENT_UUID_REQUIRED", "a document that is not approved is named by its UUID too (s_documentUuid)");
        }
        return document;
    }

    /** @return the patient's documents of these categories and statuses (all when empty), newest first */
    synchronized List<Document> find(String ins, String doctor, boolean emergency, Set<String> categories,
            Set<String> statuses) throws DmpRefusal {
        requireAccess(existing(ins), doctor, emergency);
        List<Document> found = new ArrayList<>();
        for (Document document : documents.values()) {
            if (document.ins().equals(ins)
                    && (categories.isEmpty() || categories.contains(document.category()))
                    && (statuses.isEmpty() ? document.status().equals("APPROVED") : statuses.contains(document.status()))) {
                found.add(document);
            }
        }
        found.sort(Comparator.comparing(Document::deposited).reversed());
        return found;
    }

    /**
     * @return the content of the patient's document with that unique id, if he has one: its file,
     *     opened here, so that a deletion after this call leaves the reading whole
     */
    synchronized Optional<FileChannel> content(String ins, String doctor, boolean emergency, String uniqueId) throws DmpRefusal {
        requireAccess(existing(ins), doctor, emergency);
        Optional<Document> document = Optional.ofNullable(documents.get(uniqueId)).filter(found -> found.ins().equals(ins));
        if (document.isEmpty()) {
            return Optional.empty();
        }
        Path file = contentFile(document.get());
        try {
            return Optional.of(FileChannel.open(file, StandardOpenOption.READ));
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox could not read a document's content from " + file, e);
        }
    }

    private Patient existing(String ins) throws DmpRefusal {
        Patient patient = patient(ins);
        if (patient.existence() == Existence.NOT_FOUND) {
            throw new DmpRefusal("DMP_NOT_FOUND", "this patient has no DMP");
        }
        return patient;
    }

    private static void requireAccess(Patient patient, String doctor, boolean emergency) throws DmpRefusal {
        if (patient.existence() == Existence.CLOSED) {
            throw new DmpRefusal("DMP_CLOSED", "this DMP is closed");
        }
        Authorization authorization = patient.authorization(doctor);
        if (authorization != Authorization.VALID && !emergency) {
            throw new DmpRefusal(authorization == Authorization.DENIED ? "DMP_ACCESS_DENIED" : "DMP_NOT_AUTHORIZED",
                    "this professional is not authorized on this DMP (" + authorization + ")");
        }
    }

    private void put(Document document) {
        write(documentFile(document), document);
        documents.put(document.uniqueId(), document);
    }

    private void put(Patient patient) {
        patients.put(patient.ins(), patient);
        write(patientsFile, new Patients(List.copyOf(patients.values())));
    }

    private Path documentFile(Document document) {
        return documentsFolder.resolve(fileName(document) + ".json");
    }

    private Path contentFile(Document document) {
        return documentsFolder.resolve(fileName(document) + ".content");
    }

    /** A document's files are named by the digest of its unique id, whatever characters the sender put in it. */
    private static String fileName(Document document) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(document.uniqueId().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Replaces the file with the value as JSON, readable by its owner only (see {@link PrivateFiles#replace}). */
    private void write(Path file, Object value) {
        try {
            PrivateFiles.replace(file, json.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox could not save its DMP to " + file, e);
        }
    }
}
