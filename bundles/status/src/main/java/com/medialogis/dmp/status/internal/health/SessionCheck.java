package com.medialogis.dmp.status.internal.health;

import com.medialogis.dmp.connector.DmpConnector;
import com.medialogis.dmp.connector.SessionState;
import com.medialogis.dmp.status.internal.CachedDmpStatus;
import com.medialogis.dmp.support.health.Checks;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The DMP session of the driver in use: open since when, or closed and why. A driver that has
 * had no session since it was bound is fine (the doctor opens one when he starts, and deposits
 * wait for it, which the queue's check watches); a session that ended is a warning until one is
 * opened again.
 */
@Component(configurationPid = CachedDmpStatus.PID, property = {
    HealthCheck.NAME + "=DMP session",
    HealthCheck.TAGS + "=" + Checks.DMP,
    HealthCheck.TAGS + "=" + Checks.SESSION
})
public class SessionCheck implements HealthCheck {

    private record Bound(DmpConnector driver, Instant at) {}

    private final AtomicReference<Bound> bound = new AtomicReference<>();

    /** Named as the status service's reference, so that its connector.target setting applies here too. */
    @Reference(name = "connector", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindConnector")
    void bindConnector(DmpConnector driver) {
        bound.set(new Bound(driver, Instant.now()));
    }

    void unbindConnector(DmpConnector driver) {
        bound.updateAndGet(current -> current != null && current.driver() == driver ? null : current);
    }

    @Override
    public Result execute() {
        Bound current = bound.get();
        if (current == null) {
            return Checks.problem(Result.Status.WARN, "no DMP session: no driver is bound", "see the DMP connector check");
        }
        SessionState session = current.driver().session();
        if (session.state() == SessionState.State.OPEN) {
            return Checks.ok("open since " + session.since() + " (" + session.detail() + ")");
        }
        if (!session.since().isAfter(current.at())) {
            return Checks.ok("no DMP session opened since the driver started at " + current.at()
                    + "; the doctor opens one with dmp:session open and his CPS PIN");
        }
        return Checks.problem(Result.Status.WARN, "the DMP session ended at " + session.since() + " (" + session.detail() + ")",
                "dmp:session open, with the doctor's CPS PIN; deposits wait until then");
    }
}
