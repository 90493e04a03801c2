package com.medialogis.dmp.shell.internal;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;

import com.medialogis.dmp.support.files.DataFolder;
import com.medialogis.dmp.support.files.PrivateFiles;
import com.medialogis.dmp.support.health.Checks;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Gogo commands sent by {@code bin/dmp-shell} over a Unix domain socket. The socket is
 * a file readable by its owner only, and every connection is checked to come from the user that
 * runs the container before any byte of its request is read: nothing listens on the network.
 *
 * <p>The server holds a lock on {@code shell.sock.lock} beside the socket for its whole life: of
 * two containers started on the same data folder, only one serves and the other says why. It
 * replaces a socket that nobody answers on (a container that crashed), and never deletes a socket
 * that answers, a file that is not a socket, or a socket it did not bind. At most
 * {@value #MAX_CLIENTS} commands run at once; a client has {@link #CLIENT_TIMEOUT} to send its
 * request.
 */
@Component(immediate = true, configurationPid = "com.medialogis.dmp.shell", service = HealthCheck.class, property = {
    HealthCheck.NAME + "=dmp-shell",
    HealthCheck.TAGS + "=" + Checks.DMP,
    HealthCheck.TAGS + "=" + Checks.SHELL,
    HealthCheck.TAGS + "=" + Checks.READY
})
@Designate(ocd = ShellServer.Config.class)
public class ShellServer implements HealthCheck {

    @ObjectClassDefinition(name = "DMP shell socket",
            description = "The local socket through which bin/dmp-shell runs shell commands.")
    public @interface Config {
        @AttributeDefinition(name = "Socket path", description = "Path of the Unix socket. Empty:"
                + " shell.sock in the container's data folder (framework property dmp.data), else in"
                + " dmp/ of Karaf's (karaf.data), else in this bundle's data area.")
        String socket_path() default "";
    }

    public enum State { SERVING, NOT_SERVING }

    /** Whether dmp-shell is served, since when, and where (serving) or why not. */
    public record Status(State state, String detail, Instant since) {}

    /** Who is at the other end of a connection. */
    @FunctionalInterface
    interface PeerUser {
        UserPrincipal of(SocketChannel client) throws IOException;
    }

    /** The kernel's word on who connected (SO_PEERCRED). */
    static final PeerUser PEER_CREDENTIALS = client -> client.getOption(ExtendedSocketOptions.SO_PEERCRED).user();
    static final String SOCKET_FILE = "shell.sock";
    /** The longest a client may take to send its request, or leave a command's output unread. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_CLIENTS = 16;

    private static final Logger LOG = LoggerFactory.getLogger(ShellServer.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int SOCKET_TYPE = 0140000;

    private final CommandProcessor processor;
    private final Path socket;
    private final Path lockFile;
    private final Duration clientTimeout;
    private final int maxClients;
    private final PeerUser peerUser;
    /** Taken before a connection is handed to the executor, given back when it ends: bounds its threads and queue. */
    private final Semaphore clientSlots;
    private final ThreadPoolExecutor executor;
    private final ScheduledThreadPoolExecutor timer;
    private volatile Status status;
    // Set by claimSocket(), cleared by release(); guarded by this.
    private FileChannel lockChannel;
    private ServerSocketChannel server;
    private Object boundSocket;
    /** The user the socket belongs to, the only one served; set before the listener starts. */
    private UserPrincipal owner;

    @Activate
    public ShellServer(@Reference CommandProcessor processor, BundleContext context, Config config) {
        this(processor, DataFolder.resolve(context, config.socket_path(), SOCKET_FILE), CLIENT_TIMEOUT, MAX_CLIENTS,
                PEER_CREDENTIALS);
    }

    ShellServer(CommandProcessor processor, Path socket, Duration clientTimeout, int maxClients, PeerUser peerUser) {
        this.processor = processor;
        this.socket = socket.toAbsolutePath();
        this.lockFile = this.socket.resolveSibling(this.socket.getFileName() + ".lock");
        this.clientTimeout = clientTimeout;
        this.maxClients = maxClients;
        this.peerUser = peerUser;
        this.clientSlots = new Semaphore(maxClients);
        this.executor = new ThreadPoolExecutor(maxClients, maxClients, 1, TimeUnit.MINUTES,
                new LinkedBlockingQueue<>(), daemonThreads("dmp-shell-"));
        executor.allowCoreThreadTimeOut(true);
        // Once stopped, the timer drops new limits: stopping interrupts the connections' threads.
        this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("dmp-shell-timer-"),
                new ThreadPoolExecutor.DiscardPolicy());
        timer.setRemoveOnCancelPolicy(true);
        start();
    }

    /** Whether dmp-shell is served: for the container's health check. */
    public Status status() {
        return status;
    }

    /** Its health check: serving, or why not. */
    @Override
    public Result execute() {
        Status now = status;
        return now.state() == State.SERVING ? Checks.ok("dmp-shell is served " + now.detail() + " since " + now.since())
                : Checks.problem(Result.Status.CRITICAL, "dmp-shell is not served: " + now.detail(),
                        "scripts cannot reach the container; see the log, stop the other container if one runs on this data folder");
    }

    @Deactivate
    void stop() {
        release();
        executor.shutdownNow();
        timer.shutdownNow();
        status = new Status(State.NOT_SERVING, "stopped", Instant.now());
    }

    private void start() {
        ServerSocketChannel channel;
        try {
            channel = claimSocket();
        } catch (SocketNotServed e) {
            stopServing(e.getMessage());
            return;
        } catch (IOException e) {
            stopServing("cannot listen on " + socket + ": " + e.getMessage());
            return;
        }
        status = new Status(State.SERVING, "on " + socket, Instant.now());
        LOG.info("dmp-shell accepts commands on {}", socket);
        daemonThreads("dmp-shell-listener-").newThread(() -> acceptClients(channel)).start();
    }

    private void stopServing(String reason) {
        release();
        status = new Status(State.NOT_SERVING, reason, Instant.now());
        LOG.error("dmp-shell is not served: {}", reason);
    }

    /** Takes the lock, replaces a stale socket, binds a new one and remembers which file it is. */
    private synchronized ServerSocketChannel claimSocket() throws SocketNotServed, IOException {
        PrivateFiles.createMissing(socket.getParent());
        lockChannel = FileChannel.open(lockFile, Set.of(CREATE, WRITE, NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.getFileAttributeView(lockFile, PosixFileAttributeView.class, NOFOLLOW_LINKS).setPermissions(OWNER_ONLY);
        if (tryLock(lockChannel) == null) {
            throw new SocketNotServed("another container serves dmp-shell on " + socket + " (it holds " + lockFile + ")");
        }
        if (Files.exists(socket, NOFOLLOW_LINKS)) {
            deleteStaleSocket();
        }
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        boundSocket = fileKey(socket);
        Files.setPosixFilePermissions(socket, OWNER_ONLY);
        owner = Files.getOwner(socket, NOFOLLOW_LINKS);
        return server;
    }

    /**
     * The lock, or null when another container holds it, or another server of this JVM (which the
     * JVM reports by an exception). Closing this second channel then drops the process's lock on
     * the file: a container started later still finds that server's socket alive by its probe.
     */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    private void deleteStaleSocket() throws SocketNotServed, IOException {
        int mode = (int) Files.getAttribute(socket, "unix:mode", NOFOLLOW_LINKS);
        if ((mode & FILE_TYPE_MASK) != SOCKET_TYPE) {
            throw new SocketNotServed(socket + " is " + fileType(mode) + ", not a socket: it is left as it is;"
                    + " remove it or configure another socket path");
        }
        if (answers(socket)) {
            throw new SocketNotServed("another process answers on " + socket + " without holding " + lockFile
                    + ": its socket is left as it is");
        }
        LOG.info("Replacing the dmp-shell socket {} that nothing answers on", socket);
        Files.delete(socket);
    }

    /** Whether a process accepts connections on the socket; never waits for a busy one. */
    private static boolean answers(Path socket) throws IOException {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.configureBlocking(false);
            probe.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    private static String fileType(int mode) {
        return switch (mode & FILE_TYPE_MASK) {
            case 0100000 -> "a regular file";
            case 0040000 -> "a directory";
            case 0120000 -> "a symbolic link";
            case 0010000 -> "a named pipe";
            default -> "a device";
        };
    }

    private static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW_LINKS).fileKey();
    }

    /** Closes the server socket, deletes the socket file if it is still the one bound here, and releases the lock. */
    private synchronized void release() {
        try {
            if (server != null) {
                server.close();
            }
            if (boundSocket != null && Files.exists(socket, NOFOLLOW_LINKS) && boundSocket.equals(fileKey(socket))) {
                Files.delete(socket);
            }
        } catch (IOException e) {
            LOG.warn("Could not remove the shell socket {}: {}", socket, e.getMessage());
        }
        try {
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.warn("Could not release the shell socket's lock {}: {}", lockFile, e.getMessage());
        }
        server = null;
        boundSocket = null;
        lockChannel = null;
    }

    private void acceptClients(ServerSocketChannel channel) {
        try {
            while (true) {
                admit(channel.accept());
            }
        } catch (ClosedChannelException stopped) {
            LOG.debug("Shell socket closed");
        } catch (IOException | RuntimeException e) {
            stopServing("cannot accept connections on " + socket + ": " + e.getMessage());
        }
    }

    /** Refuses another user, or anyone when every slot is taken, before reading anything it sends. */
    private void admit(SocketChannel client) {
        try {
            UserPrincipal peer = peerUser.of(client);
            if (!peer.equals(owner)) {
                LOG.warn("Refused a dmp-shell connection from user {}", peer.getName());
                refuse(new DataOutputStream(Channels.newOutputStream(client)),
                        "dmp-shell: only user " + owner.getName() + " may run commands here");
            } else if (!clientSlots.tryAcquire()) {
                LOG.warn("Refused a dmp-shell connection: {} commands are running", maxClients);
                refuse(new DataOutputStream(Channels.newOutputStream(client)),
                        "dmp-shell: the container is busy with " + maxClients + " commands, try again");
            } else {
                executor.execute(() -> serve(client));
                return;
            }
        } catch (IOException e) {
            LOG.debug("Refused dmp-shell connection ended: {}", e.getMessage());
        } catch (RejectedExecutionException stopping) {
            clientSlots.release();
        }
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("Could not close a refused dmp-shell connection: {}", e.getMessage());
        }
    }

    private void serve(SocketChannel client) {
        IoTimeout timeout = new IoTimeout(client, timer);
        try (client;
                DataInputStream in = new DataInputStream(Channels.newInputStream(client));
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(client)))) {
            ShellProtocol.Request request;
            try {
                request = timeout.within(clientTimeout, () -> ShellProtocol.readRequest(in));
            } catch (InterruptedByTimeoutException silent) {
                LOG.debug("Closed a dmp-shell connection that sent no whole request within {}", clientTimeout);
                return;
            } catch (EOFException | ClosedChannelException ended) {
                LOG.debug("dmp-shell connection ended before its request: {}", ended.toString());
                return;
            } catch (IOException malformed) {
                refuse(out, "dmp-shell: malformed request: " + malformed.getMessage());
                return;
            }
            int status = execute(request, new RemoteInput(in, out, timeout), out, timeout);
            timeout.within(clientTimeout, () -> {
                ShellProtocol.writeExit(out, status);
                return null;
            });
        } catch (IOException e) {
            LOG.debug("dmp-shell connection ended: {}", e.getMessage());
        } finally {
            clientSlots.release();
        }
    }

    private static void refuse(DataOutputStream out, String reason) throws IOException {
        byte[] message = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        ShellProtocol.writeFrame(out, ShellProtocol.ERR, message, 0, message.length);
        ShellProtocol.writeExit(out, ShellProtocol.FAILED);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Runs one command line in the client's working folder (Gogo's current folder, against which
     * commands resolve relative file names); its output and errors go to the client as they are
     * written.
     */
    private int execute(ShellProtocol.Request request, InputStream input, DataOutputStream out, IoTimeout timeout) {
        FrameStream stdout = new FrameStream(out, ShellProtocol.OUT, timeout, clientTimeout);
        FrameStream stderr = new FrameStream(out, ShellProtocol.ERR, timeout, clientTimeout);
        PrintStream printOut = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        PrintStream printErr = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(input, printOut, printErr);
        session.currentDir(request.workingFolder());
        try {
            Object result = session.execute(GogoCommandLine.of(request.words()));
            if (result != null) {
                printOut.println(session.format(result, Converter.INSPECT));
            }
        } catch (Exception e) {
            LOG.debug("Shell command failed", e);
            printErr.println(e.getMessage() != null ? e.getMessage() : e.toString());
        } finally {
            session.close();
            printOut.flush();
            printErr.flush();
            try {
                input.close();
            } catch (IOException e) {
                LOG.debug("Could not close a command's input: {}", e.getMessage());
            }
        }
        return stderr.written() ? ShellProtocol.FAILED : ShellProtocol.OK;
    }

    /**
     * An output stream that sends what is written as frames of one type; a client that takes none of
     * it within the limit is disconnected, so that it does not hold a command's thread.
     */
    private static final class FrameStream extends OutputStream {
        private final DataOutputStream out;
        private final byte type;
        private final IoTimeout timeout;
        private final Duration limit;
        private volatile boolean written;

        FrameStream(DataOutputStream out, byte type, IoTimeout timeout, Duration limit) {
            this.out = out;
            this.type = type;
            this.timeout = timeout;
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return;
            }
            written = true;
            synchronized (out) {
                timeout.within(limit, () -> {
                    ShellProtocol.writeFrame(out, type, bytes, offset, length);
                    return null;
                });
            }
        }

        boolean written() {
            return written;
        }
    }

    /** Why this server does not serve, as the log and the status say it. */
    private static final class SocketNotServed extends Exception {
        SocketNotServed(String reason) {
            super(reason, null, false, false);
        }
    }
}
