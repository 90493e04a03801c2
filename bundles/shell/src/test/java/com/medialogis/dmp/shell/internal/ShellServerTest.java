package com.medialogis.dmp.shell.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.support.files.DataFolder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

        public void flood() {
            String line = "x".repeat(1023);
            for (int i = 0; i < 4096; i++) {
                System.out.println(line);
            }
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
        for (String function : List.of("words", "refuse", "answer", "secret", "folder", "flood")) {
            processor.addCommand("test", commands, function);
        }
        Path data = folder.newFolder("data").toPath();
        server = new ShellServer(processor, bundleContext(data), config(""));
        socket = data.resolve(ShellServer.SOCKET_FILE);
        assertServing(server);
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
        assertTrue(result.err, result.err.startsWith("usage: dmp-shell [--wait-ready[=SECONDS]] COMMAND"));
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
    public void staleSocketFromACrashedContainerIsReplaced() throws Exception {
        server.stop();
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue("a closed channel leaves its socket file", Files.exists(socket));
        server = newServer();
        assertServing(server);
        assertEquals("forty-two\n", run("test:answer").out);
    }

    @Test
    public void secondServerOnTheSameSocketDoesNotServeAndLeavesTheFirstAnswering() throws Exception {
        Object firstSocket = fileKey(socket);
        ShellServer second = newServer();
        try {
            assertNotServing(second, "another container serves dmp-shell on " + socket);
            assertEquals("the first server's socket is untouched", firstSocket, fileKey(socket));
            assertEquals("forty-two\n", run("test:answer").out);
        } finally {
            second.stop();
        }
        assertEquals("stopping the second server leaves the first's socket", firstSocket, fileKey(socket));
        assertEquals("forty-two\n", run("test:answer").out);
        assertEquals(ShellServer.State.SERVING, server.status().state());
    }

    @Test
    public void socketThatAnotherProgramAnswersOnIsLeftAlone() throws Exception {
        server.stop();
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(socket));
            Object otherSocket = fileKey(socket);
            server = newServer();
            assertNotServing(server, "another process answers on " + socket);
            server.stop();
            assertEquals(otherSocket, fileKey(socket));
        }
    }

    @Test
    public void regularFileDirectoryOrSymbolicLinkAtTheSocketPathIsKeptAndNamed() throws Exception {
        server.stop();
        Files.writeString(socket, "notes");
        assertNotServedAndKept("a regular file");
        assertEquals("notes", Files.readString(socket));
        Files.delete(socket);

        Files.createDirectory(socket);
        assertNotServedAndKept("a directory");
        Files.delete(socket);

        Path target = Files.writeString(folder.newFile().toPath(), "elsewhere");
        Files.createSymbolicLink(socket, target);
        assertNotServedAndKept("a symbolic link");
        assertEquals("elsewhere", Files.readString(target));
    }

    private void assertNotServedAndKept(String fileType) throws IOException {
        Object kept = fileKey(socket);
        server = newServer();
        assertNotServing(server, socket + " is " + fileType + ", not a socket");
        server.stop();
        assertEquals(fileType + " is not replaced", kept, fileKey(socket));
    }

    @Test
    public void stopLeavesASocketThatItDidNotBind() throws Exception {
        Files.delete(socket);
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(socket));
            Object otherSocket = fileKey(socket);
            server.stop();
            assertEquals(otherSocket, fileKey(socket));
        }
    }

    @Test
    public void lockBesideTheSocketIsOwnerOnlyAndReleasedAtStop() throws Exception {
        Path lock = socket.resolveSibling(ShellServer.SOCKET_FILE + ".lock");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(lock)));
        server.stop();
        Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("rw-r--r--"));
        restartServer(ShellServer.CLIENT_TIMEOUT, ShellServer.MAX_CLIENTS, ShellServer.PEER_CREDENTIALS);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(lock)));
        assertEquals("forty-two\n", run("test:answer").out);
    }

    @Test
    public void clientThatSendsNoWholeRequestIsDisconnectedAfterTheTimeout() throws Exception {
        restartServer(Duration.ofMillis(200), ShellServer.MAX_CLIENTS, ShellServer.PEER_CREDENTIALS);
        try (SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                SocketChannel partial = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            new DataOutputStream(Channels.newOutputStream(partial)).writeInt(ShellProtocol.VERSION);
            assertArrayEquals(new byte[0], readUntilClosed(silent, Duration.ofSeconds(5)));
            assertArrayEquals(new byte[0], readUntilClosed(partial, Duration.ofSeconds(5)));
        }
        assertEquals("forty-two\n", run("test:answer").out);
    }

    @Test
    public void clientThatLeavesTheOutputUnreadIsDisconnectedAndGivesItsSlotBack() throws Exception {
        restartServer(Duration.ofMillis(200), 1, ShellServer.PEER_CREDENTIALS);
        try (SocketChannel stalled = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            DataOutputStream request = new DataOutputStream(Channels.newOutputStream(stalled));
            ShellProtocol.writeRequest(request, new ShellProtocol.Request(folder.getRoot().toPath(), List.of("test:flood")));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            Result next = run("test:answer");
            while (next.status != ShellProtocol.OK && Instant.now().isBefore(deadline)) {
                next = run("test:answer");
            }
            assertEquals("the only slot was given back", "forty-two\n", next.out);
        }
    }

    @Test
    public void commandWaitingForTypedInputOutlastsTheRequestTimeout() {
        restartServer(Duration.ofMillis(200), ShellServer.MAX_CLIENTS, ShellServer.PEER_CREDENTIALS);
        Result result = runWithInput(() -> {
            typeSlowly(Duration.ofMillis(600));
            return "1234\n".getBytes(StandardCharsets.UTF_8);
        }, "test:secret");
        assertEquals(ShellProtocol.OK, result.status);
        assertEquals("4 characters\n", result.out);
    }

    /** A person who takes longer to type than a client may take to send its request. */
    private static void typeSlowly(Duration typing) throws InterruptedIOException {
        try {
            Thread.sleep(typing.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }

    @Test
    public void clientBeyondTheLimitIsRefusedAtOnceAsBusy() throws Exception {
        int limit = 2;
        restartServer(ShellServer.CLIENT_TIMEOUT, limit, ShellServer.PEER_CREDENTIALS);
        CountDownLatch asked = new CountDownLatch(limit);
        CountDownLatch typed = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(limit);
        try {
            List<Future<Result>> holding = new ArrayList<>();
            for (int i = 0; i < limit; i++) {
                holding.add(clients.submit(() -> runWithInput(() -> {
                    asked.countDown();
                    awaitTyping(typed);
                    return "1234\n".getBytes(StandardCharsets.UTF_8);
                }, "test:secret")));
            }
            assertTrue("both commands ask for their input", asked.await(10, TimeUnit.SECONDS));

            Result refused = run("test:answer");
            assertEquals(ShellProtocol.FAILED, refused.status);
            assertEquals("dmp-shell: the container is busy with 2 commands, try again\n", refused.err);

            typed.countDown();
            for (Future<Result> client : holding) {
                assertEquals("4 characters\n", client.get(10, TimeUnit.SECONDS).out);
            }
            Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
            while (run("test:answer").status != ShellProtocol.OK) {
                assertTrue("the slots are given back when the commands end", Instant.now().isBefore(deadline));
            }
        } finally {
            typed.countDown();
            clients.shutdown();
            assertTrue("the holding clients end", clients.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    private static void awaitTyping(CountDownLatch typed) throws InterruptedIOException {
        try {
            if (!typed.await(10, TimeUnit.SECONDS)) {
                throw new InterruptedIOException("the test never typed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }

    @Test
    public void anotherUserIsRefusedBeforeAnyByteOfItsRequestIsRead() throws Exception {
        UserPrincipal stranger = () -> "stranger";
        restartServer(ShellServer.CLIENT_TIMEOUT, ShellServer.MAX_CLIENTS, client -> stranger);
        String refusal = "dmp-shell: only user " + Files.getOwner(socket).getName() + " may run commands here\n";

        try (SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            byte[] answer = readUntilClosed(silent, Duration.ofSeconds(5));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = ShellClient.readAnswer(new DataInputStream(new ByteArrayInputStream(answer)),
                    new DataOutputStream(OutputStream.nullOutputStream()), () -> new byte[0],
                    OutputStream.nullOutputStream(), err);
            assertEquals(ShellProtocol.FAILED, status);
            assertEquals("refused although it sent nothing", refusal, err.toString(StandardCharsets.UTF_8));
        }

        Result refused = run("test:words", "x");
        assertEquals(ShellProtocol.FAILED, refused.status);
        assertEquals(refusal, refused.err);
        assertEquals("the command never ran", List.of(), received);
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

    /** A server on the test's socket with the container's settings. */
    private ShellServer newServer() {
        return new ShellServer(processor, socket, ShellServer.CLIENT_TIMEOUT, ShellServer.MAX_CLIENTS,
                ShellServer.PEER_CREDENTIALS);
    }

    private void restartServer(Duration requestTimeout, int maxClients, ShellServer.PeerUser peerUser) {
        server.stop();
        server = new ShellServer(processor, socket, requestTimeout, maxClients, peerUser);
        assertServing(server);
    }

    private void assertServing(ShellServer shellServer) {
        ShellServer.Status status = shellServer.status();
        assertEquals(status.detail(), ShellServer.State.SERVING, status.state());
        assertEquals("on " + socket, status.detail());
    }

    private static void assertNotServing(ShellServer shellServer, String reason) {
        ShellServer.Status status = shellServer.status();
        assertEquals(ShellServer.State.NOT_SERVING, status.state());
        assertTrue(status.detail(), status.detail().startsWith(reason));
    }

    private static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /** Everything the server sends until it closes the connection; fails if it is still open after patience. */
    private static byte[] readUntilClosed(SocketChannel channel, Duration patience) throws IOException {
        Instant deadline = Instant.now().plus(patience);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        channel.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            while (true) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                assertTrue("the server still holds the connection after " + patience, left > 0);
                selector.select(left);
                selector.selectedKeys().clear();
                int read;
                while ((read = channel.read(buffer.clear())) > 0) {
                    received.write(buffer.array(), 0, read);
                }
                if (read < 0) {
                    return received.toByteArray();
                }
            }
        }
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
                    case "getProperty" -> DataFolder.PROPERTY.equals(args[0]) ? data.toString() : null;
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
