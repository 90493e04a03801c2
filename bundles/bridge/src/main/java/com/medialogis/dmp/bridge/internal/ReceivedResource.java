package com.medialogis.dmp.bridge.internal;

import com.medialogis.dmp.connector.DocumentContent;
import com.medialogis.dmp.record.PatientRecords;
import com.medialogis.dmp.record.ReceivedDocument;
import com.medialogis.dmp.record.RecordException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import javax.ws.rs.GET;
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

/** The DMP documents transferred into a patient's record, with the reception details of the "received" icon. */
@Component(service = ReceivedResource.class)
@JaxrsResource
@JaxrsApplicationSelect(BridgeApplication.SELECT)
@Path("patients/{localId}/received")
@Produces(MediaType.APPLICATION_JSON)
public class ReceivedResource {

    /**
     * A received document: the "received" icon's label.
     *
     * @param dated its date in the DMP, at which the record shows it (ISO 8601)
     * @param received when it was transferred (ISO 8601)
     * @param replacedBy the unique id of a received document that replaces it, or null
     */
    public record ReceivedView(long id, String patientId, String dmpUniqueId, String title, String description, String categoryCode,
            String format, String dated, String deposited, String received, long size, String replaces, String replacedBy) {
        static ReceivedView of(ReceivedDocument document) {
            return new ReceivedView(document.id(), document.patientId(), document.dmpUniqueId(), document.title(),
                    document.description(), document.categoryCode(),
                    DmpDocumentsResource.format(document.formatCode()).map(Enum::name).orElse(document.formatCode()),
                    document.dated().toString(), document.deposited().toString(), document.received().toString(), document.size(),
                    document.replaces().orElse(null), document.replacedBy().orElse(null));
        }
    }

    private final PatientRecords records;

    @Activate
    public ReceivedResource(@Reference PatientRecords records) {
        this.records = records;
    }

    @GET
    public List<ReceivedView> list(@PathParam("localId") String localId) throws RecordException {
        PatientResource.require(records, localId);
        return records.receivedDocuments(localId).stream().map(ReceivedView::of).toList();
    }

    @GET
    @Path("{id}/content")
    @Produces({"application/pdf", "text/plain", MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    public Response content(@PathParam("localId") String localId, @PathParam("id") long id) throws RecordException {
        PatientResource.require(records, localId);
        ReceivedDocument document = records.receivedDocuments(localId).stream().filter(received -> received.id() == id).findFirst()
                .orElseThrow(() -> new ApiProblem(Response.Status.NOT_FOUND, "NO_SUCH_DOCUMENT", "Ce document n'est pas dans le"
                        + " dossier du patient.", "the patient has no received document #" + id));
        DocumentContent content = records.content(document);
        InputStream in;
        try {
            in = content.open();
        } catch (IOException e) {
            throw new RecordException(RecordException.Problem.STORAGE, "received document #" + id + " could not be read: "
                    + e.getMessage(), e);
        }
        StreamingOutput body = out -> {
            try (in) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, DmpDocumentsResource.mediaType(document.formatCode())).header("Content-Length", content.size()).build();
    }
}
