package com.medialogis.dmp.efficience.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * How the driver reaches the Efficience service (EFFICIENCE-API.md §1.1, §1.2), chosen by its
 * address: {@code http(s)://host:port}, one HTTP POST per command to {@code /api/<command>} (in
 * lower case), as the newer service takes them; or {@code ws(s)://host:port}, one WebSocket per command carrying
 * one JSON text message each way, as the older one does.
 */
interface Transport {

    /**
     * An answer as it arrives.
     *
     * @param status its HTTP status (200 for a WebSocket's message)
     * @param body its bytes, read as they arrive; closing it ends the exchange
     */
    record Reply(int status, InputStream body) {}

    /**
     * @param command the command, for the path and the logs
     * @param body the request's JSON, published once
     * @param within the longest wait for the answer, the request's sending included
     */
    Reply send(String command, HttpRequest.BodyPublisher body, Duration within) throws IOException, InterruptedException;

    static Transport of(URI address, ServiceClient client) {
        return address.getScheme().startsWith("ws") ? new WebSocketTransport(address, client) : new HttpTransport(address, client);
    }

    /** @return the same host and port as a WebSocket, where the service serves its monitoring commands */
    static URI overWebSocket(URI address) {
        return onScheme(address, switch (address.getScheme()) {
            case "http" -> "ws";
            case "https" -> "wss";
            default -> address.getScheme();
        });
    }

    /** @return the same host and port in HTTP, where the project's sandbox serves its reports beside either transport */
    static URI overHttp(URI address) {
        return onScheme(address, switch (address.getScheme()) {
            case "ws" -> "http";
            case "wss" -> "https";
            default -> address.getScheme();
        });
    }

    private static URI onScheme(URI address, String scheme) {
        try {
            return new URI(scheme, null, address.getHost(), address.getPort(), "/", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the address " + address + " has no " + scheme + " form", e);
        }
    }
}
