package com.medialogis.dmp.sandbox.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The server side of RFC 6455 as far as the Efficience service's WebSocket needs it (EFFICIENCE-API.md
 * §1.1): the opening handshake, text messages in fragments, and the close. The JDK has a WebSocket
 * client but no server. Public (in a package no bundle exports) for the driver's tests, which serve
 * the older service's one-socket-per-command transport with it.
 */
public final class WebSocketFrames {

    public static final int TEXT = 0x1;
    public static final int CLOSE = 0x8;
    private static final int CONTINUATION = 0x0;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** The longest upgrade request's head read. */
    private static final int LONGEST_HEAD = 8 * 1024;

    private WebSocketFrames() {}

    /** Reads the client's upgrade request and answers it: the socket then carries frames. */
    public static void accept(InputStream in, OutputStream out) throws IOException {
        String key = handshakeKey(in);
        byte[] accept;
        try {
            accept = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + Base64.getEncoder().encodeToString(accept) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String handshakeKey(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || head.lastIndexOf("\r\n\r\n") != head.length() - 4) {
            int b = in.read();
            if (b < 0 || head.length() > LONGEST_HEAD) {
                throw new IOException("the upgrade request ended early or is too long");
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("GET ") || !head.toString().toLowerCase(Locale.ROOT).contains("upgrade: websocket")) {
            throw new IOException("not a WebSocket upgrade request");
        }
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        throw new IOException("no Sec-WebSocket-Key in the upgrade request");
    }

    /** A message received: its fragments' payloads joined, and how many fragments it came in. */
    public record Message(byte[] payload, int fragments) {}

    /**
     * Reads the next text message, answering pings on the way.
     *
     * @param longest the most bytes a message may have
     * @return the message, or null when the client closed (its close answered)
     */
    public static Message read(DataInputStream frames, OutputStream out, long longest) throws IOException {
        return readFrom(frames.readUnsignedByte(), frames, out, longest);
    }

    /**
     * Reads the next text message whose first byte was read already (a caller waiting for it with
     * a timeout reads the rest of the frames without one).
     */
    public static Message readFrom(int firstByte, DataInputStream frames, OutputStream out, long longest) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int count = 0;
        int next = firstByte;
        while (true) {
            int first = next < 0 ? frames.readUnsignedByte() : next;
            next = -1;
            boolean last = (first & 0x80) != 0;
            int opcode = first & 0x0F;
            byte[] payload = payload(frames, longest - message.size());
            if (opcode == CLOSE) {
                frame(out, CLOSE, payload, 0, Math.min(payload.length, 2), true);
                out.flush();
                return null;
            }
            if (opcode == PING) {
                frame(out, PONG, payload, 0, payload.length, true);
                out.flush();
            } else if (opcode == TEXT || opcode == CONTINUATION) {
                message.write(payload);
                count++;
                if (last) {
                    return new Message(message.toByteArray(), count);
                }
            }
        }
    }

    /** Reads a client frame's length, mask and payload, unmasked. */
    private static byte[] payload(DataInputStream frames, long room) throws IOException {
        int second = frames.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = frames.readUnsignedShort();
        } else if (length == 127) {
            length = frames.readLong();
        }
        if (length < 0 || length > room) {
            throw new IOException("a message longer than allowed");
        }
        if ((second & 0x80) == 0) {
            throw new IOException("a client frame without its mask (RFC 6455 §5.1)");
        }
        byte[] mask = new byte[4];
        frames.readFully(mask);
        byte[] payload = new byte[Math.toIntExact(length)];
        frames.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return payload;
    }

    /** Sends a text message in fragments of at most {@code fragment} bytes. */
    public static void sendText(OutputStream out, byte[] message, int fragment) throws IOException {
        int offset = 0;
        do {
            int n = Math.min(fragment, message.length - offset);
            frame(out, offset == 0 ? TEXT : CONTINUATION, message, offset, n, offset + n == message.length);
            offset += n;
        } while (offset < message.length);
        out.flush();
    }

    /** Writes a server frame: never masked. */
    public static void frame(OutputStream out, int opcode, byte[] payload, int offset, int length, boolean last) throws IOException {
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
}
