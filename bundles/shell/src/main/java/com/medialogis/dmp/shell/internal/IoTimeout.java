package com.medialogis.dmp.shell.internal;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose client does not send what the server waits for, or does not take what
 * it sends, in time: blocking Unix-domain channels ignore SO_TIMEOUT.
 */
final class IoTimeout {

    /** A read from the client, or a write to it. */
    @FunctionalInterface
    interface Io<T> {
        T run() throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(IoTimeout.class);

    private final SocketChannel client;
    private final ScheduledExecutorService timer;

    IoTimeout(SocketChannel client, ScheduledExecutorService timer) {
        this.client = client;
        this.timer = timer;
    }

    /**
     * Runs the read or write, closing the connection when it has not returned within the limit. Of
     * the operation ending and the limit, the first wins: a connection is never closed under an
     * operation that ended in time.
     *
     * @throws InterruptedByTimeoutException when the limit closed the connection
     */
    <T> T within(Duration limit, Io<T> io) throws IOException {
        AtomicBoolean running = new AtomicBoolean(true);
        ScheduledFuture<?> expiry = timer.schedule(() -> {
            if (running.compareAndSet(true, false)) {
                close();
            }
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
        T result;
        try {
            result = io.run();
        } catch (ClosedChannelException closed) {
            throw running.compareAndSet(true, false) ? closed : new InterruptedByTimeoutException();
        } finally {
            expiry.cancel(false);
        }
        if (!running.compareAndSet(true, false)) {
            throw new InterruptedByTimeoutException();
        }
        return result;
    }

    private void close() {
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("Could not close a dmp-shell connection that timed out: {}", e.getMessage());
        }
    }
}
