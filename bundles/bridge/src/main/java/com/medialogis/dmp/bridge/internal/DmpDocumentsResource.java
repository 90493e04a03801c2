package com.medialogis.dmp.bridge.internal;

import com.medialogis.dmp.connector.Category;
import com.medialogis.dmp.connector.Confidentiality;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DmpConnector;
import com.medialogis.dmp.connector.DocumentEntry;
import com.medialogis.dmp.connector.DocumentFormat;
import com.medialogis.dmp.connector.DocumentQuery;
import com.medialogis.dmp.connector.DocumentStatus;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.record.Patient;
import com.medialogis.dmp.record.PatientRecords;
import com.medialogis.dmp.record.ReceivedDocument;
import com.medialogis.dmp.record.RecordException;
import com.medialogis.dmp.support.files.DataFolder;
import com.medialogis.dmp.support.files.PrivateFiles;
import com.medialogis.dmp.support.ids.Oids;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The DMP document browser: the patient's DMP documents grouped by category with counts, one's
 * content ("Ouvrir"), and "Transférer vers Médialogis": the document filed under the practice
 * patient holding the same identifier, whichever patient is open, once. The doctor's own documents
 * are changed here too: who sees them, archived or brought back, deleted (a new version is a
 * deposit naming the one it replaces). The automatic listing searches as certified software does:
 * the first search of a patient covers his approved documents of the last two years, each later
 * one what was deposited since the one before.
 */
@Component(service = DmpDocumentsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(BridgeApplication.SELECT)
@Path("patients/{localId}/dmp-documents")
@Produces(MediaType.APPLICATION_JSON)
public class DmpDocumentsResource {

    /**
     * A DMP document as the browser's details panel shows it.
     *
     * @param format PDF or TEXT, or the DMP's format code for another
     * @param created its creation date in the DMP (ISO 8601)
     * @param deposited when it was deposited (ISO 8601)
     * @param receivedBy the practice patient it was transferred to, or null
     */
    public record DocumentView(String uniqueId, String title, String description, String categoryCode, String format,
            String author, String profession, String specialty, String institution, String created, String deposited,
            boolean hiddenFromPatient, boolean maskedToProfessionals, boolean hiddenFromLegalRepresentatives, DocumentStatus status,
            String replaces, String receivedBy) {}

    /**
     * One category of the browser.
     *
     * @param category the category, or null for the documents of a category the bridge does not know
     */
    public record CategoryView(Category category, String label, int count, List<DocumentView> documents) {}

    /**
     * @param identifierSystem the identifier the DMP was searched with (INS_C, INS_NIR...)
     * @param since for the documents deposited since the patient's last search (less {@link #SEARCH_OVERLAP}, ISO 8601),
     *     or null for every one the scope covers
     */
    public record DocumentsView(String identifierSystem, Scope scope, String since, int count, List<CategoryView> categories) {}

    /** @param to the practice patient to file it under, when several hold the identifier */
    public record TransferBody(String to) {}

    /** Who does not see the document: every flag is required, masked to professionals combines with no other. */
    public record VisibilityBody(Boolean hiddenFromPatient, Boolean maskedToProfessionals, Boolean hiddenFromLegalRepresentatives) {}

    /** @param archived archived (true), or brought back among the current documents (false) */
    public record ArchivedBody(Boolean archived) {}

    /** What a listing asks the DMP for. */
    public enum Scope {
        /**
         * The automatic search: for a patient never searched (with the identifier he holds), his
         * approved documents created in the last two years; else the approved ones deposited since his last search
         * (less {@link #SEARCH_OVERLAP}).
         */
        CHANGES,
        /** The approved documents created in the last two years. */
        RECENT,
        /** Every document of any date, archived and replaced ones included. */
        ALL
    }

    /** How far back the first search of a patient goes. */
    static final Period FIRST_SEARCH = Period.ofYears(2);
    /**
     * How long before the last search a later one starts: the DMP dates a deposit to the second, by
     * its own clock; a document listed twice is the same unique id.
     */
    static final Duration SEARCH_OVERLAP = Duration.ofMinutes(5);
    static final String NOT_IN_THE_DMP = "Ce document n'est pas dans le DMP du patient.";
    /** Every document of any status the DMP lists. */
    private static final DocumentQuery EVERY_DOCUMENT = new DocumentQuery(Set.of(), Optional.empty(), Optional.empty(),
            DocumentQuery.EVERY_STATUS);

    private final PatientRecords records;
    private final ConnectorHolder connector;
    /** Where "Ouvrir" keeps a document between the DMP's answer and the browser's: private, emptied at each start. */
    private final java.nio.file.Path opened;

    @Activate
    public DmpDocumentsResource(@Reference PatientRecords records, @Reference ConnectorHolder connector, BundleContext context)
            throws IOException {
        this.records = records;
        this.connector = connector;
        this.opened = PrivateFiles.folder(DataFolder.resolve(context, "", "bridge").resolve("opened"));
        try (DirectoryStream<java.nio.file.Path> left = Files.newDirectoryStream(opened)) {
            for (java.nio.file.Path file : left) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** @param scope CHANGES (the automatic search, by default), RECENT or ALL */
    @GET
    public DocumentsView list(@PathParam("localId") String localId, @QueryParam("scope") @DefaultValue("CHANGES") String scope)
            throws RecordException, ConnectorException {
        Patient patient = PatientResource.require(records, localId);
        Ins ins = PatientResource.identifierOf(patient);
        Scope asked = DepositResource.value(Scope.class, scope, "scope");
        Optional<Instant> since = (asked == Scope.CHANGES ? records.lastSearch(localId) : Optional.<Instant>empty())
                .map(last -> last.minus(SEARCH_OVERLAP));
        Instant now = Instant.now();
        DocumentQuery query = asked == Scope.ALL ? EVERY_DOCUMENT : since.isPresent() ? DocumentQuery.ALL
                : new DocumentQuery(Set.of(), Optional.of(LocalDate.ofInstant(now, ZoneOffset.UTC).minus(FIRST_SEARCH)),
                        Optional.empty(), Set.of());
        List<DocumentEntry> entries = connector.current().find(ins, query).stream()
                .filter(entry -> since.map(start -> !entry.deposited().isBefore(start)).orElse(true)).toList();
        records.searched(localId, ins, now);
        Map<String, String> received = records.receivedInto(entries.stream().map(DocumentEntry::uniqueId).toList());
        List<CategoryView> categories = new ArrayList<>();
        for (Category category : Category.values()) {
            categories.add(category(category, category.label(), entries.stream()
                    .filter(entry -> entry.category().equals(Optional.of(category))).toList(), received));
        }
        List<DocumentEntry> others = entries.stream().filter(entry -> entry.category().isEmpty()).toList();
        if (!others.isEmpty()) {
            categories.add(category(null, "Autres documents", others, received));
        }
        return new DocumentsView(ins.system().name(), asked, since.map(Instant::toString).orElse(null), entries.size(), categories);
    }

    /**
     * "Ouvrir": the document's body as the DMP gives it, fetched whole into a file of the
     * container's user (mode 600) before the answer starts, so that a DMP failing midway is an
     * error answer, never a cut document; the file is deleted once sent.
     */
    @GET
    @Path("{uniqueId}/content")
    @Produces({"application/pdf", "text/plain", MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    public Response content(@PathParam("localId") String localId, @PathParam("uniqueId") String uniqueId)
            throws RecordException, ConnectorException, IOException {
        Patient patient = PatientResource.require(records, localId);
        Ins ins = PatientResource.identifierOf(patient);
        DmpConnector bound = connector.current();
        DocumentEntry entry = entry(bound, ins, uniqueId);
        java.nio.file.Path copy = Files.createTempFile(opened, "dmp-document-", ".part");
        long size;
        try {
            try (OutputStream out = Files.newOutputStream(copy)) {
                size = bound.retrieve(ins, uniqueId, out);
            }
        } catch (IOException | ConnectorException | RuntimeException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
        StreamingOutput body = out -> {
            try {
                Files.copy(copy, out);
            } finally {
                Files.deleteIfExists(copy);
            }
        };
        return Response.ok(body, mediaType(entry.formatCode())).header("Content-Length", size).build();
    }

    /** "Transférer vers Médialogis". */
    @POST
    @Path("{uniqueId}/transfer")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response transfer(@PathParam("localId") String localId, @PathParam("uniqueId") String uniqueId, TransferBody body)
            throws RecordException, ConnectorException {
        Patient patient = PatientResource.require(records, localId);
        Ins ins = PatientResource.identifierOf(patient);
        DmpConnector bound = connector.current();
        DocumentEntry entry = entry(bound, ins, uniqueId);
        Patient target = target(ins, body == null ? Optional.empty() : PatientResource.optional(body.to()));
        ReceivedDocument received = records.receive(target.localId(), ins, entry, into -> bound.retrieve(ins, uniqueId, into));
        return Response.status(Response.Status.CREATED).entity(ReceivedResource.ReceivedView.of(received)).build();
    }

    /** "Masquer au patient", "Masquer aux professionnels de santé"...: who sees a document this doctor deposited. */
    @PUT
    @Path("{uniqueId}/visibility")
    @Consumes(MediaType.APPLICATION_JSON)
    public DocumentView visibility(@PathParam("localId") String localId, @PathParam("uniqueId") String uniqueId, VisibilityBody body)
            throws RecordException, ConnectorException {
        if (body == null) {
            throw ApiProblem.badField("hiddenFromPatient", "required");
        }
        Set<Confidentiality> flags = EnumSet.noneOf(Confidentiality.class);
        if (PatientResource.required(body.hiddenFromPatient(), "hiddenFromPatient")) {
            flags.add(Confidentiality.INVISIBLE_PATIENT);
        }
        if (PatientResource.required(body.maskedToProfessionals(), "maskedToProfessionals")) {
            flags.add(Confidentiality.MASQUE_PS);
        }
        if (PatientResource.required(body.hiddenFromLegalRepresentatives(), "hiddenFromLegalRepresentatives")) {
            flags.add(Confidentiality.INVISIBLE_REPRESENTANTS_LEGAUX);
        }
        if (flags.contains(Confidentiality.MASQUE_PS) && flags.size() > 1) {
            throw new ApiProblem(Response.Status.BAD_REQUEST, "INVALID_VISIBILITY", "Un document masqué aux professionnels de santé"
                    + " reste visible du patient et de ses représentants légaux : choisissez l'un ou l'autre.",
                    "maskedToProfessionals combines with neither hiddenFromPatient nor hiddenFromLegalRepresentatives");
        }
        return change(localId, uniqueId, (bound, ins) -> bound.changeVisibility(ins, uniqueId, flags));
    }

    /** "Archiver", "Désarchiver": an archived document stays in the DMP, listed with every document only. */
    @PUT
    @Path("{uniqueId}/archived")
    @Consumes(MediaType.APPLICATION_JSON)
    public DocumentView archive(@PathParam("localId") String localId, @PathParam("uniqueId") String uniqueId, ArchivedBody body)
            throws RecordException, ConnectorException {
        boolean archived = PatientResource.required(body == null ? null : body.archived(), "archived");
        return change(localId, uniqueId, (bound, ins) -> bound.archive(ins, uniqueId, archived));
    }

    /** "Supprimer": a document this doctor deposited, no longer listed nor read. */
    @DELETE
    @Path("{uniqueId}")
    public Response delete(@PathParam("localId") String localId, @PathParam("uniqueId") String uniqueId)
            throws RecordException, ConnectorException {
        Patient patient = PatientResource.require(records, localId);
        Ins ins = PatientResource.identifierOf(patient);
        DmpConnector bound = connector.current();
        entry(bound, ins, uniqueId);
        try {
            bound.delete(ins, uniqueId);
        } catch (ConnectorException e) {
            throw refusal(e);
        }
        return Response.noContent().build();
    }

    /** A change of one of the patient's documents, made by the driver. */
    @FunctionalInterface
    private interface DocumentChange {
        void apply(DmpConnector bound, Ins ins) throws ConnectorException;
    }

    /** @return the document as the DMP lists it once changed */
    private DocumentView change(String localId, String uniqueId, DocumentChange change) throws RecordException, ConnectorException {
        Patient patient = PatientResource.require(records, localId);
        Ins ins = PatientResource.identifierOf(patient);
        uniqueId(uniqueId, "uniqueId");
        DmpConnector bound = connector.current();
        try {
            change.apply(bound, ins);
        } catch (ConnectorException e) {
            throw refusal(e);
        }
        DocumentEntry changed = entry(bound, ins, uniqueId);
        return view(changed, records.receivedInto(List.of(changed.uniqueId())));
    }

    /**
     * The DMP's permanent refusal of a change (another professional's document, a replaced one),
     * thrown as such, its code and reason in the detail. A failure to try again, a document the
     * driver did not find and a driver that cannot change documents are returned, to be said as
     * every call says them.
     */
    private static ConnectorException refusal(ConnectorException failure) {
        if (failure.isTransient() || failure.dmpCode().equals(ConnectorException.NOT_SUPPORTED)
                || failure.dmpCode().equals(ConnectorException.DOCUMENT_NOT_FOUND)) {
            return failure;
        }
        throw new ApiProblem(Response.Status.BAD_GATEWAY, failure.dmpCode().isEmpty() ? "DMP" : failure.dmpCode(),
                "Le DMP a refusé de modifier ce document : seul le professionnel qui l'a déposé peut le modifier, et un"
                + " document remplacé ne change plus.", failure.getMessage());
    }

    /** @return the unique id, if it is one as the DMP lists them; else a 400 naming the field */
    static String uniqueId(String value, String field) {
        if (!Oids.isDmpUniqueId(value)) {
            throw ApiProblem.badField(field, "a document's unique id is 1 to " + Oids.LONGEST_DMP_UNIQUE_ID
                    + " characters without spaces, as the DMP lists it");
        }
        return value;
    }

    /** The practice patient holding the identifier: the one named, or the only one. */
    private Patient target(Ins ins, Optional<String> named) throws RecordException {
        if (named.isPresent()) {
            Patient chosen = PatientResource.require(records, named.get());
            if (!chosen.identifier().map(Ins::value).equals(Optional.of(ins.value()))) {
                throw new ApiProblem(Response.Status.CONFLICT, "NOT_THE_SAME_PATIENT", "Ce document du DMP n'est pas celui de ce"
                        + " patient : il ne peut être transféré que dans le dossier du patient du DMP.",
                        "patient " + chosen.localId() + " does not hold the identifier of the DMP browsed");
            }
            return chosen;
        }
        List<Patient> holders = records.withIdentifier(ins);
        if (holders.isEmpty()) {
            throw new RecordException(RecordException.Problem.UNKNOWN_PATIENT, "no patient of the practice holds the identifier any more");
        }
        if (holders.size() > 1) {
            throw new ApiProblem(Response.Status.CONFLICT, "SEVERAL_PATIENTS", "Plusieurs dossiers de patients ont cet identifiant :"
                    + " choisissez celui qui reçoit le document.", "patients " + String.join(", ", holders.stream().map(Patient::localId)
                    .toList()) + " hold the identifier: name one in \"to\"");
        }
        return holders.get(0);
    }

    /** @return the patient's document of that unique id, whatever its status */
    private static DocumentEntry entry(DmpConnector bound, Ins ins, String uniqueId) throws ConnectorException {
        uniqueId(uniqueId, "uniqueId");
        return bound.find(ins, EVERY_DOCUMENT).stream().filter(entry -> entry.uniqueId().equals(uniqueId)).findFirst()
                .orElseThrow(() -> new ApiProblem(Response.Status.NOT_FOUND, "NO_SUCH_DOCUMENT", NOT_IN_THE_DMP,
                        "no document of the patient's DMP has that unique id"));
    }

    /** @param received the patient each DMP document received already went into, by its unique id */
    private static CategoryView category(Category category, String label, List<DocumentEntry> entries, Map<String, String> received) {
        List<DocumentView> documents = entries.stream().map(entry -> view(entry, received)).toList();
        return new CategoryView(category, label, documents.size(), documents);
    }

    private static DocumentView view(DocumentEntry entry, Map<String, String> received) {
        return new DocumentView(entry.uniqueId(), entry.title(), entry.description(), entry.categoryCode(),
                format(entry.formatCode()).map(Enum::name).orElse(entry.formatCode()), entry.author(), entry.profession(),
                entry.specialty().orElse(null), entry.institution().orElse(null), entry.created().toString(),
                entry.deposited().toString(), entry.confidentiality().contains(Confidentiality.INVISIBLE_PATIENT),
                entry.confidentiality().contains(Confidentiality.MASQUE_PS),
                entry.confidentiality().contains(Confidentiality.INVISIBLE_REPRESENTANTS_LEGAUX), entry.status(),
                entry.replaces().orElse(null), received.get(entry.uniqueId()));
    }

    static Optional<DocumentFormat> format(String formatCode) {
        return Arrays.stream(DocumentFormat.values()).filter(format -> format.formatCode().equals(formatCode)).findFirst();
    }

    static String mediaType(String formatCode) {
        return format(formatCode).map(DocumentFormat::mimeType).orElse(MediaType.APPLICATION_OCTET_STREAM);
    }

}
