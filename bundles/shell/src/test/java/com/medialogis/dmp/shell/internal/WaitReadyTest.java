package com.medialogis.dmp.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code dmp-shell --wait-ready} against the real server and Gogo runtime, the container starting late and slowly. */
public class WaitReadyTest {

    private static final String STARTING = "Components: bundle 14 com.medialogis.dmp.queue is starting";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private ThreadIOImpl threadIO;
    private CommandProcessorImpl processor;
    private Path socket;
    private volatile ShellServer server;
    /** What dmp:ready says is not ready yet; null once ready. */
    private final AtomicReference<String> notReady = new AtomicReference<>(STARTING);
    private final AtomicInteger readyAsked = new AtomicInteger();
    private volatile Instant readySince;
    private volatile Instant commandRan;

    /** dmp:ready as the health bundle answers it, and a command to run once ready. */
    public class Commands {
        public void ready() {
            readyAsked.incrementAndGet();
            String reason = notReady.get();
            if (reason == null) {
                System.out.println("ready");
            } else {
                System.err.println(reason);
            }
        }

        public void words(String... args) {
            commandRan = Instant.now();
            System.out.println(args.length + " words");
        }

        public void refuse() {
            System.err.println("refused");
        }
    }

    @Before
    public void prepareCommands() throws Exception {
        threadIO = new ThreadIOImpl();
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        Commands commands = new Commands();
        processor.addCommand("dmp", commands, "ready");
        processor.addCommand("test", commands, "words");
        processor.addCommand("test", commands, "refuse");
        socket = folder.newFolder("data").toPath().resolve(ShellServer.SOCKET_FILE);
    }

    @After
    public void stopServer() {
        if (server != null) {
            server.stop();
        }
        threadIO.stop();
    }

    @Test
    public void waitsForAContainerThatStartsLateAndSlowlyThenRunsTheCommand() throws Exception {
        CompletableFuture<Void> slowStart = CompletableFuture.runAsync(() -> {
            pause(Duration.ofMillis(400));
            startServer();
            pause(Duration.ofMillis(600));
            readySince = Instant.now();
            notReady.set(null);
        });
        Result result = run("--wait-ready=20", "test:words", "a", "b");
        slowStart.get(10, TimeUnit.SECONDS);
        assertEquals(result.err, ShellProtocol.OK, result.status);
        assertEquals("2 words\n", result.out);
        assertTrue("the command ran once the container was ready", commandRan.isAfter(readySince));
        assertTrue("asked again while not ready: " + readyAsked.get(), readyAsked.get() >= 5);
    }

    @Test
    public void withoutACommandItOnlyWaitsAndPrintsNothing() {
        startServer();
        notReady.set(null);
        Result result = run("--wait-ready");
        assertEquals(new Result(ShellProtocol.OK, "", ""), result);
    }

    @Test
    public void givesUpAtTheDeadlineWithTheLastReasonsPollingAboutEvery50Milliseconds() {
        startServer();
        Instant start = Instant.now();
        Result result = run("--wait-ready=1", "test:words");
        Duration waited = Duration.between(start, Instant.now());
        assertEquals(ShellProtocol.NOT_READY, result.status);
        assertEquals("", result.out);
        assertEquals("dmp-shell: the container is not ready after 1 s: dmp:ready said:\n  " + STARTING + "\n", result.err);
        assertEquals("the command never ran", null, commandRan);
        // Not before the deadline; after it, soon: a deadline ignored would wait for ever, and 10 s leaves room for a loaded CI machine.
        assertTrue("waited " + waited, waited.compareTo(Duration.ofMillis(950)) >= 0 && waited.compareTo(Duration.ofSeconds(10)) < 0);
        assertTrue("no busy loop: " + readyAsked.get() + " polls in 1 s", readyAsked.get() >= 2 && readyAsked.get() <= 25);
    }

    @Test
    public void saysNoContainerAnsweredWhenNoneStartsEvenBeforeItsDataFolderExists() {
        Result result = run("--wait-ready=1", "test:words");
        assertEquals(ShellProtocol.NOT_READY, result.status);
        assertEquals("dmp-shell: the container is not ready after 1 s: no container is running (nothing answers on "
                + socket + ")\n", result.err);

        Path neverCreated = socket.resolveSibling("not-yet").resolve(ShellServer.SOCKET_FILE);
        Result noFolder = runOn(neverCreated, "--wait-ready=1");
        assertTrue(noFolder.err, noFolder.err.endsWith("no container is running (nothing answers on " + neverCreated + ")\n"));
    }

    @Test
    public void aCommandRunAfterReadinessGivesItsOwnStatus() {
        startServer();
        notReady.set(null);
        assertEquals(new Result(ShellProtocol.FAILED, "", "refused\n"), run("--wait-ready=5", "test:refuse"));
    }

    @Test
    public void malformedWaitReadyOptionIsAUsageError() {
        for (String option : List.of("--wait-ready=", "--wait-ready=0", "--wait-ready=ten", "--wait-readyy", "--wait-ready=-1")) {
            Result result = run(option, "test:words");
            assertEquals(option, ShellProtocol.USAGE, result.status);
            assertTrue(result.err, result.err.startsWith("usage: dmp-shell [--wait-ready[=SECONDS]] COMMAND [ARGUMENT...]"));
        }
        assertEquals("nothing was asked", 0, readyAsked.get());
    }

    private void startServer() {
        server = new ShellServer(processor, socket, ShellServer.CLIENT_TIMEOUT, ShellServer.MAX_CLIENTS,
                ShellServer.PEER_CREDENTIALS);
        assertEquals(ShellServer.State.SERVING, server.status().state());
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Result run(String... words) {
        return runOn(socket, words);
    }

    private static Result runOn(Path socket, String... words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ShellClient.run(List.of(words), socket, () -> {
            throw new AssertionError("no command of this test reads its input");
        }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int status, String out, String err) {}
}
