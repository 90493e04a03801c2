package com.medialogis.dmp.efficience.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.medialogis.dmp.sandbox.internal.WebSocketFrames;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * The WebSocket side of the Efficience service as the older service serves it (EFFICIENCE-API.md
 * §1.1): one socket per command, one JSON text message each way, over RFC 6455 (the frames of
 * the sandbox's monitoring WebSocket). Each message is handed to an HTTP service's {@code
 * /api/<command>} (the sandbox, which holds it to the published API) and its answer sent back in
 * fragments of 64 KB, so that both sides of the driver's fragmenting are exercised.
 */
final class WebSocketBridge implements AutoCloseable {

    private static final int ANSWER_FRAGMENT = 64 * 1024;

    private final URI service;
    private final ServerSocket server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    /** The fragments of each request received: their count tells the client fragmented. */
    private final List<Integer> fragments = new CopyOnWriteArrayList<>();

    WebSocketBridge(URI service, Optional<SSLContext> tls) throws IOException {
        this.service = service;
        this.server = tls.isPresent() ? tls.get().getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress())
                : new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "websocket-bridge");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<Integer> fragments() {
        return fragments;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> serve(socket), "websocket-bridge-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            DataInputStream frames = new DataInputStream(in);
            WebSocketFrames.accept(frames, out);
            WebSocketFrames.Message request = WebSocketFrames.read(frames, out, Long.MAX_VALUE);
            fragments.add(request.fragments());
            String command = json.readTree(request.payload()).path("s_commandName").asText();
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(service.resolve("/api/" + command.toLowerCase(Locale.ROOT)))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.payload())).build(), HttpResponse.BodyHandlers.ofByteArray());
            WebSocketFrames.sendText(out, answer.body(), ANSWER_FRAGMENT);
            while (WebSocketFrames.read(frames, out, Long.MAX_VALUE) != null) {
                // the client closes once it has the answer
            }
        } catch (Exception e) {
            // The client went away: its side of the test says what it saw.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
