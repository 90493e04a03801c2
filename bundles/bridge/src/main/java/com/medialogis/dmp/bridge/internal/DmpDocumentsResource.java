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
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The DMP document browser: the patient's DMP documents grouped by category with counts, one's
 * content ("Ouvrir"), and "Transférer vers Médialogis": the document filed under the practice
 * patient holding the same identifier, whichever patient is open, once.
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

    /** @param identifierSystem the identifier the DMP was searched with (INS_C, INS_NIR...) */
    public record DocumentsView(String identifierSystem, int count, List<CategoryView> categories) {}

    /** @param to the practice patient to file it under, when several hold the identifier */
    public record TransferBody(String to) {}

    private final PatientRecords records;
    private final ConnectorHolder connector;

    @Activate
    public DmpDocumentsResource(@Reference PatientRecords records, @Reference ConnectorHolder connector) {
        this.records = records;
        this.connector = connector;
    }

    @GET
    public DocumentsView list(@PathParam("localId") String localId) throws RecordException, ConnectorException {
        Patient patient = PatientResource.require(records, localId);
        Ins ins = PatientResource.identifierOf(patient);
        List<DocumentEntry> entries = connector.current().find(ins, DocumentQuery.ALL);
        List<CategoryView> categories = new ArrayList<>();
        for (Category category : Category.values()) {
            categories.add(category(category, category.label(), entries.stream()
                    .filter(entry -> entry.category().equals(Optional.of(category))).toList()));
        }
        List<DocumentEntry> others = entries.stream().filter(entry -> entry.category().isEmpty()).toList();
        if (!others.isEmpty()) {
            categories.add(category(null, "Autres documents", others));
        }
        return new DocumentsView(ins.system().name(), entries.size(), categories);
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
        java.nio.file.Path copy = Files.createTempFile("dmp-document-", ".part");
        try {
            try (OutputStream out = Files.newOutputStream(copy)) {
                bound.retrieve(ins, uniqueId, out);
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
        return Response.ok(body, mediaType(entry.formatCode())).header("Content-Length", Files.size(copy))
                .header("Cache-Control", "no-store").build();
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

    private static DocumentEntry entry(DmpConnector bound, Ins ins, String uniqueId) throws ConnectorException {
        return bound.find(ins, DocumentQuery.ALL).stream().filter(entry -> entry.uniqueId().equals(uniqueId)).findFirst()
                .orElseThrow(() -> new ApiProblem(Response.Status.NOT_FOUND, "NO_SUCH_DOCUMENT", "Ce document n'est pas dans le DMP"
                        + " du patient.", "no document of the patient's DMP has that unique id"));
    }

    private CategoryView category(Category category, String label, List<DocumentEntry> entries) throws RecordException {
        List<DocumentView> documents = new ArrayList<>();
        for (DocumentEntry entry : entries) {
            documents.add(new DocumentView(entry.uniqueId(), entry.title(), entry.description(), entry.categoryCode(),
                    format(entry.formatCode()).map(Enum::name).orElse(entry.formatCode()), entry.author(), entry.profession(),
                    entry.specialty().orElse(null), entry.institution().orElse(null), entry.created().toString(),
                    entry.deposited().toString(), entry.confidentiality().contains(Confidentiality.INVISIBLE_PATIENT),
                    entry.confidentiality().contains(Confidentiality.MASQUE_PS),
                    entry.confidentiality().contains(Confidentiality.INVISIBLE_REPRESENTANTS_LEGAUX), entry.status(),
                    entry.replaces().orElse(null), records.received(entry.uniqueId()).map(ReceivedDocument::patientId).orElse(null)));
        }
        return new CategoryView(category, label, documents.size(), documents);
    }

    static Optional<DocumentFormat> format(String formatCode) {
        return Arrays.stream(DocumentFormat.values()).filter(format -> format.formatCode().equals(formatCode)).findFirst();
    }

    static String mediaType(String formatCode) {
        return format(formatCode).map(DocumentFormat::mimeType).orElse(MediaType.APPLICATION_OCTET_STREAM);
    }

}
