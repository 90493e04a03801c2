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
    }

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
     * @return the DMP saved in the folder, or a new one holding the seed when there is none yet;
     *     uploads a stop interrupted are deleted
     */
    static SimulatedDmp open(Path folder, List<Patient> seed) throws IOException {
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
            replaced = Optional.ofNullable(documents.get(document.replaces())).filter(old -> old.ins().equals(document.ins()));
            if (replaced.isEmpty()) {
                throw new DmpRefusal("XDS_UNKNOWN_REPLACED_DOCUMENT", "the replaced document is not in this DMP");
            }
        }
        Document stored = new Document(Oids.random(), document.ins(), document.title(), document.description(),
                document.category(), document.visibility(), document.format(), document.setting(), document.replaces(),
                "APPROVED", doctor, Instant.now().toString());
        try {
            Files.move(upload, contentFile(stored), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox could not keep a document's content in " + documentsFolder, e);
        }
        replaced.ifPresent(old -> {
            Document deprecated = old.withStatus("DEPRECATED");
            write(documentFile(deprecated), deprecated);
            documents.put(deprecated.uniqueId(), deprecated);
        });
        write(documentFile(stored), stored);
        documents.put(stored.uniqueId(), stored);
        return stored;
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

    /** @return the file holding the content of the patient's document with that unique id, if he has one */
    synchronized Optional<Path> content(String ins, String doctor, boolean emergency, String uniqueId) throws DmpRefusal {
        requireAccess(existing(ins), doctor, emergency);
        return Optional.ofNullable(documents.get(uniqueId)).filter(document -> document.ins().equals(ins)).map(this::contentFile);
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

    /** Writes a value to a temporary file readable by its owner only, syncs it, then renames it over the file. */
    private void write(Path file, Object value) {
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PrivateFiles.FILE));
            json.writeValue(temporary.toFile(), value);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox could not save its DMP to " + file, e);
        }
    }
}
