package com.medialogis.dmp.health.internal.command;

import com.medialogis.dmp.health.internal.ComponentsCheck;
import com.medialogis.dmp.support.health.Checks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.felix.hc.api.Result.Status;
import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code dmp:health} and {@code dmp:ready}, through Felix's {@link HealthCheckExecutor}. They
 * never throw, and write to the error stream exactly when {@code dmp-shell} should exit 1: the
 * health is not passed, or the container is not ready. The executor is bound optional, so that
 * both say why when the Felix health checks are not running.
 */
@Component(service = HealthCommands.class, property = {
    "osgi.command.scope=dmp",
    "osgi.command.function=health",
    "osgi.command.function=ready"
})
public class HealthCommands {

    private static final String READY_USAGE = "usage: dmp:ready   (prints ready, or on the error stream what is not ready yet)";
    private static final String NO_EXECUTOR = "the Felix health checks are not running"
            + " (no HealthCheckExecutor: bundle org.apache.felix.healthcheck.core is not active)";

    private final BundleContext context;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile HealthCheckExecutor executor;

    @Activate
    public HealthCommands(BundleContext context) {
        this.context = context;
    }

    @Descriptor("run the health checks: one line per check, the worst first, then the overall result")
    public void health(@Descriptor("[TAG...] [--json] [--strict]") String... args) {
        HealthArguments arguments;
        try {
            arguments = HealthArguments.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(HealthArguments.USAGE);
            return;
        }
        List<String> tags = arguments.tags().isEmpty() ? List.of(Checks.DMP) : arguments.tags();
        List<CheckOutcome> outcomes;
        try {
            outcomes = run(HealthCheckSelector.tags(tags.toArray(String[]::new)),
                    new HealthCheckExecutionOptions().setCombineTagsWithOr(true)).stream().map(CheckOutcome::of).toList();
        } catch (ChecksNotRunning e) {
            System.err.println(e.getMessage());
            return;
        }
        if (outcomes.isEmpty()) {
            System.err.println("no health check is tagged " + String.join(" or ", tags));
            return;
        }
        HealthReport report = new HealthReport(outcomes, arguments.strict());
        if (arguments.json()) {
            System.out.println(report.json(Instant.now()));
            if (!report.passed()) {
                System.err.println(report.overallLine());
            }
        } else {
            report.lines().forEach(System.out::println);
            (report.passed() ? System.out : System.err).println(report.overallLine());
        }
    }

    @Descriptor("prints ready once every bundle and component of ours is active and the checks tagged ready pass;"
            + " otherwise what is not ready yet")
    public void ready(String... args) {
        if (args.length != 0) {
            System.err.println(READY_USAGE);
            return;
        }
        List<HealthCheckExecutionResult> results;
        try {
            results = run(HealthCheckSelector.tags(Checks.READY), new HealthCheckExecutionOptions().setForceInstantExecution(true));
        } catch (ChecksNotRunning e) {
            System.err.println("not ready: " + e.getMessage());
            return;
        }
        List<String> notReady = new ArrayList<>();
        if (results.stream().noneMatch(this::isOurComponentsCheck)) {
            notReady.add(ComponentsCheck.NAME + ": the check is not registered yet");
        }
        for (HealthCheckExecutionResult result : results) {
            CheckOutcome outcome = CheckOutcome.of(result);
            if (!passesReadiness(outcome)) {
                if (outcome.reasons().isEmpty()) {
                    notReady.add(outcome.name() + ": " + outcome.status());
                }
                outcome.reasons().forEach(reason -> notReady.add(outcome.name() + ": " + reason));
            }
        }
        if (notReady.isEmpty()) {
            System.out.println("ready");
        } else {
            notReady.forEach(System.err::println);
        }
    }

    /** A check tagged ready passes OK or WARN (a demo warning does not make the container unready), in time. */
    private static boolean passesReadiness(CheckOutcome outcome) {
        return (outcome.status() == Status.OK || outcome.status() == Status.WARN) && !outcome.timedOut();
    }

    private boolean isOurComponentsCheck(HealthCheckExecutionResult result) {
        ServiceReference<?> check = result.getHealthCheckMetadata().getServiceReference();
        return ComponentsCheck.NAME.equals(result.getHealthCheckMetadata().getName())
                && context.getBundle().equals(check.getBundle());
    }

    private List<HealthCheckExecutionResult> run(HealthCheckSelector selector, HealthCheckExecutionOptions options)
            throws ChecksNotRunning {
        HealthCheckExecutor bound = executor;
        if (bound == null) {
            throw new ChecksNotRunning(NO_EXECUTOR);
        }
        try {
            return bound.execute(selector, options);
        } catch (RuntimeException e) {
            throw new ChecksNotRunning("the health checks could not run: " + e);
        }
    }

    private static final class ChecksNotRunning extends Exception {
        ChecksNotRunning(String reason) {
            super(reason, null, false, false);
        }
    }
}
