package com.medialogis.dmp.health.internal;

import com.medialogis.dmp.health.internal.ReadinessAssessment.Finding;
import com.medialogis.dmp.support.health.Checks;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result.Status;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * The "Components" health check, tagged {@code dmp} and {@code ready}: every bundle of ours is
 * active, every settings file of the FileInstall folder applied and bundle file installed, every
 * enabled component of ours satisfied or active ({@link ReadinessAssessment} says how each case
 * is judged). Immediate, so that it sees when the container finished starting.
 */
@Component(service = HealthCheck.class, immediate = true, property = {
    HealthCheck.NAME + "=" + ComponentsCheck.NAME,
    HealthCheck.TAGS + "=" + Checks.DMP,
    HealthCheck.TAGS + "=" + Checks.READY
})
public class ComponentsCheck implements HealthCheck {

    public static final String NAME = "Components";

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final FrameworkListener startedListener = event -> {
        if (event.getType() == FrameworkEvent.STARTED) {
            containerStartedNow();
        }
    };
    private volatile Instant containerStarted;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationAdmin configurationAdmin;

    @Activate
    public ComponentsCheck(BundleContext context, @Reference ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
        context.addFrameworkListener(startedListener);
        if (context.getBundle(0).getState() == Bundle.ACTIVE) {
            containerStartedNow();
        }
    }

    private synchronized void containerStartedNow() {
        if (containerStarted == null) {
            containerStarted = Instant.now();
        }
    }

    @Deactivate
    void stop() {
        context.removeFrameworkListener(startedListener);
    }

    @Override
    public Result execute() {
        ResultLog log = new ResultLog();
        ReadinessAssessment assessment;
        try {
            assessment = new ReadinessAssessment(Inventory.take(context, scr, configurationAdmin),
                    Optional.ofNullable(containerStarted), Instant.now());
        } catch (IOException e) {
            log.add(new ResultLog.Entry(Status.HEALTH_CHECK_ERROR, "cannot list the FileInstall folder: " + e));
            log.add(new ResultLog.Entry(Status.HEALTH_CHECK_ERROR, Checks.TO_DO + "let the container's user read the folder "
                    + Inventory.FILEINSTALL_DIR + " names"));
            return new Result(log);
        } catch (IllegalStateException e) {
            // The container is stopping, or ConfigAdmin going away, while the inventory is taken.
            return Checks.problem(Status.TEMPORARILY_UNAVAILABLE, "the container's state changed while it was read: " + e, "ask again");
        }
        List<Finding> problems = assessment.problems();
        if (problems.isEmpty()) {
            assessment.seen().forEach(seen -> log.add(new ResultLog.Entry(Status.OK, seen)));
            return new Result(log);
        }
        problems.forEach(problem -> log.add(new ResultLog.Entry(problem.status(), problem.text())));
        Status worst = problems.get(0).status();
        log.add(new ResultLog.Entry(worst, Checks.TO_DO + (worst == Status.TEMPORARILY_UNAVAILABLE
                ? "wait for what is named to start (bin/dmp-shell --wait-ready waits for it);"
                        + " if it lasts, the container's log in data/log/ says why"
                : "read the container's log in data/log/ about the bundle or component named, fix the cause,"
                        + " then restart the container")));
        return new Result(log);
    }
}
