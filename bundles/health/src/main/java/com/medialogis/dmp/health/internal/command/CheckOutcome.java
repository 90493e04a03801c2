package com.medialogis.dmp.health.internal.command;

import com.medialogis.dmp.support.health.Checks;
import java.util.ArrayList;
import java.util.List;
import org.apache.felix.hc.api.Result.Status;
import org.apache.felix.hc.api.ResultLog;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;

/**
 * One check's result as the commands show it.
 *
 * @param messages its log entries but the debug ones, the {@code to do: } entry last
 * @param reasons the entries that say what is wrong: those not OK, but the {@code to do: }
 */
record CheckOutcome(String name, List<String> tags, Status status, List<String> messages, List<String> reasons,
        long elapsedMillis, boolean timedOut) {

    static CheckOutcome of(HealthCheckExecutionResult result) {
        List<String> messages = new ArrayList<>();
        List<String> toDo = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (ResultLog.Entry entry : result.getHealthCheckResult()) {
            if (entry.isDebug()) {
                continue;
            }
            String message = entry.getException() == null ? entry.getMessage() : entry.getMessage() + ": " + entry.getException();
            if (message.startsWith(Checks.TO_DO)) {
                toDo.add(message);
                continue;
            }
            messages.add(message);
            if (entry.getStatus() != Status.OK) {
                reasons.add(message);
            }
        }
        messages.addAll(toDo);
        return new CheckOutcome(result.getHealthCheckMetadata().getTitle(), List.copyOf(result.getHealthCheckMetadata().getTags()),
                result.getHealthCheckResult().getStatus(), messages, reasons, result.getElapsedTimeInMs(), result.hasTimedOut());
    }
}
