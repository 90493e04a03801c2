package com.medialogis.dmp.efficience.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * The WebSocket side of the Efficience service as the older service serves it (EFFICIENCE-API.md
 * §1.1): one socket per command, one JSON text message each way, over RFC 6455 written out here
 * (the JDK has a WebSocket client but no server). Each message is handed to an HTTP service's
 * {@code /api/<command>} (the sandbox, which holds it to the published API) and its answer sent
 * back in fragments of 64 KB, so that both sides of the driver's fragmenting are exercised.
 */
final class WebSocketBridge implements AutoCloseable {

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
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
            String key = handshake(in);
            byte[] accept = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                    + Base64.getEncoder().encodeToString(accept) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream frames = new DataInputStream(in);
            byte[] request = message(frames);
            String command = json.readTree(request).path("s_commandName").asText();
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(service.resolve("/api/" + command.toLowerCase(Locale.ROOT)))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(), HttpResponse.BodyHandlers.ofByteArray());
            send(out, answer.body());
            while (true) {
                int opcode = frames.readUnsignedByte() & 0x0F;
                byte[] payload = payload(frames);
                if (opcode == 0x8) {
                    frame(out, 0x8, payload, 0, Math.min(payload.length, 2), true);
                    return;
                }
            }
        } catch (Exception e) {
            // The client went away: its side of the test says what it saw.
        }
    }

    /** @return the client's Sec-WebSocket-Key, from the upgrade request's headers */
    private static String handshake(InputStream in) throws IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the upgrade request ended early");
            }
            headers.append((char) b);
        }
        for (String line : headers.toString().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        throw new IOException("no Sec-WebSocket-Key in the upgrade request");
    }

    /** @return one text message, its fragments joined */
    private byte[] message(DataInputStream frames) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int count = 0;
        while (true) {
            int first = frames.readUnsignedByte();
            boolean last = (first & 0x80) != 0;
            int opcode = first & 0x0F;
            byte[] payload = payload(frames);
            if (opcode == 0x1 || opcode == 0x0) {
                message.write(payload);
                count++;
                if (last) {
                    fragments.add(count);
                    return message.toByteArray();
                }
            }
        }
    }

    /** Reads a client frame's length, mask and payload, unmasked. */
    private static byte[] payload(DataInputStream frames) throws IOException {
        int second = frames.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = frames.readUnsignedShort();
        } else if (length == 127) {
            length = frames.readLong();
        }
        byte[] mask = new byte[4];
        if ((second & 0x80) != 0) {
            frames.readFully(mask);
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        frames.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return payload;
    }

    private static void send(OutputStream out, byte[] message) throws IOException {
        int offset = 0;
        do {
            int n = Math.min(ANSWER_FRAGMENT, message.length - offset);
            frame(out, offset == 0 ? 0x1 : 0x0, message, offset, n, offset + n == message.length);
            offset += n;
        } while (offset < message.length);
        out.flush();
    }

    /** Writes a server frame: never masked. */
    private static void frame(OutputStream out, int opcode, byte[] payload, int offset, int length, boolean last) throws IOException {
        out.write((last ? 0x80 : 0) | opcode);
        if (length < 126) {
            out.write(length);
        } else if (length < 65_536) {
            out.write(126);
            out.write(length >>> 8);
            out.write(length & 0xFF);
        } else {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) length >>> shift) & 0xFF);
            }
        }
        out.write(payload, offset, length);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
