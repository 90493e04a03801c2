package com.medialogis.dmp.status.internal.health;

import com.medialogis.dmp.connector.DmpConnector;
import com.medialogis.dmp.connector.SessionState;
import com.medialogis.dmp.status.internal.CachedDmpStatus;
import com.medialogis.dmp.support.health.Checks;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** The DMP session of the driver in use: open since when, or closed and why. */
@Component(configurationPid = CachedDmpStatus.PID, property = {
    HealthCheck.NAME + "=DMP session",
    HealthCheck.TAGS + "=" + Checks.DMP,
    HealthCheck.TAGS + "=" + Checks.SESSION
})
public class SessionCheck implements HealthCheck {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DmpConnector connector;

    @Override
    public Result execute() {
        DmpConnector driver = connector;
        if (driver == null) {
            return Checks.problem(Result.Status.WARN, "no DMP session: no driver is bound", "see the DMP connector check");
        }
        SessionState session = driver.session();
        return session.state() == SessionState.State.OPEN
                ? Checks.ok("open since " + session.since() + " (" + session.detail() + ")")
                : Checks.problem(Result.Status.WARN, "no DMP session since " + session.since() + " (" + session.detail() + ")",
                        "dmp:session open, with the doctor's CPS PIN; deposits wait until then");
    }
}
