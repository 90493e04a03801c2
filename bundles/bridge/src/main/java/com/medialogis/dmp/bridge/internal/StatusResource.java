package com.medialogis.dmp.bridge.internal;

import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DmpState;
import com.medialogis.dmp.identity.IdentityException;
import com.medialogis.dmp.identity.InsCalculator;
import com.medialogis.dmp.status.DmpStatusService;
import com.medialogis.dmp.status.PatientStatus;
import java.time.LocalDate;
import java.util.Optional;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** The toolbar: a patient's DMP state with the seed's French label and the action it allows. */
@Component(service = StatusResource.class)
@JaxrsResource
@JaxrsApplicationSelect(BridgeApplication.SELECT)
@Path("patients/{identifier}/dmp-status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    /**
     * A patient's DMP state as the toolbar shows it.
     *
     * @param state the state (NO_IDENTIFIER, NOT_FOUND, CLOSED, NOT_AUTHORIZED, DENIED, AUTHORIZED)
     * @param label the toolbar's French sentence for it
     * @param action what the practice program offers
     * @param closedOn the DMP's closing date (ISO 8601), when it is closed and the DMP gave it
     * @param detail why, when the DMP said more (an expired authorization...)
     * @param ageSeconds how old the DMP's answer is
     */
    public record Toolbar(DmpState state, String label, String action, String closedOn, String detail, long ageSeconds) {}

    private final DmpStatusService statuses;
    private final InsCalculator calculator;

    @Activate
    public StatusResource(@Reference DmpStatusService statuses, @Reference InsCalculator calculator) {
        this.statuses = statuses;
        this.calculator = calculator;
    }

    /**
     * @param identifier an INS-C (22 digits) or an INS (the NIR with its key)
     * @param refresh ask the DMP even when a fresh answer is kept
     */
    @GET
    public Toolbar status(@PathParam("identifier") String identifier, @QueryParam("refresh") boolean refresh)
            throws IdentityException, ConnectorException {
        var ins = calculator.identifier(identifier);
        PatientStatus status = refresh ? statuses.refresh(ins) : statuses.status(Optional.of(ins));
        return new Toolbar(status.dmp().state(), Labels.toolbar(status.dmp().state()), status.action().name(),
                status.dmp().closedOn().map(LocalDate::toString).orElse(null), status.dmp().detail(), status.age().toSeconds());
    }
}
