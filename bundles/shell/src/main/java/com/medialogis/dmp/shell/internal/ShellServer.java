package com.medialogis.dmp.shell.internal;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
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
 * runs the container: nothing listens on the network.
 */
@Component(immediate = true, configurationPid = "com.medialogis.dmp.shell")
@Designate(ocd = ShellServer.Config.class)
public class ShellServer {

    @ObjectClassDefinition(name = "DMP shell socket",
            description = "The local socket through which bin/dmp-shell runs shell commands.")
    public @interface Config {
        @AttributeDefinition(name = "Socket path", description = "Path of the Unix socket. Empty:"
                + " shell.sock in the container's data folder (framework property dmp.data), or in"
                + " this bundle's data area when that property is not set.")
        String socket_path() default "";
    }

    /** Framework property naming the container's data folder. */
    static final String DATA_FOLDER_PROPERTY = "dmp.data";
    static final String SOCKET_FILE = "shell.sock";

    private static final Logger LOG = LoggerFactory.getLogger(ShellServer.class);

    private final CommandProcessor processor;
    private final Path socket;
    private final ExecutorService executor;
    private volatile ServerSocketChannel server;

    @Activate
    public ShellServer(@Reference CommandProcessor processor, BundleContext context, Config config) {
        this.processor = processor;
        this.socket = socketPath(config.socket_path(), context.getProperty(DATA_FOLDER_PROPERTY),
                context.getDataFile(SOCKET_FILE).toPath());
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "dmp-shell-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.execute(this::listen);
    }

    static Path socketPath(String configured, String dataFolder, Path bundleData) {
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        return dataFolder == null || dataFolder.isBlank() ? bundleData : Path.of(dataFolder, SOCKET_FILE);
    }

    @Deactivate
    void stop() {
        ServerSocketChannel channel = server;
        if (channel != null) {
            try {
                channel.close();
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                LOG.warn("Could not remove the shell socket {}: {}", socket, e.getMessage());
            }
        }
        executor.shutdownNow();
    }

    private void listen() {
        try (ServerSocketChannel channel = bind()) {
            server = channel;
            LOG.info("dmp-shell accepts commands on {}", socket);
            while (true) {
                SocketChannel client = channel.accept();
                try {
                    executor.execute(() -> serve(client));
                } catch (RejectedExecutionException stopping) {
                    client.close();
                    return;
                }
            }
        } catch (AsynchronousCloseException e) {
            LOG.debug("Shell socket closed");
        } catch (IOException | RuntimeException e) {
            LOG.error("dmp-shell is unavailable: cannot listen on {}: {}", socket, e.getMessage());
        }
    }

    private ServerSocketChannel bind() throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
        if (Files.exists(socket)) {
            try (SocketChannel probe = SocketChannel.open(address)) {
                throw new IOException("another container already answers on this socket");
            } catch (IOException stale) {
                Files.delete(socket);
            }
        }
        Files.createDirectories(socket.getParent());
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(address);
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        return channel;
    }

    private void serve(SocketChannel client) {
        try (client;
                DataInputStream in = new DataInputStream(Channels.newInputStream(client));
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(client)))) {
            // The request is read whole before any answer, so that a client never writes into a
            // closed connection.
            ShellProtocol.Request request;
            try {
                request = ShellProtocol.readRequest(in);
            } catch (IOException malformed) {
                refuse(out, "dmp-shell: malformed request: " + malformed.getMessage());
                return;
            }
            UserPrincipal owner = Files.getOwner(socket);
            UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!peer.user().equals(owner)) {
                LOG.warn("Refused a dmp-shell connection from user {}", peer.user().getName());
                refuse(out, "dmp-shell: only user " + owner.getName() + " may run commands here");
                return;
            }
            ShellProtocol.writeExit(out, execute(request, new RemoteInput(in, out), out));
        } catch (IOException e) {
            LOG.debug("dmp-shell connection ended: {}", e.getMessage());
        }
    }

    private static void refuse(DataOutputStream out, String reason) throws IOException {
        byte[] message = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        ShellProtocol.writeFrame(out, ShellProtocol.ERR, message, 0, message.length);
        ShellProtocol.writeExit(out, ShellProtocol.FAILED);
    }

    /**
     * Runs one command line in the client's working folder (Gogo's current folder, against which
     * commands resolve relative file names); its output and errors go to the client as they are
     * written.
     */
    private int execute(ShellProtocol.Request request, InputStream input, DataOutputStream out) {
        FrameStream stdout = new FrameStream(out, ShellProtocol.OUT);
        FrameStream stderr = new FrameStream(out, ShellProtocol.ERR);
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

    /** An output stream that sends what is written as frames of one type. */
    private static final class FrameStream extends OutputStream {
        private final DataOutputStream out;
        private final byte type;
        private volatile boolean written;

        FrameStream(DataOutputStream out, byte type) {
            this.out = out;
            this.type = type;
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
                ShellProtocol.writeFrame(out, type, bytes, offset, length);
            }
        }

        boolean written() {
            return written;
        }
    }
}
