package com.medialogis.dmp.shell.internal;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose client does not send what the server waits for in time: blocking
 * Unix-domain channels ignore SO_TIMEOUT.
 */
final class ReadTimeout {

    /** A read from the client. */
    @FunctionalInterface
    interface Read<T> {
        T run() throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReadTimeout.class);

    private final SocketChannel client;
    private final ScheduledExecutorService timer;
    private volatile boolean expired;

    ReadTimeout(SocketChannel client, ScheduledExecutorService timer) {
        this.client = client;
        this.timer = timer;
    }

    /**
     * Runs the read, closing the connection when it has not returned within the limit.
     *
     * @throws InterruptedByTimeoutException when the limit closed the connection
     */
    <T> T within(Duration limit, Read<T> read) throws IOException {
        ScheduledFuture<?> expiry = timer.schedule(this::expire, limit.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return read.run();
        } catch (ClosedChannelException closed) {
            if (expired) {
                throw new InterruptedByTimeoutException();
            }
            throw closed;
        } finally {
            expiry.cancel(false);
        }
    }

    private void expire() {
        expired = true;
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("Could not close a dmp-shell connection that timed out: {}", e.getMessage());
        }
    }
}
