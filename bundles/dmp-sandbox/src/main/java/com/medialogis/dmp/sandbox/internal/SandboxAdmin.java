package com.medialogis.dmp.sandbox.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The sandbox's own reports over HTTP, for {@code bin/dmp-sandbox} when the sandbox runs as its own
 * process: {@code GET /sandbox/patients}, {@code GET /sandbox/stats}, {@code GET /sandbox/faults}
 * and {@code POST /sandbox/faults} with {@code LATENCY_MS TRANSIENT_RATE PERMANENT_RATE} as its
 * body. Plain text answers, the same lines as the {@code sandbox:} commands; 400 with the reason for
 * a request it refuses.
 */
final class SandboxAdmin implements HttpHandler {

    static final String PATH = "/sandbox/";
    private static final int LONGEST_BODY = 256;

    private final DmpSandbox sandbox;

    SandboxAdmin(DmpSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String report = exchange.getRequestURI().getPath().substring(PATH.length());
            boolean post = exchange.getRequestMethod().equals("POST");
            int status = 200;
            List<String> lines;
            if ((report.equals("faults") || report.equals("readers")) && post) {
                String[] words = new String(exchange.getRequestBody().readNBytes(LONGEST_BODY), StandardCharsets.UTF_8).strip().split("\\s+");
                try {
                    lines = report.equals("faults") ? List.of(setFaults(words)) : moveCard(words);
                } catch (IllegalArgumentException e) {
                    status = 400;
                    lines = List.of(e.getMessage());
                }
            } else if (post || !exchange.getRequestMethod().equals("GET")) {
                status = 405;
                lines = List.of("only the faults and the readers are set, with POST; the reports are read with GET");
            } else {
                lines = switch (report) {
                    case "patients" -> sandbox.patients();
                    case "stats" -> sandbox.stats();
                    case "faults" -> List.of(sandbox.faults());
                    case "readers" -> sandbox.readers();
                    default -> null;
                };
                if (lines == null) {
                    status = 404;
                    lines = List.of("no report '" + report + "': patients, stats, faults or readers");
                }
            }
            byte[] body = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private List<String> moveCard(String[] words) {
        sandbox.move(List.of(words));
        return sandbox.readers();
    }

    private String setFaults(String[] words) {
        if (words.length != 3) {
            throw new IllegalArgumentException("expected LATENCY_MS TRANSIENT_RATE PERMANENT_RATE, for example: 0 0.2 0.01");
        }
        sandbox.faults(Long.parseLong(words[0]), Double.parseDouble(words[1]), Double.parseDouble(words[2]));
        return sandbox.faults();
    }
}
