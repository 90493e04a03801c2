package com.medialogis.dmp.bridge.internal;

import com.medialogis.dmp.queue.Deposit;
import com.medialogis.dmp.queue.DepositQueue;
import com.medialogis.dmp.queue.DepositState;
import com.medialogis.dmp.queue.QueueException;
import com.medialogis.dmp.queue.QueueStats;
import com.medialogis.dmp.record.PatientRecords;
import com.medialogis.dmp.record.RecordException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
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

/** The deposit queue, as {@code queue:} commands show it: deposits by state, retry and cancel. */
@Component(service = QueueResource.class)
@JaxrsResource
@JaxrsApplicationSelect(BridgeApplication.SELECT)
@Path("queue")
@Produces(MediaType.APPLICATION_JSON)
public class QueueResource {

    static final int MOST_LISTED = 500;

    /** A deposit; no identifier nor title of the patient's beyond the title the practice wrote. */
    public record DepositView(long id, String title, String category, long size, DepositState state, int attempts, String enqueued,
            String due, String finished, String outcome, String dmpUniqueId) {
        static DepositView of(Deposit deposit) {
            return new DepositView(deposit.id(), deposit.title(), deposit.category().name(), deposit.size(), deposit.state(),
                    deposit.attempts(), deposit.enqueued().toString(), deposit.due().map(Object::toString).orElse(null),
                    deposit.finished().map(Object::toString).orElse(null), deposit.outcome(), deposit.dmpUniqueId().orElse(null));
        }
    }

    /**
     * @param oldestWaitSeconds how long the oldest queued deposit has waited, or null
     * @param failure the worker's or the writer's failure, or null
     */
    public record QueueView(Map<DepositState, Long> counts, Long oldestWaitSeconds, long doneLastMinute, long doneLastHour,
            String worker, String failure, List<DepositView> deposits) {}

    private final DepositQueue queue;
    private final PatientRecords records;

    @Activate
    public QueueResource(@Reference DepositQueue queue, @Reference PatientRecords records) {
        this.queue = queue;
        this.records = records;
    }

    /** @param state only the deposits in that state; all when absent */
    @GET
    public QueueView list(@QueryParam("state") String state, @QueryParam("limit") @DefaultValue("100") String limit)
            throws QueueException {
        int most = PatientResource.number(limit, "limit", 1, MOST_LISTED);
        Optional<DepositState> only = PatientResource.optional(state).map(name -> DepositResource.value(DepositState.class, name, "state"));
        QueueStats stats = queue.stats();
        return new QueueView(stats.counts(), stats.oldestQueued().map(wait -> wait.toSeconds()).orElse(null), stats.doneLastMinute(),
                stats.doneLastHour(), stats.worker(), stats.failure().orElse(null),
                queue.list(only, most).stream().map(DepositView::of).toList());
    }

    @POST
    @Path("{id}/retry")
    public DepositView retry(@PathParam("id") long id) throws QueueException, RecordException {
        Deposit deposit = queue.retry(id);
        records.update(deposit);
        return DepositView.of(deposit);
    }

    @POST
    @Path("{id}/cancel")
    public DepositView cancel(@PathParam("id") long id) throws QueueException, RecordException {
        Deposit deposit = queue.cancel(id);
        records.update(deposit);
        return DepositView.of(deposit);
    }
}
