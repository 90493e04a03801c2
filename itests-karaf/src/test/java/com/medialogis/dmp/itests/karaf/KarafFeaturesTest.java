package com.medialogis.dmp.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFileExtend;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Apache Karaf with the DMP features installed as the README tells (the features repository by
 * its mvn: URL, then dmp-status, dmp-queue, dmp-connector-efficience and dmp-health) and the
 * sandbox deployed beside them: our bundles start, and the dmp: and queue: commands work in
 * Karaf's own shell.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafFeaturesTest {

    private static final String MVN_CFG = "etc/org.ops4j.pax.url.mvn.cfg";
    private static final String CONFIGURED_AT = "dmp.test.configured.millis";
    private static final Set<String> OUR_BUNDLES = Set.of("com.medialogis.dmp.api", "com.medialogis.dmp.identity",
            "com.medialogis.dmp.status", "com.medialogis.dmp.queue", "com.medialogis.dmp.connector-efficience",
            "com.medialogis.dmp.dmp-sandbox", "com.medialogis.dmp.health");
    /** MARTIN Jean's INS-C (DOMAIN.md's example), AUTHORIZED in the sandbox. */
    private static final String INSC = "1541187387477485562488";
    private static final String PIN = "1234";
    /** The PIN as a number of its own: not a part of a longer number such as a document's unique id. */
    private static final Pattern PIN_AS_NUMBER = Pattern.compile("(?<![0-9])" + PIN + "(?![0-9])");
    private static final Pattern MISSING_CLASS = Pattern.compile("NoClassDefFoundError|ClassNotFoundException");

    private static boolean readinessReported;

    @Inject
    private BundleContext context;

    /** Registered by Karaf once the boot features, ours among them, are installed and started. */
    @Inject
    private BootFinished bootFinished;

    @Inject
    private SessionFactory sessionFactory;

    /**
     * Karaf resolves mvn: URLs from its own system folder and from the repository this build
     * filled (our bundles, those our features need, Pax Exam's), never from ~/.m2 or the network.
     */
    @Configuration
    public Option[] config() throws IOException {
        String version = System.getProperty("dmp.version");
        String karafVersion = System.getProperty("dmp.karaf.version");
        Path repository = Path.of(System.getProperty("dmp.karaf.repository")).toAbsolutePath();
        int dmpPort = freePort();
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(Path.of(System.getProperty("dmp.karaf.distribution")).toUri().toString())
                    .karafVersion(karafVersion)
                    .name("Apache Karaf")
                    .unpackDirectory(new File("target/karaf"))
                    .useDeployFolder(false),
            javaModuleOptionsOfBinKaraf(karafVersion),
            configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
            editConfigurationFileExtend(MVN_CFG, "org.ops4j.pax.url.mvn.defaultRepositories",
                    repository.toUri() + "@id=dmp.build@snapshots"),
            editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.repositories", ""),
            editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.localRepository", "${karaf.data}/repository"),
            editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.offline", "true"),
            features("mvn:com.medialogis.dmp/dmp-features/" + version + "/xml/features",
                    "dmp-status", "dmp-queue", "dmp-connector-efficience", "dmp-health"),
            // The sandbox serves the Efficience API with the JDK's HTTP server, which Karaf does not export.
            editConfigurationFileExtend("etc/config.properties", "org.osgi.framework.system.packages.extra",
                    "com.sun.net.httpserver"),
            bundle(Path.of(System.getProperty("dmp.sandbox.bundle")).toUri().toString()),
            editConfigurationFilePut("etc/com.medialogis.dmp.sandbox.cfg", "port", Integer.toString(dmpPort)),
            editConfigurationFilePut("etc/com.medialogis.dmp.connector.efficience.cfg", "address",
                    "http://127.0.0.1:" + dmpPort),
            // Our bundles log at DEBUG, so that the check that the PIN is never logged means something.
            editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.dmp.name", "com.medialogis.dmp"),
            editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.dmp.level", "DEBUG"),
            systemProperty(CONFIGURED_AT).value(Long.toString(System.currentTimeMillis())),
        };
    }

    /**
     * Pax Exam starts Karaf's JVM itself, without the module options bin/karaf gives it on Java 9+:
     * these are bin/karaf's (4.4). Without them Karaf's spec locator is missing and the framework
     * logs a NoClassDefFoundError at each bundle event. Paths are relative to Karaf's folder.
     */
    private static Option javaModuleOptionsOfBinKaraf(String karafVersion) {
        return vmOptions(
                "--add-reads=java.xml=java.logging",
                "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar",
                "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar",
                "--add-opens", "java.base/java.security=ALL-UNNAMED",
                "--add-opens", "java.base/java.net=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-opens", "java.base/java.util=ALL-UNNAMED",
                "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
                "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    public void ourBundlesAreActiveWithEveryOptionalPackageWired() {
        reportReadiness();
        List<Bundle> ours = Arrays.stream(context.getBundles())
                .filter(bundle -> bundle.getSymbolicName().startsWith("com.medialogis.dmp"))
                .toList();
        assertEquals(OUR_BUNDLES, ours.stream().map(Bundle::getSymbolicName).collect(Collectors.toSet()));
        List<String> notActive = ours.stream()
                .filter(bundle -> bundle.getState() != Bundle.ACTIVE)
                .map(bundle -> bundle.getSymbolicName() + " in state " + bundle.getState())
                .toList();
        assertEquals("bundles not active", List.of(), notActive);
        List<String> unwired = new ArrayList<>();
        for (Bundle bundle : ours) {
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            Set<BundleRequirement> wired = wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE).stream()
                    .map(BundleWire::getRequirement)
                    .collect(Collectors.toSet());
            wiring.getRevision().getDeclaredRequirements(PackageNamespace.PACKAGE_NAMESPACE).stream()
                    .filter(requirement -> PackageNamespace.RESOLUTION_OPTIONAL.equals(
                            requirement.getDirectives().get(PackageNamespace.REQUIREMENT_RESOLUTION_DIRECTIVE)))
                    .filter(requirement -> !wired.contains(requirement))
                    .forEach(requirement -> unwired.add(bundle.getSymbolicName() + " "
                            + requirement.getDirectives().get(PackageNamespace.REQUIREMENT_FILTER_DIRECTIVE)));
        }
        assertEquals("optional imports Karaf does not provide (their code fails when used)", List.of(), unwired);
    }

    @Test
    public void commandsInKarafsShellOpenADmpSessionThatServesTheStatusAndTheQueue() throws Exception {
        reportReadiness();
        List<Output> outputs = new ArrayList<>();
        awaitReady(outputs);

        assertEquals(new Output(INSC + "\n", ""), execute("ins:insc JEAN 500801 1500815051040", "", outputs));

        Output beforeSession = execute("dmp:status " + INSC, "", outputs);
        assertEquals("", beforeSession.out());
        assertEquals(INSC + ": try again later: no DMP session is open: open one with the CPS PIN [NO_SESSION]\n",
                beforeSession.err());

        Output opened = execute("dmp:session open", PIN + "\n", outputs);
        assertEquals("", opened.err());
        assertTrue(opened.out(), opened.out().startsWith("PIN: "));
        assertTrue(opened.out(), opened.out().contains("Efficience session OPEN"));

        assertEquals(new Output(INSC + " (INS-C)  AUTHORIZED, action OPEN, answered 0 s ago\n", ""),
                execute("dmp:status " + INSC, "", outputs));

        String letter = "Compte rendu de consultation : tension à 12/8, à revoir dans trois mois.\n";
        Path file = Files.writeString(Path.of(System.getProperty("karaf.data"), "compte-rendu.txt"), letter);
        Output queued = execute("queue:enqueue " + file + " " + INSC + " CONSULTATION", "", outputs);
        assertEquals("", queued.err());
        int bytes = letter.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(queued.out(), queued.out().matches("queued #1 \\(the queue's unique id 2\\.25\\.\\d+\\), " + bytes + " bytes\n"));

        Pattern done = Pattern.compile("\\bDONE 1\\b");
        long deadline = System.nanoTime() + 30_000_000_000L;
        Output stats = execute("queue:stats", "", outputs);
        while (!done.matcher(stats.out()).find() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            stats = execute("queue:stats", "", outputs);
        }
        assertTrue("the deposit was sent within 30 s: " + stats, done.matcher(stats.out()).find());
        Path queue = Path.of(System.getProperty("karaf.data"), "dmp", "queue");
        assertTrue("the queue keeps its deposits in Karaf's data folder, not in its bundle's data area: " + depositDatabases(),
                Files.exists(queue.resolve("deposits.mv.db")));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(queue)));

        for (Output output : outputs) {
            assertFalse(output.toString(), MISSING_CLASS.matcher(output.out() + output.err()).find());
            assertFalse("the PIN is not echoed: " + output, PIN_AS_NUMBER.matcher(output.out() + output.err()).find());
        }
        List<String> log = Files.readAllLines(Path.of(System.getProperty("karaf.data"), "log", "karaf.log"));
        assertEquals("karaf.log errors", List.of(), log.stream()
                .filter(line -> line.contains("| ERROR |") || MISSING_CLASS.matcher(line).find())
                .toList());
        assertEquals("karaf.log lines holding the PIN", List.of(),
                log.stream().filter(line -> PIN_AS_NUMBER.matcher(line).find()).toList());
    }

    @Test
    public void readinessAndHealthAnswerInKarafsShell() throws Exception {
        reportReadiness();
        List<Output> outputs = new ArrayList<>();
        awaitReady(outputs);

        Output health = execute("dmp:health", "", outputs);
        Pattern components = Pattern.compile("(?m)^OK +Components +" + OUR_BUNDLES.size() + " bundles of ours active, ");
        assertTrue(health.toString(), components.matcher(health.out()).find());
        assertTrue("the checks of the other features run too: " + health,
                Pattern.compile("(?m)^OK +DMP connector +Efficience is bound").matcher(health.out()).find());
        assertTrue(health.toString(), Pattern.compile("(?m)^[A-Z_]+ +Deposit queue +").matcher(health.out()).find());
        assertTrue("the overall line, once, on the output when it passes or on the error stream when it fails: " + health,
                health.out().contains("\noverall: ") != health.err().startsWith("overall: "));
    }

    /** @return where in Karaf's folder a queue's database is, to say where the deposits went */
    private static List<Path> depositDatabases() throws IOException {
        try (var files = Files.walk(Path.of(System.getProperty("karaf.home")))) {
            return files.filter(file -> file.getFileName().toString().equals("deposits.mv.db")).toList();
        }
    }

    /** Polls dmp:ready until it says ready, or fails at the deadline with what it said. */
    private void awaitReady(List<Output> outputs) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        Output ready = execute("dmp:ready", "", outputs);
        while (!ready.out().equals("ready\n") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            ready = execute("dmp:ready", "", outputs);
        }
        assertEquals("every bundle and component of ours active, every etc/*.cfg applied", new Output("ready\n", ""), ready);
    }

    /** Runs a command line in a new session of Karaf's shell, as its console or ssh would. */
    private Output execute(String commandLine, String input, List<Output> outputs) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            Session session = sessionFactory.create(
                    new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), outStream, errStream);
            try {
                assertNull("commands print, they return nothing", session.execute(commandLine));
            } finally {
                session.close();
            }
        }
        Output output = new Output(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        outputs.add(output);
        return output;
    }

    /** Prints, once, how long Karaf took to boot with our features installed and started. */
    private static synchronized void reportReadiness() {
        if (readinessReported) {
            return;
        }
        readinessReported = true;
        long sinceConfigured = System.currentTimeMillis() - Long.parseLong(System.getProperty(CONFIGURED_AT));
        System.out.printf("Karaf %s ready with the DMP features: %.2f s after its JVM started, %.2f s after "
                + "Pax Exam was configured to start it (unpacking included)%n", System.getProperty("karaf.version"),
                ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0, sinceConfigured / 1000.0);
    }

    private record Output(String out, String err) {}
}
