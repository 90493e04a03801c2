package com.medialogis.dmp.efficience.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One WebSocket per command (EFFICIENCE-API.md §1.1, S1): the request goes as one text message,
 * in fragments as its body is published (a document is never whole in memory), and the answer is
 * the first text message back, read as its fragments arrive, one at a time; the socket is then
 * closed. The published wrapper sends its request as one frame, never holding a document as a
 * stream: fragments are RFC 6455's own, but how the real service joins them is not published.
 */
final class WebSocketTransport implements Transport {

    /** The longest text fragment of a request, in characters. */
    private static final int FRAGMENT_CHARS = 16 * 1024;

    private final URI address;
    private final ServiceClient client;

    WebSocketTransport(URI address, ServiceClient client) {
        this.address = address;
        this.client = client;
    }

    @Override
    public Reply send(String command, HttpRequest.BodyPublisher body, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Answer answer = new Answer(deadline);
        WebSocket socket = await(client.get().newWebSocketBuilder().connectTimeout(within).buildAsync(address, answer), deadline,
                "the WebSocket to " + address + " did not open");
        try {
            new Request(socket, deadline).send(body);
        } catch (IOException | InterruptedException | RuntimeException e) {
            socket.abort();
            throw e;
        }
        return new Reply(200, answer);
    }

    /** Waits for a step of the exchange until the deadline; its failure is the transport's. */
    private static <T> T await(CompletableFuture<T> step, long deadline, String what) throws IOException, InterruptedException {
        try {
            return step.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            step.cancel(true);
            throw new HttpTimeoutException(what + " in time");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(what + ": " + e.getCause(), e.getCause());
        }
    }

    /**
     * Sends the body as text fragments, one at a time as the socket takes them; the characters
     * decoded are wiped once sent (a PIN may be among them).
     */
    private static final class Request implements Flow.Subscriber<ByteBuffer> {
        private final WebSocket socket;
        private final long deadline;
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private final CharBuffer chars = CharBuffer.allocate(FRAGMENT_CHARS);
        private final CompletableFuture<Void> sent = new CompletableFuture<>();
        private ByteBuffer carried = ByteBuffer.allocate(0);
        private Flow.Subscription subscription;

        Request(WebSocket socket, long deadline) {
            this.socket = socket;
            this.deadline = deadline;
        }

        void send(HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
            try {
                body.subscribe(this);
                await(sent, deadline, "the request was not sent");
            } finally {
                Arrays.fill(chars.array(), '\0');
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(ByteBuffer bytes) {
            try {
                ByteBuffer input = join(carried, bytes);
                while (input.hasRemaining()) {
                    CoderResult result = utf8.decode(input, chars, false);
                    if (result.isError()) {
                        result.throwException();
                    }
                    if (result.isOverflow()) {
                        flush(false);
                    } else {
                        break;
                    }
                }
                carried = input.hasRemaining() ? ByteBuffer.allocate(input.remaining()).put(input).flip() : ByteBuffer.allocate(0);
                subscription.request(1);
            } catch (IOException | InterruptedException | RuntimeException e) {
                subscription.cancel();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                sent.completeExceptionally(e);
            }
        }

        @Override
        public void onError(Throwable failure) {
            sent.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            if (carried.hasRemaining()) {
                sent.completeExceptionally(new CharacterCodingException());
                return;
            }
            try {
                flush(true);
                sent.complete(null);
            } catch (IOException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                sent.completeExceptionally(e);
            }
        }

        /** Sends what was decoded as one fragment, waiting until the socket has taken it, then wipes it. */
        private void flush(boolean last) throws IOException, InterruptedException {
            chars.flip();
            await(socket.sendText(chars, last), deadline, "the request was not sent");
            Arrays.fill(chars.array(), '\0');
            chars.clear();
        }

        private static ByteBuffer join(ByteBuffer carried, ByteBuffer bytes) {
            if (!carried.hasRemaining()) {
                return bytes;
            }
            return ByteBuffer.allocate(carried.remaining() + bytes.remaining()).put(carried).put(bytes).flip();
        }
    }

    /**
     * The answer's text message as a stream of UTF-8 bytes: the socket is asked for one fragment at
     * a time, only once the one before has been read, so that a document never waits whole in memory.
     */
    private static final class Answer extends ChunkedStream implements WebSocket.Listener {
        /** A fragment, the end of the message, or why there is no more. */
        private record Part(String text, boolean last, IOException failure) {}

        private final long deadline;
        private final BlockingQueue<Part> parts = new LinkedBlockingQueue<>();
        private volatile WebSocket socket;
        private boolean ended;
        private char pendingHigh;

        Answer(long deadline) {
            this.deadline = deadline;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.add(new Part(data.toString(), last, null));
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            parts.add(new Part("", true, new IOException("the service closed the WebSocket before its answer ended (" + statusCode
                    + (reason.isEmpty() ? "" : ", " + reason) + ")")));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            parts.add(new Part("", true, error instanceof IOException io ? io : new IOException(error.toString(), error)));
        }

        /**
         * Takes the next fragment, then asks the socket for the one after; a high surrogate ending
         * a fragment waits for its low one, so that the pair is encoded as one character.
         */
        @Override
        protected byte[] next() throws IOException {
            if (ended) {
                return null;
            }
            Part part;
            try {
                part = parts.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the answer came");
            }
            if (part == null) {
                throw new HttpTimeoutException("the answer did not come in time");
            }
            if (part.failure() != null) {
                ended = true;
                throw part.failure();
            }
            String text = pendingHigh == 0 ? part.text() : pendingHigh + part.text();
            pendingHigh = 0;
            if (!part.last() && !text.isEmpty() && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
                pendingHigh = text.charAt(text.length() - 1);
                text = text.substring(0, text.length() - 1);
            }
            if (part.last()) {
                ended = true;
            } else {
                socket.request(1);
            }
            return text.getBytes(StandardCharsets.UTF_8);
        }

        /** The exchange is over: the socket is closed, whether the answer was read whole or not. */
        @Override
        public void close() {
            WebSocket open = socket;
            if (open != null) {
                open.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((closed, failure) -> open.abort());
            }
        }
    }
}
