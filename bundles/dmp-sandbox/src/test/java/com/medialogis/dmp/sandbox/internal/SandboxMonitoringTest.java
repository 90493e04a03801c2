package com.medialogis.dmp.sandbox.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The monitoring commands on the sandbox's WebSocket, with the JDK's WebSocket client: held to the
 * published description as the other commands, acknowledged, then the card's status at once and at
 * each change.
 */
public class SandboxMonitoringTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private DmpSandbox sandbox;
    private String session;

    @Before
    public void start() throws Exception {
        sandbox = DmpSandbox.start(folder.getRoot().toPath(), new InetSocketAddress("127.0.0.1", 0));
        session = post("hl_openSession", "{\"s_commandName\":\"hl_openSession\",\"i_timeoutInSeconds\":60}").get("s_sessionId").asText();
        post("hl_getCpxCard", "{\"s_commandName\":\"hl_getCpxCard\",\"s_sessionId\":\"" + session + "\",\"i_readerNumber\":0}");
    }

    @After
    public void stop() {
        sandbox.close();
    }

    private JsonNode post(String command, String body) throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandbox.port() + "/api/"
                + command.toLowerCase(java.util.Locale.ROOT))).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** A monitoring socket: each message received, whole. */
    private final class Socket implements WebSocket.Listener {
        final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        private final StringBuilder parts = new StringBuilder();
        final WebSocket socket;

        Socket(String request) throws Exception {
            socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + sandbox.monitoringPort()), this)
                    .get(5, TimeUnit.SECONDS);
            socket.sendText(request, true);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                try {
                    messages.add(json.readTree(parts.toString()));
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
                parts.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        JsonNode next() throws InterruptedException {
            JsonNode message = messages.poll(10, TimeUnit.SECONDS);
            assertNotNull("a message within 10 s", message);
            return message;
        }
    }

    @Test
    public void theCpsStatusIsPushedAtOnceThenAtEachChange() throws Exception {
        Socket cps = new Socket("{\"s_commandName\":\"hl_startCpxCardMonitoring\",\"s_sessionId\":\"" + session
                + "\",\"i_checkingInterval\":1}");
        assertEquals("the acknowledgement", "{\"s_status\":\"OK\"}", cps.next().toString());
        JsonNode first = cps.next();
        assertEquals(1, first.get("i_cardStatus").asInt());
        assertEquals("ValidCardInserted", first.get("s_cardStatus").asText());
        assertEquals(java.util.Optional.empty(), EfficienceApi.published().answerProblem("hl_startCpxCardMonitoring", first));
        sandbox.remove("cps");
        assertEquals("NoCardInserted", cps.next().get("s_cardStatus").asText());
        cps.socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
    }

    @Test
    public void aMonitoringRequestOutsideTheDescriptionOrWithoutItsCardObjectIsRefused() throws Exception {
        JsonNode noInterval = new Socket("{\"s_commandName\":\"hl_startCpxCardMonitoring\",\"s_sessionId\":\"" + session + "\"}").next();
        assertEquals("API_ERROR", noInterval.get("s_status").asText());
        assertTrue(noInterval.toString(), noInterval.get("s_apiErrorDescription").asText().contains("i_checkingInterval"));
        JsonNode noVitale = new Socket("{\"s_commandName\":\"hl_startVitaleCardMonitoring\",\"s_sessionId\":\"" + session
                + "\",\"i_checkingInterval\":1}").next();
        assertEquals("no Vitale card in this session: call hl_getVitaleCard first", noVitale.get("s_apiErrorDescription").asText());
        JsonNode other = new Socket("{\"s_commandName\":\"hl_getPcscReaders\",\"s_sessionId\":\"" + session + "\"}").next();
        assertEquals("'hl_getPcscReaders' is not a monitoring command: send it to /api/hl_getpcscreaders",
                other.get("s_apiErrorDescription").asText());
        JsonNode closed = new Socket("{\"s_commandName\":\"hl_startCpxCardMonitoring\",\"s_sessionId\":\"gone\","
                + "\"i_checkingInterval\":1}").next();
        assertEquals("ErrInvalidSession", 3, closed.get("i_apiErrorCode").asInt());
    }
}
