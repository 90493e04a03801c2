package com.medialogis.dmp.efficience.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * A command's JSON body whose last field is a string that never exists as a Java {@code String}:
 * a secret (a PIN, DC parameters), given as bytes and wiped by the caller after sending, or a
 * document, base64-encoded as it is read. The rest of the body (the envelope) is written by Jackson; the field is appended byte
 * for byte, so its value must need no JSON escaping (digits, base64).
 */
final class JsonBody {

    private JsonBody() {}

    /**
     * @param secret ASCII that needs no JSON escaping (digits, base64), checked by the caller
     * @return the body, which the caller wipes once sent
     */
    static byte[] withSecret(ObjectMapper json, ObjectNode envelope, String field, byte[] secret) throws JsonProcessingException {
        byte[] head = head(json, envelope, field);
        byte[] body = new byte[head.length + secret.length + 2];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(secret, 0, body, head.length, secret.length);
        body[body.length - 2] = '"';
        body[body.length - 1] = '}';
        return body;
    }

    /**
     * @param content the field's bytes, base64-encoded as they are read; the caller closes it
     * @param size how many bytes {@code content} gives
     * @return the body as a stream, and its length in bytes
     */
    static Streamed withBase64(ObjectMapper json, ObjectNode envelope, String field, InputStream content, long size)
            throws JsonProcessingException {
        byte[] head = head(json, envelope, field);
        byte[] tail = {'"', '}'};
        long encoded = (size + 2) / 3 * 4;
        return new Streamed(new SequenceInputStream(Collections.enumeration(List.of(new ByteArrayInputStream(head),
                new Base64Encoding(content), new ByteArrayInputStream(tail)))), head.length + encoded + tail.length);
    }

    /** @param stream the body @param length its length in bytes */
    record Streamed(InputStream stream, long length) {}

    /**
     * @return a publisher of the array itself, as one buffer wrapping it: the JDK's byte-array
     *     publisher copies the array into buffers of its own, which its caller could not wipe
     */
    static HttpRequest.BodyPublisher publisher(byte[] body) {
        Flow.Publisher<ByteBuffer> once = subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            private boolean done;
            private boolean cancelled;

            @Override
            public void request(long n) {
                if (!done && n > 0) {
                    done = true;
                    subscriber.onNext(ByteBuffer.wrap(body));
                    if (!cancelled) {
                        subscriber.onComplete();
                    }
                }
            }

            @Override
            public void cancel() {
                done = true;
                cancelled = true;
            }
        });
        return HttpRequest.BodyPublishers.fromPublisher(once, body.length);
    }

    /** The envelope without its closing brace, then the field's name and the value's opening quote. */
    private static byte[] head(ObjectMapper json, ObjectNode envelope, String field) throws JsonProcessingException {
        byte[] object = json.writeValueAsBytes(envelope);
        String opening = (envelope.isEmpty() ? "" : ",") + json.writeValueAsString(field) + ":\"";
        byte[] name = opening.getBytes(StandardCharsets.UTF_8);
        byte[] head = new byte[object.length - 1 + name.length];
        System.arraycopy(object, 0, head, 0, object.length - 1);
        System.arraycopy(name, 0, head, object.length - 1, name.length);
        return head;
    }

    /** Base64 (RFC 4648, with padding, no line breaks) of a stream, encoded as it is read. */
    private static final class Base64Encoding extends ChunkedStream {
        private static final int CHUNK = 3 * 4096;
        private final InputStream in;
        private final Base64.Encoder encoder = Base64.getEncoder();
        private boolean ended;

        Base64Encoding(InputStream in) {
            this.in = in;
        }

        /** Encodes the next chunk: whole groups of three bytes, except at the end. */
        @Override
        protected byte[] next() throws IOException {
            if (ended) {
                return null;
            }
            byte[] chunk = in.readNBytes(CHUNK);
            ended = chunk.length < CHUNK;
            return chunk.length == 0 ? null : encoder.encode(chunk);
        }
    }
}
