package com.medialogis.dmp.bridge.internal;

import com.medialogis.dmp.connector.AuthorRole;
import com.medialogis.dmp.connector.Category;
import com.medialogis.dmp.connector.Confidentiality;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DmpState;
import com.medialogis.dmp.connector.DocumentContent;
import com.medialogis.dmp.connector.DocumentFormat;
import com.medialogis.dmp.connector.PracticeSetting;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.queue.Deposit;
import com.medialogis.dmp.queue.DepositQueue;
import com.medialogis.dmp.queue.DepositRequest;
import com.medialogis.dmp.queue.DepositState;
import com.medialogis.dmp.queue.QueueException;
import com.medialogis.dmp.record.Patient;
import com.medialogis.dmp.record.PatientRecords;
import com.medialogis.dmp.record.RecordException;
import com.medialogis.dmp.record.SentDocument;
import com.medialogis.dmp.status.DmpStatusService;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Envoyer sur le DMP": a letter or document of the practice deposited in the patient's DMP, put in
 * the queue ("Mettre en file d'attente") or sent now ("Déposer tout de suite"); and the patient's
 * sent documents with their deposit details, for the "sent" icon's label. The body is the document
 * itself (PDF or text), read once as a stream into the queue; the deposit dialog's fields are the
 * query's parameters.
 */
@Component(service = DepositResource.class)
@JaxrsResource
@JaxrsApplicationSelect(BridgeApplication.SELECT)
@Path("patients/{localId}/deposits")
@Produces(MediaType.APPLICATION_JSON)
public class DepositResource {

    private static final Logger LOG = LoggerFactory.getLogger(DepositResource.class);
    /** The longest wait of "Déposer tout de suite" for the DMP's answer; the deposit goes on in the queue after it. */
    static final Duration NOW_WAIT = Duration.ofSeconds(90);
    private static final Set<DepositState> FINAL = EnumSet.of(DepositState.DONE, DepositState.CANCELLED);

    /**
     * A sent letter or document: the "sent" icon's label.
     *
     * @param requested when it was given to the queue (ISO 8601)
     * @param finished when the DMP took or refused it, or null
     * @param dmpUniqueId its unique id in the DMP once it holds it, or null
     */
    public record SentView(long id, String documentId, long depositId, String title, String description, Category category,
            String requested, DepositState state, String finished, String dmpUniqueId, String outcome) {
        static SentView of(SentDocument sent) {
            return new SentView(sent.id(), sent.documentId(), sent.depositId(), sent.title(), sent.description(), sent.category(),
                    sent.requested().toString(), sent.state(), sent.finished().map(Object::toString).orElse(null),
                    sent.dmpUniqueId().orElse(null), sent.outcome());
        }
    }

    private final PatientRecords records;
    private final DepositQueue queue;
    private final DmpStatusService statuses;

    @Activate
    public DepositResource(@Reference PatientRecords records, @Reference DepositQueue queue, @Reference DmpStatusService statuses) {
        this.records = records;
        this.queue = queue;
        this.statuses = statuses;
    }

    /**
     * @param documentId the practice program's number of the letter or document
     * @param category the category (CONSULTATION, DIAGNOSTIC_PROCEDURE...)
     * @param role ACTEUR, ACTEUR_PRINCIPAL (default) or ASSISTANT
     * @param setting the care setting: AMBULATOIRE
     * @param now "Déposer tout de suite": wait for the DMP's answer
     * @param replaces "Remplacer": the unique id of the patient's DMP document this one is the new version of
     */
    @POST
    @Consumes({"application/pdf", "text/plain"})
    public Response deposit(@PathParam("localId") String localId, @QueryParam("documentId") String documentId,
            @QueryParam("title") String title, @QueryParam("description") @DefaultValue("") String description,
            @QueryParam("category") String category, @QueryParam("role") @DefaultValue("ACTEUR_PRINCIPAL") String role,
            @QueryParam("setting") @DefaultValue("AMBULATOIRE") String setting,
            @QueryParam("hiddenFromPatient") String hiddenFromPatient,
            @QueryParam("maskedToProfessionals") String maskedToProfessionals, @QueryParam("now") String now,
            @QueryParam("replaces") String replaces, @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
            InputStream body) throws RecordException, QueueException, ConnectorException {
        Patient patient = PatientResource.require(records, localId);
        try {
            Patient.checkLocalId(PatientResource.required(documentId, "documentId"));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badField("documentId", "the document's number is 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (length == null) {
            throw new ApiProblem(Response.Status.LENGTH_REQUIRED, "LENGTH_REQUIRED", "La taille du document est nécessaire.",
                    "send the document with its Content-Length");
        }
        Ins ins = PatientResource.identifierOf(patient);
        refuseWithoutDmp(ins);
        Set<Confidentiality> confidentiality = EnumSet.noneOf(Confidentiality.class);
        if (PatientResource.flag(hiddenFromPatient, "hiddenFromPatient")) {
            confidentiality.add(Confidentiality.INVISIBLE_PATIENT);
        }
        if (PatientResource.flag(maskedToProfessionals, "maskedToProfessionals")) {
            confidentiality.add(Confidentiality.MASQUE_PS);
        }
        DepositRequest request = new DepositRequest(Optional.of(ins), PatientResource.required(title, "title").strip(),
                description.strip(), value(Category.class, PatientResource.required(category, "category"), "category"),
                format(type), value(AuthorRole.class, role, "role"), value(PracticeSetting.class, setting, "setting"),
                confidentiality, Optional.ofNullable(replaces).map(replaced -> DmpDocumentsResource.uniqueId(replaced, "replaces")),
                upload(length, body));
        boolean waited = PatientResource.flag(now, "now");
        Deposit deposit = waited ? queue.depositNow(request, NOW_WAIT) : queue.enqueue(request);
        SentDocument sent;
        try {
            sent = records.sent(localId, documentId, request.description(), deposit);
        } catch (RecordException e) {
            LOG.error("Deposit #{} is {} but the patient's record could not keep it: {}", deposit.id(), deposit.state(),
                    e.problem());
            throw new ApiProblem(Response.Status.SERVICE_UNAVAILABLE, "SENT_NOT_RECORDED", "Le document est dans la file"
                    + " d'attente des dépôts, mais le dossier du patient n'a pas pu le noter : ne le renvoyez pas, la file"
                    + " d'attente le montre.", "deposit #" + deposit.id() + " is " + deposit.state() + "; the record failed: "
                    + e.problem());
        }
        return Response.status(Response.Status.CREATED).entity(SentView.of(sent)).build();
    }

    /** @return the patient's sent documents, newest first, each brought up to date with its deposit */
    @GET
    public List<SentView> sent(@PathParam("localId") String localId) throws RecordException, QueueException {
        PatientResource.require(records, localId);
        List<SentDocument> sent = records.sentDocuments(localId);
        boolean changed = false;
        for (SentDocument one : sent) {
            if (!FINAL.contains(one.state())) {
                Optional<Deposit> deposit = queue.deposit(one.depositId());
                if (deposit.isPresent() && (deposit.get().state() != one.state() || !deposit.get().outcome().equals(one.outcome()))) {
                    records.update(deposit.get());
                    changed = true;
                }
            }
        }
        return (changed ? records.sentDocuments(localId) : sent).stream().map(SentView::of).toList();
    }

    /**
     * The seed: "Ce bouton n'est pas accessible si le patient ne possède pas de DMP." A state the
     * DMP cannot be asked for now (no session, a transient failure) lets the deposit wait in the
     * queue; a permanent refusal is said.
     */
    private void refuseWithoutDmp(Ins ins) throws ConnectorException {
        DmpState state;
        try {
            state = statuses.status(Optional.of(ins)).dmp().state();
        } catch (ConnectorException e) {
            if (e.isTransient()) {
                return;
            }
            throw e;
        }
        if (state != DmpState.AUTHORIZED) {
            throw new ApiProblem(Response.Status.CONFLICT, state == DmpState.NOT_FOUND || state == DmpState.CLOSED ? "NO_DMP"
                    : "NOT_AUTHORIZED", Labels.toolbar(state), "the patient's DMP is " + state + ": nothing is deposited");
        }
    }

    private static DocumentFormat format(MediaType type) {
        if (type == null) {
            throw ApiProblem.badField("Content-Type", "application/pdf or text/plain");
        }
        String bare = type.getType() + "/" + type.getSubtype();
        for (DocumentFormat format : DocumentFormat.values()) {
            if (format.mimeType().equalsIgnoreCase(bare)) {
                return format;
            }
        }
        throw ApiProblem.badField("Content-Type", "application/pdf or text/plain, not " + bare);
    }

    static <E extends Enum<E>> E value(Class<E> type, String name, String field) {
        try {
            return Enum.valueOf(type, name.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badField(field, "one of " + EnumSet.allOf(type));
        }
    }

    /** The request's body as the queue reads it: once, with the size the caller announced. */
    private static DocumentContent upload(long length, InputStream body) {
        if (length < 0) {
            throw ApiProblem.badField("Content-Length", "a size in bytes");
        }
        return new DocumentContent() {
            private boolean opened;

            @Override
            public long size() {
                return length;
            }

            @Override
            public synchronized InputStream open() throws IOException {
                if (opened) {
                    throw new IOException("an upload is read once");
                }
                opened = true;
                return body;
            }
        };
    }
}
