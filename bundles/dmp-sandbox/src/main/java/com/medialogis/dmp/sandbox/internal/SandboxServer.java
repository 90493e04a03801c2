package com.medialogis.dmp.sandbox.internal;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The sandbox's HTTP endpoint, on a loopback address: several requests are served at once. */
final class SandboxServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    private SandboxServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** A server of the Efficience API, not started yet: {@link #serve} adds other paths, {@link #start} serves. */
    static SandboxServer create(InetSocketAddress address, SandboxApi api) throws IOException {
        requireLoopback(address);
        // The JDK server writes an answer's headers and body separately: with Nagle's algorithm on,
        // the body waits for the client's delayed ACK, 40 ms on Linux loopback. Its only switch is
        // this property, read when the first server is created; only this sandbox uses that server.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(address, 0);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(8, task -> {
            Thread thread = new Thread(task, "dmp-sandbox-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.createContext("/api/", api);
        server.setExecutor(executor);
        return new SandboxServer(server, executor);
    }

    /** The sandbox listens on a loopback address only. */
    static void requireLoopback(InetSocketAddress address) {
        if (!address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the sandbox listens on a loopback address only, not " + address);
        }
    }

    /** Serves one more path, beside the Efficience API; before {@link #start}, so that every path answers from the first request. */
    void serve(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    SandboxServer start() {
        server.start();
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
