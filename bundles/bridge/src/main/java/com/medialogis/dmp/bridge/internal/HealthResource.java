package com.medialogis.dmp.bridge.internal;

import com.medialogis.dmp.support.health.Checks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** The gateway's health checks (those {@code dmp:health} shows), for the page's corner. */
@Component(service = HealthResource.class)
@JaxrsResource
@JaxrsApplicationSelect(BridgeApplication.SELECT)
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    /** @param messages what it saw, then what to do */
    public record CheckView(String name, String status, List<String> tags, List<String> messages) {}

    /** @param overall the worst status */
    public record HealthView(String overall, List<CheckView> checks) {}

    private final AtomicReference<HealthCheckExecutor> executor = new AtomicReference<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindExecutor(HealthCheckExecutor bound) {
        executor.set(bound);
    }

    void unbindExecutor(HealthCheckExecutor gone) {
        executor.compareAndSet(gone, null);
    }

    @GET
    public HealthView health() {
        HealthCheckExecutor running = Optional.ofNullable(executor.get()).orElseThrow(() -> new ApiProblem(
                Response.Status.SERVICE_UNAVAILABLE, "NO_HEALTH_CHECKS", "Les contrôles de santé ne sont pas disponibles.",
                "no HealthCheckExecutor: bundle org.apache.felix.healthcheck.core is not active"));
        List<CheckView> checks = new ArrayList<>();
        Result.Status worst = Result.Status.OK;
        for (HealthCheckExecutionResult result : running.execute(HealthCheckSelector.tags(Checks.DMP), new HealthCheckExecutionOptions())) {
            List<String> messages = new ArrayList<>();
            for (ResultLog.Entry entry : result.getHealthCheckResult()) {
                if (!entry.isDebug()) {
                    messages.add(entry.getMessage());
                }
            }
            Result.Status status = result.getHealthCheckResult().getStatus();
            worst = status.ordinal() > worst.ordinal() ? status : worst;
            checks.add(new CheckView(result.getHealthCheckMetadata().getTitle(), status.name(),
                    List.copyOf(result.getHealthCheckMetadata().getTags()), messages));
        }
        checks.sort(Comparator.comparing(CheckView::name));
        return new HealthView(worst.name(), checks);
    }
}
