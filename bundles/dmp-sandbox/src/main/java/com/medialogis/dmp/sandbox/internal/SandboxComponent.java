package com.medialogis.dmp.sandbox.internal;

import com.medialogis.dmp.sandbox.internal.command.SandboxCommands;
import com.medialogis.dmp.support.files.DataFolder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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

        @AttributeDefinition(description = "Folder of the simulated DMP's file. Empty: sandbox/ in the container's data folder.")
        String folder() default "";
    }

    private final ExecutorService starter = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "dmp-sandbox-start");
        thread.setDaemon(true);
        return thread;
    });
    private volatile DmpSandbox sandbox;
    private volatile ServiceRegistration<SandboxCommands> commands;

    /** Checks the settings at once; opening the DMP file and the port is done on another thread. */
    @Activate
    public SandboxComponent(BundleContext context, Config config) {
        if (!config.enabled()) {
            return;
        }
        if (config.port() < 1 || config.port() > 65535) {
            throw new IllegalArgumentException(PID + ": port must be between 1 and 65535, not " + config.port());
        }
        Path folder = DataFolder.resolve(context, config.folder(), "sandbox");
        starter.execute(() -> start(context, folder, config.port()));
    }

    private void start(BundleContext context, Path folder, int port) {
        try {
            sandbox = DmpSandbox.start(folder, new InetSocketAddress("127.0.0.1", port));
        } catch (IOException | RuntimeException e) {
            LOG.error("The DMP sandbox could not start on 127.0.0.1:{} with its DMP in {}: {}", port, folder, e.toString());
            return;
        }
        LOG.info("DMP sandbox serving the Efficience API on 127.0.0.1:{}", sandbox.port());
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("osgi.command.scope", "sandbox");
        properties.put("osgi.command.function", new String[] {"patients", "stats", "faults"});
        commands = context.registerService(SandboxCommands.class, new SandboxCommands(sandbox), properties);
    }

    @Deactivate
    void stop() throws InterruptedException {
        starter.shutdown();
        starter.awaitTermination(10, TimeUnit.SECONDS);
        if (commands != null) {
            commands.unregister();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
