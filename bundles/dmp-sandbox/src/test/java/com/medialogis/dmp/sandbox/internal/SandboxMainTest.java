package com.medialogis.dmp.sandbox.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** bin/dmp-sandbox's reports against a running sandbox, over its HTTP admin path. */
public class SandboxMainTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private DmpSandbox sandbox;

    @Before
    public void start() throws IOException {
        sandbox = DmpSandbox.start(folder.getRoot().toPath(), new InetSocketAddress("127.0.0.1", 0));
    }

    @After
    public void stop() {
        sandbox.close();
    }

    private record Result(int status, String out, String err) {}

    private static Result run(String... args) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SandboxMain.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String port() {
        return String.valueOf(sandbox.port());
    }

    @Test
    public void reportsAreTheLinesOfTheShellCommands() throws InterruptedException {
        Result patients = run("--port", port(), "patients");
        assertEquals(0, patients.status);
        assertEquals(String.join("\n", sandbox.patients()) + "\n", patients.out);
        assertTrue(patients.out, patients.out.contains("1212369615611735941658  CLOSED  VALID"));
        Result stats = run("--port", port(), "stats");
        assertTrue("the seed's document: " + stats.out, stats.out.endsWith("documents held: 1\n"));
    }

    @Test
    public void faultsAreSetAndRefusedWithTheirReason() throws InterruptedException {
        Result set = run("--port", port(), "faults", "25", "0.2", "0.01");
        assertEquals(set.err, 0, set.status);
        assertEquals("latency 25 ms, transient errors 0.2, permanent errors 0.01\n", set.out);
        assertEquals(set.out, run("--port", port(), "faults").out);
        Result refused = run("--port", port(), "faults", "0", "0.8", "0.5");
        assertEquals(1, refused.status);
        assertTrue(refused.err, refused.err.startsWith("error rates are between 0 and 1 and add up to 1 at most"));
    }

    @Test
    public void cardsAreMovedToAReaderNamedInWordsAndAFullReaderRefusesOne() throws InterruptedException {
        Result full = run("--port", port(), "readers", "insert", "cps", "Virtual", "PCD", "00", "01");
        assertEquals(1, full.status);
        assertEquals("Virtual PCD 00 01 holds the Vitale card: remove it first\n", full.err);
        assertEquals(0, run("--port", port(), "readers", "remove", "vitale").status);
        Result moved = run("--port", port(), "readers", "insert", "cps", "Virtual PCD 00 01");
        assertEquals(moved.err, 0, moved.status);
        assertEquals("Virtual PCD 00 00: empty\nVirtual PCD 00 01: the virtual CPS, 3 PIN tries left\n", moved.out);
        Result named = run("--port", port(), "readers", "remove", "cps", "Virtual PCD 00 01");
        assertEquals(1, named.status);
        assertEquals("a card is removed from the reader holding it: name the card only\n", named.err);
    }

    @Test
    public void wrongArgumentsAndAbsentSandboxSaySo() throws Exception {
        assertEquals(2, run("--port", port(), "documents").status);
        assertEquals(2, run("--port").status);
        Result badPort = run("--port", "99999", "stats");
        assertEquals(2, badPort.status);
        assertTrue(badPort.err, badPort.err.contains("the port is a number from 1 to 65535, not '99999'"));
        int free;
        try (ServerSocket socket = new ServerSocket(0)) {
            free = socket.getLocalPort();
        }
        Result absent = run("--port", String.valueOf(free), "stats");
        assertEquals(1, absent.status);
        assertTrue(absent.err, absent.err.contains("no sandbox answers on 127.0.0.1:" + free));
    }

    @Test
    public void aSecondSandboxOnTheSameDmpIsRefused() {
        IOException e = assertThrows(IOException.class,
                () -> DmpSandbox.start(folder.getRoot().toPath(), new InetSocketAddress("127.0.0.1", 0)));
        assertTrue(e.getMessage(), e.getMessage().startsWith("another sandbox already serves the DMP in"));
    }
}
