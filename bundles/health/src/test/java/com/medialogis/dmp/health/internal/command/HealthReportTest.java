package com.medialogis.dmp.health.internal.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.apache.felix.hc.api.Result.Status;
import org.junit.Test;

public class HealthReportTest {

    private static final CheckOutcome QUEUE_OK = outcome("Deposit queue", Status.OK, List.of("dmp", "queue", "ready"),
            "worker idle, 0 waiting");
    private static final CheckOutcome SESSION_CLOSED = outcome("DMP session", Status.CRITICAL, List.of("dmp", "session"),
            "no DMP session is open", "to do: dmp:session open");
    private static final CheckOutcome DEMO = outcome("Demo mode", Status.WARN, List.of("dmp", "demo"),
            "DEMO: the sandbox serves the DMP", "to do: set enabled = false in load/com.medialogis.dmp.sandbox.cfg");
    private static final CheckOutcome CARDS_STARTING = outcome("Cards", Status.TEMPORARILY_UNAVAILABLE, List.of("dmp", "cards"),
            "reader subsystem starting");

    private static CheckOutcome outcome(String name, Status status, List<String> tags, String... messages) {
        return new CheckOutcome(name, tags, status, List.of(messages), List.of(), 3, false);
    }

    @Test
    public void linesGoWorstFirstThenByNameInColumns() {
        HealthReport report = new HealthReport(List.of(QUEUE_OK, DEMO, SESSION_CLOSED, CARDS_STARTING,
                outcome("Components", Status.OK, List.of("dmp", "ready"), "12 bundles of ours active")), false);
        assertEquals(List.of(
                "CRITICAL                 DMP session    no DMP session is open; to do: dmp:session open",
                "TEMPORARILY_UNAVAILABLE  Cards          reader subsystem starting",
                "WARN                     Demo mode      DEMO: the sandbox serves the DMP; to do: set enabled = false in load/com.medialogis.dmp.sandbox.cfg",
                "OK                       Components     12 bundles of ours active",
                "OK                       Deposit queue  worker idle, 0 waiting"), report.lines());
        assertEquals(Status.CRITICAL, report.overall());
        assertFalse(report.passed());
        assertEquals("overall: CRITICAL (5 checks: 1 CRITICAL, 1 TEMPORARILY_UNAVAILABLE, 1 WARN, 2 OK)", report.overallLine());
    }

    @Test
    public void columnsAreAsWideAsTheirWidestValueOnly() {
        assertEquals(List.of("OK  Deposit queue  worker idle, 0 waiting"), new HealthReport(List.of(QUEUE_OK), false).lines());
    }

    @Test
    public void everyCheckOkPasses() {
        HealthReport report = new HealthReport(List.of(QUEUE_OK), false);
        assertTrue(report.passed());
        assertEquals("overall: OK (1 check)", report.overallLine());
    }

    @Test
    public void demoWarningsFailOnlyWhenStrict() {
        HealthReport lenient = new HealthReport(List.of(QUEUE_OK, DEMO), false);
        assertEquals(Status.WARN, lenient.overall());
        assertTrue(lenient.passed());
        assertEquals("overall: WARN (2 checks: 1 WARN, 1 OK); only demo warnings, which fail with --strict", lenient.overallLine());

        HealthReport strict = new HealthReport(List.of(QUEUE_OK, DEMO), true);
        assertFalse(strict.passed());
        assertEquals("overall: WARN (2 checks: 1 WARN, 1 OK)", strict.overallLine());
    }

    @Test
    public void aWarningNotTaggedDemoFails() {
        CheckOutcome diskLow = outcome("Disk", Status.WARN, List.of("dmp", "queue"), "1.2 GB free");
        assertFalse(new HealthReport(List.of(diskLow, DEMO), false).passed());
    }

    @Test
    public void aDemoCheckThatTimedOutOrIsWorseThanWarnFails() {
        CheckOutcome timedOut = new CheckOutcome("Demo mode", List.of("demo"), Status.WARN,
                List.of("Timeout: Check still running after 2s"), List.of(), 2001, true);
        assertFalse(new HealthReport(List.of(timedOut), false).passed());
        CheckOutcome critical = outcome("Demo mode", Status.CRITICAL, List.of("demo"), "real CPS with the sandbox");
        assertFalse(new HealthReport(List.of(critical), false).passed());
    }

    @Test
    public void jsonHoldsTheOverallResultAndEveryCheckWorstFirst() throws Exception {
        Instant at = Instant.parse("2026-11-30T08:15:30.123456Z");
        JsonNode json = new ObjectMapper().readTree(new HealthReport(List.of(QUEUE_OK, DEMO), false).json(at));
        assertEquals("WARN", json.get("overall").asText());
        assertTrue(json.get("passed").asBoolean());
        assertFalse(json.get("strict").asBoolean());
        assertEquals("2026-11-30T08:15:30.123Z", json.get("timestamp").asText());
        assertEquals(2, json.get("checks").size());
        JsonNode demo = json.get("checks").get(0);
        assertEquals("Demo mode", demo.get("name").asText());
        assertEquals("[\"dmp\",\"demo\"]", demo.get("tags").toString());
        assertEquals("WARN", demo.get("status").asText());
        assertEquals(DEMO.messages(), List.of(demo.get("messages").get(0).asText(), demo.get("messages").get(1).asText()));
        assertEquals(3, demo.get("elapsedMs").asLong());
        assertEquals("Deposit queue", json.get("checks").get(1).get("name").asText());
    }

    @Test
    public void argumentsAreTagsAndTwoOptionsInAnyOrder() {
        assertEquals(new HealthArguments(List.of(), false, false), HealthArguments.parse(List.of()));
        assertEquals(new HealthArguments(List.of("queue", "session"), true, true),
                HealthArguments.parse(List.of("--strict", "queue", "--json", "session")));
    }

    @Test
    public void unknownOptionsAndTagsWithFilterSyntaxAreRefusedByName() {
        assertEquals("unknown option --jsn",
                assertThrows(IllegalArgumentException.class, () -> HealthArguments.parse(List.of("--jsn"))).getMessage());
        assertEquals("unknown option -queue",
                assertThrows(IllegalArgumentException.class, () -> HealthArguments.parse(List.of("-queue"))).getMessage());
        assertEquals("not a tag: 'q*)(x' (letters, digits, '.', '_' and '-')",
                assertThrows(IllegalArgumentException.class, () -> HealthArguments.parse(List.of("q*)(x"))).getMessage());
    }
}
