package com.medialogis.dmp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.card.CardReaders;
import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.CpsCategory;
import com.medialogis.dmp.card.CpsHolder;
import com.medialogis.dmp.card.PinOutcome;
import com.medialogis.dmp.card.ReaderStatus;
import com.medialogis.dmp.itests.Distribution.Output;
import com.medialogis.dmp.queue.DepositQueue;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The bundles' health checks in the distribution's container, each turned from OK (or its demo
 * warning) to what a practice meets: no driver, no session, no card service, the sandbox's port
 * taken, the queue's database unavailable, little disk left, and a real CPS on the sandbox.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthChecksTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Inject
    private BundleContext context;

    @Inject
    private HealthCheckExecutor executor;

    @Inject
    private ConfigurationAdmin configurations;

    @Inject
    private CommandProcessor commandProcessor;

    @Configuration
    public Option[] config() throws IOException {
        return Distribution.containerOptions(Files.createTempDirectory(Path.of("target"), "health-").toAbsolutePath());
    }

    /** Every check tagged dmp, run now, by name. */
    private Map<String, Result> checks() {
        return executor.execute(HealthCheckSelector.tags("dmp"), new HealthCheckExecutionOptions().setForceInstantExecution(true))
                .stream().collect(Collectors.toMap(result -> result.getHealthCheckMetadata().getName(),
                        HealthCheckExecutionResult::getHealthCheckResult));
    }

    /** Runs the checks until the named one's result matches, within the deadline; returns it. */
    private Result await(String name, Predicate<Result> expected) throws InterruptedException {
        Result result = Poll.until(DEADLINE, () -> checks().get(name), found -> found != null && expected.test(found));
        assertTrue(name + ": " + result, result != null && expected.test(result));
        return result;
    }

    private static Predicate<Result> is(Result.Status status, String saying) {
        return result -> result.getStatus() == status && result.toString().contains(saying);
    }

    private void configure(String pid, Map<String, Object> settings) throws IOException {
        org.osgi.service.cm.Configuration configuration = configurations.getConfiguration(pid, "?");
        Dictionary<String, Object> properties = configuration.getProperties() == null ? new Hashtable<>()
                : configuration.getProperties();
        settings.forEach(properties::put);
        configuration.update(properties);
    }

    @Test
    public void theDemoContainerIsHealthyButForItsDemoWarningsAndASessionThatEnded() throws Exception {
        await("Components", is(Result.Status.OK, ""));
        await("DMP sandbox", is(Result.Status.WARN, "DEMO: the DMP sandbox serves a simulated DMP"));
        await("Virtual cards", is(Result.Status.WARN, "DEMO: virtual CPS and Vitale cards"));
        await("Efficience service", is(Result.Status.WARN, "is the DMP sandbox, a simulation"));
        await("Card readers", is(Result.Status.OK, "DMP simulated reader 0: CPS (test card)"));
        await("CPS", is(Result.Status.OK, "3 PIN tries left"));
        await("DMP connector", is(Result.Status.OK, "Efficience is bound (com.medialogis.dmp.connector-efficience"));
        await("dmp-shell", is(Result.Status.OK, "dmp-shell is served"));
        await("Deposit queue", is(Result.Status.OK, "0 queued, 0 failed"));
        await("DMP session", is(Result.Status.OK, "no DMP session opened since the driver started"));

        Output opened = Distribution.execute(commandProcessor, "dmp:session open", "1234\n");
        assertTrue(opened.out() + opened.err(), opened.out().contains("Efficience session OPEN"));
        await("DMP session", is(Result.Status.OK, "open since"));
        Distribution.execute(commandProcessor, "dmp:session close", "");
        await("DMP session", is(Result.Status.WARN, "closed by the user"));
    }

    @Test
    public void withoutItsDriverTheConnectorCheckIsCriticalUntilItComesBack() throws Exception {
        Bundle driver = bundle("com.medialogis.dmp.connector-efficience");
        driver.stop();
        try {
            await("DMP connector", is(Result.Status.CRITICAL, "no DMP driver is bound"));
        } finally {
            driver.start();
        }
        await("DMP connector", is(Result.Status.OK, "Efficience is bound"));
    }

    @Test
    public void withoutPcscAndWithoutTheSimulatorTheReadersCheckIsCritical() throws Exception {
        configure("com.medialogis.dmp.card", Map.of("pcsc.enabled", false));
        configure("com.medialogis.dmp.cardsimulator", Map.of("enabled", false));
        try {
            await("Card readers", is(Result.Status.CRITICAL, "PC/SC is disabled and no simulator is running"));
            await("CPS", is(Result.Status.WARN, "no CPS in a reader"));
            assertTrue("the demo check goes with the simulator", !checks().containsKey("Virtual cards"));
        } finally {
            configure("com.medialogis.dmp.cardsimulator", Map.of("enabled", true));
            configure("com.medialogis.dmp.card", Map.of("pcsc.enabled", true));
        }
        await("CPS", is(Result.Status.OK, "3 PIN tries left"));
    }

    @Test
    public void aSandboxPortTakenByAnotherSocketIsCriticalAndNamesItsHolder() throws Exception {
        // The port to give back is the settings file's: read once FileInstall has applied it (this test may run first).
        await("Efficience service", is(Result.Status.WARN, "is the DMP sandbox, a simulation"));
        Object port = configurations.getConfiguration("com.medialogis.dmp.sandbox", "?").getProperties().get("port");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            configure("com.medialogis.dmp.sandbox", Map.of("port", taken.getLocalPort()));
            Result critical = await("DMP sandbox", is(Result.Status.CRITICAL, "port " + taken.getLocalPort() + " of 127.0.0.1 is taken"));
            assertTrue(critical.toString(), critical.toString().contains("held by pid " + ProcessHandle.current().pid() + ": "));
        } finally {
            configure("com.medialogis.dmp.sandbox", Map.of("port", port));
        }
        await("DMP sandbox", is(Result.Status.WARN, "DEMO: the DMP sandbox serves"));
    }

    @Test
    public void aQueueWhoseDatabaseCannotBeOpenedOrWithLittleDiskLeftSaysSo() throws Exception {
        await("Deposit queue", is(Result.Status.OK, "MB free"));
        Object queueService = context.getServiceReference(DepositQueue.class).getProperty(Constants.SERVICE_ID);
        configure("com.medialogis.dmp.queue.health", Map.of("low.disk.mb", 1_048_576));
        try {
            await("Deposit queue", is(Result.Status.WARN, "to do: free disk space before the queue fills it"));
            assertEquals("a threshold changed never restarts the queue", queueService,
                    context.getServiceReference(DepositQueue.class).getProperty(Constants.SERVICE_ID));
        } finally {
            configure("com.medialogis.dmp.queue.health", Map.of("low.disk.mb", 1024));
        }
        Path notAFolder = Files.writeString(Path.of(context.getProperty("dmp.data")).resolve("not-a-folder"), "");
        configure("com.medialogis.dmp.queue", Map.of("folder", notAFolder.resolve("queue").toString()));
        try {
            await("Deposit queue", is(Result.Status.CRITICAL, "the deposit queue's database could not be opened"));
        } finally {
            configure("com.medialogis.dmp.queue", Map.of("folder", ""));
        }
        await("Deposit queue", is(Result.Status.OK, "MB free"));
    }

    @Test
    public void theDriverChosenForTheStatusServiceIsTheOneItsChecksWatch() throws Exception {
        configure("com.medialogis.dmp.status", Map.of("connector.target", "(component.name=no.such.driver)"));
        try {
            await("DMP connector", is(Result.Status.CRITICAL, "no DMP driver is bound"));
            await("DMP session", is(Result.Status.WARN, "no driver is bound"));
        } finally {
            org.osgi.service.cm.Configuration status = configurations.getConfiguration("com.medialogis.dmp.status", "?");
            Dictionary<String, Object> properties = status.getProperties();
            properties.remove("connector.target");
            status.update(properties);
        }
        await("DMP connector", is(Result.Status.OK, "Efficience is bound"));
        await("DMP session", is(Result.Status.OK, ""));
    }

    @Test
    public void aRealCpsNeverOpensASessionOnTheSandbox() throws Exception {
        Dictionary<String, Object> ranking = new Hashtable<>();
        ranking.put(Constants.SERVICE_RANKING, 1000);
        ServiceRegistration<CardReaders> realCard = context.registerService(CardReaders.class, readersWithARealCps(), ranking);
        try {
            Output refused = Distribution.execute(commandProcessor, "dmp:session open", "1234\n");
            assertEquals("the PIN was not asked", "", refused.out());
            assertTrue(refused.err(), refused.err().startsWith("refused: this CPS is a real card and the DMP answering is a simulation"));
            assertTrue(refused.err(), refused.err().endsWith("[SIMULATED_DMP]\n"));
        } finally {
            realCard.unregister();
        }
    }

    /** A card service whose CPS is a doctor's real card, not a test card. */
    private static CardReaders readersWithARealCps() {
        CpsCard real = (CpsCard) Proxy.newProxyInstance(HealthChecksTest.class.getClassLoader(), new Class<?>[] {CpsCard.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "holder" -> Optional.of(new CpsHolder("MARTIN", "PAUL", "810002345678", "10", Optional.empty()));
                    case "category" -> CpsCategory.CPS;
                    case "isTest" -> false;
                    case "pinTries" -> new PinOutcome(PinOutcome.Status.TRIES_LEFT, 3, "3 tries left");
                    case "toString" -> "a real CPS";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (CardReaders) Proxy.newProxyInstance(HealthChecksTest.class.getClassLoader(), new Class<?>[] {CardReaders.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "cps" -> Optional.of(real);
                    case "vitale" -> Optional.empty();
                    case "readers" -> List.of();
                    case "status" -> new ReaderStatus(ReaderStatus.State.RUNNING, "test", Instant.now());
                    case "toString" -> "readers of a real CPS";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName().equals(symbolicName)) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}
