package com.medialogis.dmp.sandbox.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The card monitoring commands on a WebSocket (EFFICIENCE-API.md §1.1): {@code
 * hl_startCpxCardMonitoring} and {@code hl_startVitaleCardMonitoring} keep their socket open; after
 * the acknowledgement, the status of the card is pushed at once, then checked every {@code
 * i_checkingInterval} seconds and pushed when it changed, until the client closes the socket or its
 * session is closed. The real service serves them on its one port; the JDK's HTTP server the sandbox
 * answers the other commands with cannot take a WebSocket, so they have a port of their own here.
 */
final class SandboxMonitoring implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SandboxMonitoring.class.getName());
    /** A monitoring request is a few fields. */
    private static final int LONGEST_REQUEST = 64 * 1024;
    /** Monitoring sockets served at once: two per client session (its CPS and its Vitale card). */
    private static final int MOST_SOCKETS = 32;
    /** The longest wait for the client's upgrade, its request, or the rest of a frame begun. */
    private static final int FRAME_WAIT_MILLIS = 10_000;

    private final SandboxApi api;
    private final ServerSocket server;
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    SandboxMonitoring(InetSocketAddress address, SandboxApi api) throws IOException {
        SandboxServer.requireLoopback(address);
        this.api = api;
        this.server = new ServerSocket();
        try {
            server.bind(address, 50);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        AtomicInteger threads = new AtomicInteger();
        this.connections = new ThreadPoolExecutor(0, MOST_SOCKETS, 10, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "dmp-sandbox-monitoring-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        Thread acceptor = new Thread(this::accept, "dmp-sandbox-monitoring");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            open.add(socket);
            try {
                connections.execute(() -> serve(socket));
            } catch (RejectedExecutionException full) {
                open.remove(socket);
                close(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; OutputStream out = new BufferedOutputStream(socket.getOutputStream())) {
            // A frame's header is written a byte at a time: buffered and sent at once, not held back by Nagle's algorithm.
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(FRAME_WAIT_MILLIS);
            DataInputStream frames = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            WebSocketFrames.accept(frames, out);
            WebSocketFrames.Message request = WebSocketFrames.read(frames, out, LONGEST_REQUEST);
            if (request == null) {
                return;
            }
            String command = "";
            SandboxApi.Monitor monitor;
            try {
                JsonNode fields = json.readTree(request.payload());
                command = fields.path("s_commandName").asText();
                monitor = api.monitor(command, fields);
            } catch (JacksonException e) {
                send(out, api.refused(SandboxApi.ApiError.functional("the message is not JSON: " + e.getOriginalMessage()), command));
                return;
            } catch (SandboxApi.ApiError e) {
                send(out, api.refused(e, command));
                return;
            }
            send(out, json.createObjectNode().put("s_status", "OK"));
            push(socket, frames, out, monitor);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "A monitoring socket ended: " + e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "A monitoring socket failed", e);
        } finally {
            open.remove(socket);
        }
    }

    /**
     * Pushes the status at once, then each change, until the client closes or its session is gone:
     * the interval is waited for the first byte of a client frame only, the rest of a frame is read
     * without it.
     */
    private void push(Socket socket, DataInputStream frames, OutputStream out, SandboxApi.Monitor monitor) throws IOException {
        Optional<SandboxApi.Event> last = Optional.empty();
        while (!server.isClosed()) {
            Optional<SandboxApi.Event> now = monitor.event().get();
            if (now.isEmpty()) {
                WebSocketFrames.frame(out, WebSocketFrames.CLOSE, new byte[] {0x03, (byte) 0xE8}, 0, 2, true);
                out.flush();
                return;
            }
            if (!now.equals(last)) {
                send(out, now.get().fields());
                last = now;
            }
            int first;
            try {
                socket.setSoTimeout(monitor.intervalSeconds() * 1000);
                first = frames.readUnsignedByte();
            } catch (SocketTimeoutException checkAgain) {
                continue; // the interval passed with nothing from the client: check the card again
            }
            socket.setSoTimeout(FRAME_WAIT_MILLIS);
            if (WebSocketFrames.readFrom(first, frames, out, LONGEST_REQUEST) == null) {
                return;
            }
        }
    }

    private void send(OutputStream out, ObjectNode message) throws IOException {
        WebSocketFrames.sendText(out, json.writeValueAsBytes(message), 64 * 1024);
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing held yet
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // the port is released with the socket, closed or not
        }
        open.forEach(SandboxMonitoring::close);
        connections.shutdownNow();
    }
}
