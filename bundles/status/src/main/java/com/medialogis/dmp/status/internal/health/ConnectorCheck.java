package com.medialogis.dmp.status.internal.health;

import com.medialogis.dmp.connector.DmpConnector;
import com.medialogis.dmp.status.internal.CachedDmpStatus;
import com.medialogis.dmp.support.health.Checks;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** A DMP driver is bound, the one the status service uses ({@code connector.target} of its configuration). */
@Component(configurationPid = CachedDmpStatus.PID, property = {
    HealthCheck.NAME + "=DMP connector",
    HealthCheck.TAGS + "=" + Checks.DMP,
    HealthCheck.TAGS + "=" + Checks.CONNECTOR,
    HealthCheck.TAGS + "=" + Checks.READY
})
public class ConnectorCheck implements HealthCheck {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DmpConnector connector;

    @Override
    public Result execute() {
        DmpConnector driver = connector;
        if (driver == null) {
            return Checks.problem(Result.Status.CRITICAL, "no DMP driver is bound: DMP calls fail, deposits wait",
                    "put the driver's bundle in load/ (connector-efficience.jar), or check connector.target in load/"
                            + CachedDmpStatus.PID + ".cfg");
        }
        Bundle bundle = FrameworkUtil.getBundle(driver.getClass());
        return Checks.ok(driver.name() + " is bound" + (bundle == null ? ""
                : " (" + bundle.getSymbolicName() + " " + bundle.getVersion() + ")"));
    }
}
