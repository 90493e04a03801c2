package com.medialogis.dmp.bridge.internal;

import com.medialogis.dmp.bridge.internal.records.RecordService;
import com.medialogis.dmp.support.health.Checks;
import com.medialogis.dmp.support.net.PortHolder;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime;
import org.osgi.service.jaxrs.runtime.JaxrsServiceRuntimeConstants;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.FailedApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;

/**
 * The bridge serves the practice program: its application is published on the container's HTTP
 * server and the practice records are open (a database that could not be opened is CRITICAL here,
 * not only in the log); when the server does not serve, the check names the port and, where the
 * system tells, the process that holds it.
 */
@Component(property = {
    HealthCheck.NAME + "=Bridge",
    HealthCheck.TAGS + "=" + Checks.DMP,
    HealthCheck.TAGS + "=" + Checks.READY
})
public class BridgeCheck implements HealthCheck {

    /** The framework property of the HTTP port (config.properties). */
    static final String PORT = "org.osgi.service.http.port";

    private final BundleContext context;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServiceReference<JaxrsServiceRuntime> runtime;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile RecordService records;

    @Activate
    public BridgeCheck(BundleContext context) {
        this.context = context;
    }

    @Override
    public Result execute() {
        ServiceReference<JaxrsServiceRuntime> reference = runtime;
        Optional<RuntimeDTO> dto = Optional.ofNullable(reference).map(context::getService).map(JaxrsServiceRuntime::getRuntimeDTO);
        if (reference != null) {
            context.ungetService(reference);
        }
        if (dto.isEmpty()) {
            return notServing();
        }
        for (FailedApplicationDTO failed : dto.get().failedApplicationDTOs) {
            if (BridgeApplication.NAME.equals(failed.name)) {
                return Checks.problem(Result.Status.CRITICAL, "the bridge's application was refused by the JAX-RS whiteboard (reason "
                        + failed.failureReason + ")", "read the container's log");
            }
        }
        Optional<ApplicationDTO> application = Arrays.stream(dto.get().applicationDTOs)
                .filter(candidate -> BridgeApplication.NAME.equals(candidate.name)).findFirst();
        if (application.isEmpty()) {
            return Checks.problem(Result.Status.TEMPORARILY_UNAVAILABLE, "the bridge's application is being published", "wait a moment");
        }
        Optional<Result> recordsProblem = Optional.ofNullable(records).flatMap(RecordService::problem);
        if (recordsProblem.isPresent()) {
            return recordsProblem.get();
        }
        return Checks.ok("the bridge serves " + endpoint(reference.getProperty(JaxrsServiceRuntimeConstants.JAX_RS_SERVICE_ENDPOINT))
                + BridgeApplication.BASE + " ("
                + application.get().resourceDTOs.length + " resources)");
    }

    /** @return the runtime's first endpoint: the property is a string, an array or a collection of them */
    static String endpoint(Object property) {
        Object first = property instanceof Object[] several ? several[0]
                : property instanceof Collection<?> several ? several.iterator().next() : property;
        String endpoint = String.valueOf(first);
        return endpoint.endsWith("/") ? endpoint : endpoint + "/";
    }

    /** No JAX-RS runtime: the HTTP server has not started, or cannot, its port being held by another process. */
    private Result notServing() {
        String configured = context.getProperty(PORT);
        Optional<String> holder = Optional.empty();
        try {
            int port = Integer.parseInt(configured);
            String self = "pid " + ProcessHandle.current().pid() + ":";
            holder = PortHolder.of(port).filter(process -> !process.startsWith(self));
            if (holder.isPresent()) {
                return Checks.problem(Result.Status.CRITICAL, "the bridge does not serve: port " + port + " of 127.0.0.1 is taken, held by "
                        + holder.get(), "stop that process, or give the bridge another port (" + PORT + " in conf/config.properties)");
            }
        } catch (NumberFormatException e) {
            return Checks.problem(Result.Status.CRITICAL, "the bridge does not serve: " + PORT + " is not a port number ('" + configured
                    + "')", "set it in conf/config.properties");
        }
        return Checks.problem(Result.Status.TEMPORARILY_UNAVAILABLE, "the HTTP server is starting", "wait a moment; if it lasts,"
                + " the container's log says why");
    }
}
