package com.medialogis.dmp.efficience.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP POST per command to {@code <address>/api/<command in lower case>}, the only form
 * published (EFFICIENCE-API.md §1.2, S5: {@code /api/hl_opensession}); the body names the command
 * in its own case.
 */
final class HttpTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    /**
     * The commands that change nothing in the DMP: one whose connection closed before any byte of
     * an answer (a kept-alive connection the service closed as the request left) is sent once more.
     * Java's HTTP client does so itself for GET, never for POST, the only method of the API.
     */
    private static final Set<String> READ_ONLY = Set.of("hl_getDirectAuthenticationDMPStatus", "hl_findDocuments",
            "hl_getDocumentContentByUniqueId");

    private final URI address;
    private final ServiceClient client;

    HttpTransport(URI address, ServiceClient client) {
        this.address = address;
        this.client = client;
    }

    @Override
    public Reply send(String command, HttpRequest.BodyPublisher body, Duration within) throws IOException, InterruptedException {
        HttpRequest post = HttpRequest.newBuilder(address.resolve("/api/" + command.toLowerCase(Locale.ROOT)))
                .timeout(within)
                .header("Content-Type", "application/json")
                .POST(body)
                .build();
        HttpResponse<InputStream> response;
        try {
            response = client.get().send(post, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException | ConnectException | SSLException e) {
            throw e;
        } catch (IOException e) {
            if (!READ_ONLY.contains(command)) {
                throw e;
            }
            LOG.debug("{} is sent once more: its connection closed before an answer ({})", command, e.toString());
            response = client.get().send(post, HttpResponse.BodyHandlers.ofInputStream());
        }
        return new Reply(response.statusCode(), response.body());
    }
}
