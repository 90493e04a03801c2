package com.medialogis.dmp.sandbox.internal;

import com.medialogis.dmp.sandbox.internal.command.SandboxCommands;
import com.medialogis.dmp.support.files.DataFolder;
import com.medialogis.dmp.support.health.Checks;
import com.medialogis.dmp.support.net.PortHolder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox inside the container (the demo default), with the {@code sandbox:} commands. Runs
 * only with its configuration ({@code load/com.medialogis.dmp.sandbox.cfg}); a practice with the
 * real Efficience service removes that file or sets {@code enabled = false}.
 */
@Component(configurationPid = SandboxComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = SandboxComponent.Config.class)
public class SandboxComponent {

    static final String PID = "com.medialogis.dmp.sandbox";
    private static final Logger LOG = LoggerFactory.getLogger(SandboxComponent.class);

    @ObjectClassDefinition(name = "DMP sandbox", description = "A simulated DMP behind the Efficience local API, for the demo and the tests.")
    public @interface Config {
        @AttributeDefinition(description = "Serve the simulated DMP; false where the real Efficience service runs.")
        boolean enabled() default true;

        @AttributeDefinition(description = "Port on 127.0.0.1 (the Efficience default is 9982).")
        int port() default 9982;

        @AttributeDefinition(description = "Port on 127.0.0.1 of the WebSocket serving the card monitoring commands, which the"
                + " Efficience service serves on its one port: the sandbox's HTTP server cannot, so they take a second one.")
        int monitoring_port() default 9983;

        @AttributeDefinition(description = "Folder of the simulated DMP's file. Empty: sandbox/ in the container's data folder.")
        String folder() default "";
    }

    private static final String LEAVE_DEMO = "where the Efficience service runs, set enabled = false in load/" + PID + ".cfg";

    private final ExecutorService starter = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "dmp-sandbox-start");
        thread.setDaemon(true);
        return thread;
    });
    // Set by the start, read by the stop: both under this component's lock.
    private DmpSandbox sandbox;
    private ServiceRegistration<SandboxCommands> commands;
    private boolean stopped;
    private volatile ServiceRegistration<HealthCheck> check;
    /** What the check says: starting, serving, or why it could not serve. */
    private volatile Result health;

    /** Checks the settings at once; opening the DMP file and the port is done on another thread. */
    @Activate
    public SandboxComponent(BundleContext context, Config config) {
        if (!config.enabled()) {
            return;
        }
        if (config.port() < 1 || config.port() > 65535 || config.monitoring_port() < 1 || config.monitoring_port() > 65535
                || config.monitoring_port() == config.port()) {
            throw new IllegalArgumentException(PID + ": port and monitoring.port must be two ports between 1 and 65535, not "
                    + config.port() + " and " + config.monitoring_port());
        }
        Path folder = DataFolder.resolve(context, config.folder(), "sandbox");
        health = Checks.problem(Result.Status.TEMPORARILY_UNAVAILABLE, "the DMP sandbox is starting", "wait a moment");
        Dictionary<String, Object> checkProperties = new Hashtable<>();
        checkProperties.put(HealthCheck.NAME, "DMP sandbox");
        checkProperties.put(HealthCheck.TAGS, new String[] {Checks.DMP, Checks.DEMO, Checks.READY});
        check = context.registerService(HealthCheck.class, () -> health, checkProperties);
        starter.execute(() -> start(context, folder, config.port(), config.monitoring_port()));
    }

    private void start(BundleContext context, Path folder, int port, int monitoringPort) {
        DmpSandbox started;
        try {
            started = DmpSandbox.start(folder, new InetSocketAddress("127.0.0.1", port), new InetSocketAddress("127.0.0.1", monitoringPort));
        } catch (DmpSandbox.PortTaken e) {
            String holder = PortHolder.of(e.port()).map(process -> ", held by " + process).orElse(", held by another process");
            cannotServe(e.getMessage() + holder, "stop that process, or give the sandbox and"
                    + " the driver another port (port and monitoring.port in load/" + PID + ".cfg, address and monitoring.address in"
                    + " load/com.medialogis.dmp.connector.efficience.cfg)", e);
            return;
        } catch (IOException | RuntimeException e) {
            cannotServe("the DMP sandbox could not start on 127.0.0.1:" + port + " with its DMP in " + folder + ": " + e,
                    "see the log; a practice with the Efficience service sets enabled = false in load/" + PID + ".cfg", e);
            return;
        }
        synchronized (this) {
            if (stopped) {
                started.close();
                return;
            }
            sandbox = started;
            String demo = "DEMO: the DMP sandbox serves a simulated DMP on 127.0.0.1:" + started.port()
                    + " (card monitoring on " + started.monitoringPort() + ") in place of the Efficience service";
            health = Checks.problem(Result.Status.WARN, demo, LEAVE_DEMO);
            LOG.warn("{}; {}", demo, LEAVE_DEMO);
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put("osgi.command.scope", "sandbox");
            properties.put("osgi.command.function", new String[] {"patients", "stats", "faults", "card"});
            commands = context.registerService(SandboxCommands.class, new SandboxCommands(started), properties);
        }
    }

    private void cannotServe(String why, String toDo, Exception e) {
        health = Checks.problem(Result.Status.CRITICAL, why, toDo);
        LOG.error("The DMP sandbox does not serve: {}; {}", why, toDo);
        LOG.debug("The DMP sandbox's failure", e);
    }

    /**
     * Waits for a start under way (opening the DMP's file), so that a new configuration finds the
     * port and the folder free; a start longer than that closes what it opened once it sees this
     * component stopped.
     */
    @Deactivate
    void stop() throws InterruptedException {
        starter.shutdown();
        starter.awaitTermination(10, TimeUnit.SECONDS);
        synchronized (this) {
            stopped = true;
            if (check != null) {
                check.unregister();
            }
            if (commands != null) {
                commands.unregister();
            }
            if (sandbox != null) {
                sandbox.close();
            }
        }
    }
}
