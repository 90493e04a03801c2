package com.medialogis.dmp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.medialogis.dmp.itests.Distribution.Output;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.inject.Inject;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result.Status;
import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;

/**
 * dmp:health and dmp:ready in the distribution's bundle set, over test checks registered as
 * services with various statuses and tags (each test its own tags), and the Components check.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthCommandsTest {

    private static final Duration SETTLING = Duration.ofSeconds(30);

    @Inject
    private BundleContext context;

    @Inject
    private CommandProcessor commandProcessor;

    private final List<ServiceRegistration<HealthCheck>> registered = new ArrayList<>();

    @Configuration
    public Option[] config() throws IOException {
        return Distribution.containerOptions(Files.createTempDirectory(Path.of("target"), "health-").toAbsolutePath());
    }

    @After
    public void unregisterTheTestChecks() {
        registered.forEach(ServiceRegistration::unregister);
    }

    @Test
    public void healthPrintsOneLinePerCheckWorstFirstThenByNameAndFailsOnTheErrorStream() {
        check("Alpha", Status.OK, List.of("t-order"), "all good");
        check("Bravo", Status.CRITICAL, List.of("t-order"), "to do: free some disk space", "database closed");
        check("Charlie", Status.WARN, List.of("t-order"), "disk 85 % full");
        check("Delta", Status.TEMPORARILY_UNAVAILABLE, List.of("t-order"), "starting");
        Output output = execute("dmp:health t-order");
        assertEquals(String.join("\n",
                "CRITICAL                 Bravo    database closed; to do: free some disk space",
                "TEMPORARILY_UNAVAILABLE  Delta    starting",
                "WARN                     Charlie  disk 85 % full",
                "OK                       Alpha    all good", ""), output.out());
        assertEquals("the overall line, last, on the error stream: dmp-shell exits 1",
                "overall: CRITICAL (4 checks: 1 CRITICAL, 1 TEMPORARILY_UNAVAILABLE, 1 WARN, 1 OK)\n", output.err());
    }

    @Test
    public void healthOfChecksAllOkWritesNothingOnTheErrorStream() {
        check("Queue", Status.OK, List.of("t-ok"), "worker idle");
        check("Cards", Status.OK, List.of("t-ok"), "CPS present, 3 tries left");
        assertEquals(new Output("OK  Cards  CPS present, 3 tries left\nOK  Queue  worker idle\noverall: OK (2 checks)\n", ""),
                execute("dmp:health t-ok"));
    }

    @Test
    public void demoWarningsFailOnlyWithStrictAndOtherWarningsAlways() {
        check("Demo mode", Status.WARN, List.of("t-demo", "demo"), "DEMO: the sandbox serves the DMP");
        check("Queue", Status.OK, List.of("t-demo"), "worker idle");
        Output lenient = execute("dmp:health t-demo");
        assertEquals("", lenient.err());
        assertTrue(lenient.out(), lenient.out().endsWith(
                "overall: WARN (2 checks: 1 WARN, 1 OK); only demo warnings, which fail with --strict\n"));

        Output strict = execute("dmp:health --strict t-demo");
        assertEquals(lenient.out().lines().limit(2).toList(), strict.out().lines().toList());
        assertEquals("overall: WARN (2 checks: 1 WARN, 1 OK)\n", strict.err());

        check("Disk", Status.WARN, List.of("t-demo"), "1.2 GB free");
        assertEquals("overall: WARN (3 checks: 2 WARN, 1 OK)\n", execute("dmp:health t-demo").err());
    }

    @Test
    public void tagsSelectTheChecksCarryingAnyOfThem() {
        check("Aa", Status.OK, List.of("t-a"), "a");
        check("Bb", Status.OK, List.of("t-b", "t-x"), "b");
        check("Cc", Status.OK, List.of("t-c"), "c");
        assertEquals(List.of("OK  Aa  a", "OK  Bb  b", "overall: OK (2 checks)"), execute("dmp:health t-a t-b").out().lines().toList());
        assertEquals(List.of("OK  Bb  b", "overall: OK (1 check)"), execute("dmp:health t-x").out().lines().toList());
    }

    @Test
    public void withoutTagsEveryCheckTaggedDmpRunsTheComponentsCheckAmongThem() {
        check("Test of the dmp tag", Status.OK, List.of("dmp", "t-default"), "seen");
        check("Test of another tag", Status.OK, List.of("t-default"), "not seen");
        List<String> names = execute("dmp:health").out().lines()
                .filter(line -> !line.startsWith("overall: "))
                .map(line -> line.replaceFirst("^\\S+\\s+", ""))
                .toList();
        assertTrue(names.toString(), names.stream().anyMatch(line -> line.startsWith("Test of the dmp tag  ")));
        assertTrue(names.toString(), names.stream().anyMatch(line -> line.startsWith("Components  ")));
        assertFalse(names.toString(), names.stream().anyMatch(line -> line.startsWith("Test of another tag")));
    }

    @Test
    public void wrongArgumentsGiveTheReasonAndTheUsageOnTheErrorStream() {
        String usage = "usage: dmp:health [TAG...] [--json] [--strict]   (no TAG: every check tagged dmp;"
                + " a WARN of a check tagged demo fails only with --strict)\n";
        assertEquals(new Output("", "unknown option --jsn\n" + usage), execute("dmp:health --jsn t-ok"));
        assertEquals(new Output("", "not a tag: 'a=b' (letters, digits, '.', '_' and '-')\n" + usage), execute("dmp:health a=b"));
        assertEquals(new Output("", "no health check is tagged t-none or t-nothing\n"), execute("dmp:health t-none t-nothing"));
        assertEquals(new Output("", "usage: dmp:ready   (prints ready, or on the error stream what is not ready yet)\n"),
                execute("dmp:ready now"));
    }

    @Test
    public void jsonIsOneDocumentWithTheOverallResultAndEveryCheckAndTheSameExitRule() throws Exception {
        check("Session", Status.CRITICAL, List.of("t-json", "session"), "no DMP session", "to do: dmp:session open");
        check("Queue", Status.OK, List.of("t-json"), "worker idle");
        Instant before = Instant.now();
        Output failing = execute("dmp:health --json t-json");
        JsonNode json = new ObjectMapper().readTree(failing.out());
        assertEquals("CRITICAL", json.get("overall").asText());
        assertFalse(json.get("passed").asBoolean());
        assertFalse(json.get("strict").asBoolean());
        Instant timestamp = Instant.parse(json.get("timestamp").asText());
        assertFalse(timestamp + " is now", timestamp.isBefore(before.minusSeconds(1)) || timestamp.isAfter(Instant.now()));
        assertEquals(2, json.get("checks").size());
        JsonNode session = json.get("checks").get(0);
        assertEquals("Session", session.get("name").asText());
        assertEquals("[\"t-json\",\"session\"]", session.get("tags").toString());
        assertEquals("CRITICAL", session.get("status").asText());
        assertEquals("[\"no DMP session\",\"to do: dmp:session open\"]", session.get("messages").toString());
        assertTrue(session.get("elapsedMs").isIntegralNumber() && session.get("elapsedMs").asLong() >= 0);
        assertEquals("Queue", json.get("checks").get(1).get("name").asText());
        assertEquals("overall: CRITICAL (2 checks: 1 CRITICAL, 1 OK)\n", failing.err());

        check("Demo", Status.WARN, List.of("t-json-demo", "demo"), "DEMO");
        Output passing = execute("dmp:health --json t-json-demo");
        assertTrue(new ObjectMapper().readTree(passing.out()).get("passed").asBoolean());
        assertEquals("", passing.err());
    }

    @Test
    public void readyWaitsForEveryCheckTaggedReadyToBeOkOrWarn() throws Exception {
        awaitReady();
        TestCheck gate = check("Gate", Status.TEMPORARILY_UNAVAILABLE, List.of("ready", "t-ready"), "waiting for the test",
                "to do: wait");
        assertEquals(new Output("", "Gate: waiting for the test\n"), execute("dmp:ready"));

        gate.answer(Status.WARN, "DEMO: a demo warning does not make the container unready");
        assertEquals("a check is run afresh for dmp:ready", new Output("ready\n", ""), execute("dmp:ready"));

        gate.answer(Status.CRITICAL, "broken");
        assertEquals(new Output("", "Gate: broken\n"), execute("dmp:ready"));
        gate.answer(Status.OK, "open");
        assertEquals(new Output("ready\n", ""), execute("dmp:ready"));
    }

    @Test
    public void aBundleOfOursThatCannotResolveIsNotReadyThenCriticalUntilItGoes() throws Exception {
        awaitReady();
        Bundle unresolvable = context.installBundle("test:unresolvable", unresolvableBundle());
        try {
            try {
                unresolvable.start();
            } catch (BundleException expected) {
                // it stays INSTALLED, as when a package it imports is missing from the container
            }
            String name = "bundle " + unresolvable.getBundleId() + " com.medialogis.dmp.test-unresolvable";
            assertEquals(new Output("", "Components: " + name + " is not started yet (INSTALLED)\n"), execute("dmp:ready"));

            String critical = "CRITICAL  Components  " + name + " cannot be resolved (INSTALLED): a package or service it"
                    + " requires is missing; to do: read the container's log in data/log/ about the bundle or component named,"
                    + " fix the cause, then restart the container";
            String line = Poll.until(Duration.ofSeconds(20), this::componentsLine, critical::equals);
            assertEquals(critical, line);
            assertEquals(new Output("", "Components: " + name + " cannot be resolved (INSTALLED): a package or service it"
                    + " requires is missing\n"), execute("dmp:ready"));
        } finally {
            unresolvable.uninstall();
        }
        assertEquals(new Output("ready\n", ""), execute("dmp:ready"));
    }

    private String componentsLine() {
        return execute("dmp:health ready").out().lines().filter(line -> line.matches("\\S+\\s+Components\\s.*"))
                .map(line -> line.replaceAll("^(\\S+)\\s+Components\\s+", "$1  Components  "))
                .findFirst().orElse("");
    }

    private void awaitReady() throws InterruptedException {
        Output ready = Poll.until(SETTLING, () -> execute("dmp:ready"), output -> output.out().equals("ready\n"));
        assertEquals(new Output("ready\n", ""), ready);
    }

    /** A bundle named as ours that imports a package nobody exports. */
    private static ByteArrayInputStream unresolvableBundle() throws IOException {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.putValue("Bundle-ManifestVersion", "2");
        attributes.putValue("Bundle-SymbolicName", "com.medialogis.dmp.test-unresolvable");
        attributes.putValue("Import-Package", "com.medialogis.dmp.nowhere");
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        new JarOutputStream(jar, manifest).close();
        return new ByteArrayInputStream(jar.toByteArray());
    }

    private TestCheck check(String name, Status status, List<String> tags, String... messages) {
        TestCheck check = new TestCheck();
        check.answer(status, messages);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(HealthCheck.NAME, name);
        properties.put(HealthCheck.TAGS, tags.toArray(String[]::new));
        registered.add(context.registerService(HealthCheck.class, check, properties));
        return check;
    }

    /** A check whose answer the test sets: each message an entry of the status given. */
    private static final class TestCheck implements HealthCheck {
        private volatile Result result;

        void answer(Status status, String... messages) {
            ResultLog log = new ResultLog();
            for (String message : messages) {
                log.add(new ResultLog.Entry(status, message));
            }
            result = new Result(log);
        }

        @Override
        public Result execute() {
            return result;
        }
    }

    private Output execute(String commandLine) {
        return Distribution.execute(commandProcessor, commandLine, "");
    }
}
