package com.medialogis.dmp.efficience.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * An Efficience service that answers what each test scripts, for the answers a real service may
 * give and the sandbox never does (a field missing, a code unknown, an answer late). Records the
 * raw bodies it received.
 */
final class ScriptedService implements AutoCloseable {

    /** An answer that closes the connection before a byte of an answer, as a service closing a kept-alive one. */
    static final String DROP = "DROP";

    /**
     * What the service answers to one command, given the request: a body, "HTTP nnn" and a body,
     * or {@link #DROP}.
     */
    @FunctionalInterface
    interface Script {
        String answer(JsonNode request) throws Exception;
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpServer server;
    private final String scheme;

    ScriptedService() throws IOException {
        this(Optional.empty());
    }

    /** @param tls over HTTPS with this context's key, else over HTTP */
    ScriptedService(Optional<SSLContext> tls) throws IOException {
        this.scheme = tls.isPresent() ? "https" : "http";
        if (tls.isPresent()) {
            HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
            server = https;
        } else {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        }
        server.setExecutor(threads);
        server.createContext("/api/", exchange -> {
            try (exchange) {
                String command = exchange.getRequestURI().getPath().substring("/api/".length());
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(body);
                String answer;
                try {
                    Script script = scripts.get(command);
                    answer = script == null ? "{\"s_status\":\"ERROR\",\"i_apiErrorType\":6000,\"i_apiErrorCode\":2}"
                            : script.answer(json.readTree(body));
                } catch (Exception e) {
                    answer = "{\"s_status\":\"ERROR\",\"i_apiErrorType\":6000,\"i_apiErrorCode\":1,\"s_apiErrorDescription\":\""
                            + e + "\"}";
                }
                if (answer.equals(DROP)) {
                    return; // closing an exchange that sent no answer closes its connection
                }
                int status = 200;
                if (answer.startsWith("HTTP ")) {
                    status = Integer.parseInt(answer.substring(5, 8));
                    answer = answer.substring(8).strip();
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        server.start();
    }

    /** Scripts the command, served at its path in lower case, the only published form (EFFICIENCE-API.md §1.2). */
    ScriptedService on(String command, Script script) {
        scripts.put(command.toLowerCase(Locale.ROOT), script);
        return this;
    }

    URI address() {
        return address("127.0.0.1");
    }

    /** @return its address under that host name (which TLS verifies) */
    URI address(String host) {
        return URI.create(scheme + "://" + host + ":" + server.getAddress().getPort());
    }

    /** @return every request body received, in order */
    List<String> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
