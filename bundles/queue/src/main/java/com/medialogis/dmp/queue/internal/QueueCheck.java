package com.medialogis.dmp.queue.internal;

import com.medialogis.dmp.support.health.Checks;
import java.time.Duration;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The deposit queue's health check. Its thresholds are settings of their own, so that changing
 * one never restarts the queue.
 */
@Component(configurationPid = QueueCheck.PID, property = {
    HealthCheck.NAME + "=Deposit queue",
    HealthCheck.TAGS + "=" + Checks.DMP,
    HealthCheck.TAGS + "=" + Checks.QUEUE,
    HealthCheck.TAGS + "=" + Checks.READY
})
@Designate(ocd = QueueCheck.Config.class)
public class QueueCheck implements HealthCheck {

    static final String PID = "com.medialogis.dmp.queue.health";

    @ObjectClassDefinition(name = "DMP deposit queue's health check", description = "When the queue's check warns.")
    public @interface Config {
        @AttributeDefinition(description = "The oldest queued deposit may wait this long, in minutes (1 to 10080), before the check warns.")
        int longest_wait_minutes() default 60;

        @AttributeDefinition(description = "Below this much free space in the queue's folder, in MB (0 to 1048576), the check warns;"
                + " below twice the largest document, it is critical.")
        int low_disk_mb() default 1024;
    }

    private final QueueHealth queue;
    private final Duration longestWait;
    private final long lowDisk;

    @Activate
    public QueueCheck(@Reference QueueHealth queue, Config config) {
        if (config.longest_wait_minutes() < 1 || config.longest_wait_minutes() > 10_080) {
            throw new IllegalArgumentException(PID + ": longest.wait.minutes must be between 1 and 10080, not "
                    + config.longest_wait_minutes());
        }
        if (config.low_disk_mb() < 0 || config.low_disk_mb() > 1_048_576) {
            throw new IllegalArgumentException(PID + ": low.disk.mb must be between 0 and 1048576, not " + config.low_disk_mb());
        }
        this.queue = queue;
        this.longestWait = Duration.ofMinutes(config.longest_wait_minutes());
        this.lowDisk = config.low_disk_mb() * 1024L * 1024;
    }

    @Override
    public Result execute() {
        return queue.health(longestWait, lowDisk);
    }
}
