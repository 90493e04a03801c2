package com.medialogis.dmp.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;

/** The dmp-shell client against the server, over a real Unix socket, with the real Gogo runtime. */
public class ShellServerTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private ThreadIOImpl threadIO;
    private CommandProcessorImpl processor;
    private ShellServer server;
    private Path socket;
    private final List<List<String>> received = new ArrayList<>();

    /** A command provider as the bundles register them: output on System.out, errors on System.err. */
    public class TestCommands {
        public void words(String... args) {
            received.add(List.of(args));
            System.out.println(args.length + " words");
        }

        public void refuse(String... args) {
            System.err.println("refused: bad argument");
        }

        public String answer() {
            return "forty-two";
        }

        public void folder(org.apache.felix.service.command.CommandSession session) {
            System.out.println(session.currentDir());
        }

        public void secret() throws java.io.IOException {
            java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = reader.readLine();
            System.out.println(line == null ? "end of input" : line.length() + " characters");
        }
    }

    @Before
    public void startServer() throws Exception {
        threadIO = new ThreadIOImpl();
        threadIO.start();
        processor = new CommandProcessorImpl(threadIO);
        TestCommands commands = new TestCommands();
        for (String function : List.of("words", "refuse", "answer", "secret", "folder")) {
            processor.addCommand("test", commands, function);
        }
        Path data = folder.newFolder("data").toPath();
        server = new ShellServer(processor, bundleContext(data), config(""));
        socket = data.resolve(ShellServer.SOCKET_FILE);
        awaitListening();
    }

    @After
    public void stopServer() {
        server.stop();
        threadIO.stop();
    }

    @Test
    public void commandOutputReachesTheClientWithStatusZero() {
        Result result = run("test:words", "a", "b");
        assertEquals(ShellProtocol.OK, result.status);
        assertEquals("2 words\n", result.out);
        assertEquals("", result.err);
    }

    @Test
    public void everyWordArrivesLiterallyWhateverItHolds() {
        List<String> words = List.of("JEAN PIERRE", "D'ARTAGNAN", "", "$HOME", "{ x }", "a;b|c", "é\"\\");
        List<String> command = new ArrayList<>(List.of("test:words"));
        command.addAll(words);
        assertEquals(ShellProtocol.OK, run(command.toArray(String[]::new)).status);
        assertEquals(List.of(words), received);
    }

    @Test
    public void returnedValueIsPrinted() {
        Result result = run("test:answer");
        assertEquals(ShellProtocol.OK, result.status);
        assertEquals("forty-two\n", result.out);
    }

    @Test
    public void commandWritingToItsErrorStreamFailsWithStatusOne() {
        Result result = run("test:refuse", "x");
        assertEquals(ShellProtocol.FAILED, result.status);
        assertEquals("refused: bad argument\n", result.err);
    }

    @Test
    public void unknownCommandFailsWithItsName() {
        Result result = run("test:nothing");
        assertEquals(ShellProtocol.FAILED, result.status);
        assertTrue(result.err, result.err.contains("test:nothing"));
    }

    @Test
    public void noCommandPrintsUsageWithStatusTwo() {
        Result result = run();
        assertEquals(ShellProtocol.USAGE, result.status);
        assertTrue(result.err, result.err.startsWith("usage: dmp-shell COMMAND"));
    }

    @Test
    public void noContainerGivesStatusThree() {
        server.stop();
        Result result = run("test:words");
        assertEquals(ShellProtocol.NO_CONTAINER, result.status);
        assertTrue(result.err, result.err.contains("no container is running"));
    }

    @Test
    public void socketIsReadableByItsOwnerOnly() throws IOException {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    }

    @Test
    public void malformedRequestIsRefusedWithItsReasonAndTheServerGoesOn() throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(channel));
            out.writeInt(99);
            out.flush();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = ShellClient.readAnswer(new DataInputStream(Channels.newInputStream(channel)), out,
                    () -> new byte[0], OutputStream.nullOutputStream(), err);
            assertEquals(ShellProtocol.FAILED, status);
            assertTrue(err.toString(), err.toString().contains("unsupported dmp-shell protocol version 99"));
        }
        assertEquals(ShellProtocol.OK, run("test:answer").status);
    }

    @Test
    public void commandsRunInTheClientsWorkingFolder() {
        assertEquals(Path.of("").toAbsolutePath() + "\n", run("test:folder").out);
    }

    @Test
    public void staleSocketFileFromACrashedContainerIsReplaced() throws Exception {
        server.stop();
        Files.createFile(socket);
        server = new ShellServer(processor, bundleContext(socket.getParent()), config(""));
        awaitListening();
        assertEquals("forty-two\n", run("test:answer").out);
    }

    @Test
    public void configuredPathWinsOverTheDataFolder() {
        Path bundleData = Path.of("/bundle/data/shell.sock");
        assertEquals(Path.of("/run/dmp.sock"), ShellServer.socketPath("/run/dmp.sock", "/data", bundleData));
        assertEquals(Path.of("/data/shell.sock"), ShellServer.socketPath("", "/data", bundleData));
        assertEquals(bundleData, ShellServer.socketPath("", null, bundleData));
    }

    private void awaitListening() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                if (PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)).equals("rw-------")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the shell server did not listen on " + socket + " within 10 s");
    }

    @Test
    public void commandInputIsFetchedFromTheClientOnlyWhenTheCommandReadsIt() {
        List<String> asked = new ArrayList<>();
        Result result = runWithInput(() -> {
            asked.add("line");
            return "1234\n".getBytes(StandardCharsets.UTF_8);
        }, "test:secret");
        assertEquals("4 characters\n", result.out);
        assertEquals(1, asked.size());

        runWithInput(() -> {
            asked.add("line");
            return new byte[0];
        }, "test:answer");
        assertEquals("a command that does not read never asks", 1, asked.size());
    }

    @Test
    public void endOfTheClientsInputReachesTheCommand() {
        assertEquals("end of input\n", runWithInput(() -> new byte[0], "test:secret").out);
    }

    private Result run(String... words) {
        return runWithInput(() -> {
            throw new AssertionError("no command of this test reads its input");
        }, words);
    }

    private Result runWithInput(ShellClient.LineSource input, String... words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ShellClient.run(List.of(words), socket, input,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int status, String out, String err) {}

    private static BundleContext bundleContext(Path data) {
        return (BundleContext) Proxy.newProxyInstance(ShellServerTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> ShellServer.DATA_FOLDER_PROPERTY.equals(args[0]) ? data.toString() : null;
                    case "getDataFile" -> data.resolve("bundle-data").resolve((String) args[0]).toFile();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static ShellServer.Config config(String socketPath) {
        return new ShellServer.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ShellServer.Config.class;
            }

            @Override
            public String socket_path() {
                return socketPath;
            }
        };
    }
}
