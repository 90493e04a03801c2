package com.medialogis.dmp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.medialogis.dmp.status.DmpStatusService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import javax.inject.Inject;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The bridge over real HTTP on loopback, in the distribution's bundle set: the token, the JSON
 * errors, and the toolbar's state of every seeded patient with the manual's French sentence.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BridgeTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String AUTHORIZED = "1541187387477485562488";
    private static final String CLOSED = "1212369615611735941658";
    private static final String DENIED = "1464688430391309708952";
    private static final String NOT_FOUND = "0505594846430100619097";
    private static final String NOT_AUTHORIZED = "0448685716413283718907";

    @Inject
    private BundleContext context;

    @Inject
    private CommandProcessor commandProcessor;

    @Inject
    private DmpStatusService statuses;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private URI api;

    @Configuration
    public Option[] config() throws IOException {
        return Distribution.containerOptions(Files.createTempDirectory(Path.of("target"), "container-").toAbsolutePath());
    }

    @Before
    public void findTheBridge() throws Exception {
        Result bridge = Poll.until(DEADLINE, this::check, result -> result.getStatus() == Result.Status.OK);
        assertEquals(bridge.toString(), Result.Status.OK, bridge.getStatus());
        ServiceReference<?> runtime = context.getServiceReferences("org.osgi.service.jaxrs.runtime.JaxrsServiceRuntime", null)[0];
        Object endpoint = runtime.getProperty("osgi.jaxrs.endpoint");
        Object first = endpoint instanceof Collection<?> several ? several.iterator().next()
                : endpoint instanceof Object[] several ? several[0] : endpoint;
        String base = String.valueOf(first);
        api = URI.create(base.endsWith("/") ? base : base + "/").resolve("api/");
    }

    private Result check() throws InvalidSyntaxException {
        var references = context.getServiceReferences(HealthCheck.class, "(hc.name=Bridge)");
        if (references.isEmpty()) {
            return new Result(Result.Status.TEMPORARILY_UNAVAILABLE, "no Bridge check yet");
        }
        return context.getService(references.iterator().next()).execute();
    }

    private String token() {
        return Distribution.execute(commandProcessor, "bridge:token", "").out().strip();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode error(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(response.body(), status, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse(""), response.headers().firstValue("Content-Type")
                .orElse("").startsWith("application/json"));
        JsonNode error = json.readTree(response.body());
        assertEquals(response.body(), code, error.get("code").asText());
        assertFalse("a French message to show", error.get("message").asText().isBlank());
        return error;
    }

    @Test
    public void everyCallWithoutTheTokenIsRefused() throws Exception {
        String token = token();
        assertTrue(token, token.matches("[A-Za-z0-9_-]{43}"));
        error(get("patients/" + AUTHORIZED + "/dmp-status", null), 401, "UNAUTHORIZED");
        JsonNode wrong = error(get("patients/" + AUTHORIZED + "/dmp-status", token + "x"), 401, "UNAUTHORIZED");
        assertEquals("wrong bridge token", wrong.get("detail").asText());
        error(get("patients/" + AUTHORIZED + "/dmp-status", "Basic " + token), 401, "UNAUTHORIZED");
    }

    @Test
    public void theToolbarGivesEachSeededPatientsStateWithTheManualsSentence() throws Exception {
        String token = token();
        statuses.openSession("1234".toCharArray(), false);
        JsonNode authorized = json.readTree(get("patients/" + AUTHORIZED + "/dmp-status", token).body());
        assertEquals("AUTHORIZED", authorized.get("state").asText());
        assertEquals("Vous êtes autorisé à accéder à ce DMP. Cliquer ici pour l'ouvrir", authorized.get("label").asText());
        assertEquals("OPEN", authorized.get("action").asText());
        JsonNode closed = json.readTree(get("patients/" + CLOSED + "/dmp-status?refresh=true", token).body());
        assertEquals("Le DMP est fermé. Cliquer ici pour le réactiver", closed.get("label").asText());
        assertEquals("2024-06-30", closed.get("closedOn").asText());
        assertEquals(0, closed.get("ageSeconds").asLong());
        assertEquals("Le DMP n'existe pas. Cliquer ici pour le créer",
                json.readTree(get("patients/" + NOT_FOUND + "/dmp-status", token).body()).get("label").asText());
        assertEquals("Vous n'êtes pas autorisé à accéder à ce DMP. Cliquer ici pour modifier les droits et l'ouvrir",
                json.readTree(get("patients/" + NOT_AUTHORIZED + "/dmp-status", token).body()).get("label").asText());
        assertEquals("EMERGENCY_ACCESS", json.readTree(get("patients/" + DENIED + "/dmp-status", token).body()).get("action").asText());
    }

    @Test
    public void badIdentifiersUnknownPathsAndTheDmpsAbsenceAreJsonErrors() throws Exception {
        String token = token();
        JsonNode bad = error(get("patients/150081505104019/dmp-status", token), 400, "INVALID_IDENTIFIER");
        assertTrue(bad.get("detail").asText(), bad.get("detail").asText().contains("key"));
        error(get("nothing/here", token), 404, "NOT_FOUND");
        Distribution.execute(commandProcessor, "dmp:session close", "");
        error(get("patients/" + AUTHORIZED + "/dmp-status?refresh=true", token), 503, "NO_SESSION");
    }

    @Test
    public void aRenewedTokenReplacesTheFormerAtOnce() throws Exception {
        String former = token();
        String renewed = Distribution.execute(commandProcessor, "bridge:token --new", "").out().strip();
        assertFalse(former.equals(renewed));
        error(get("patients/" + AUTHORIZED + "/dmp-status", former), 401, "UNAUTHORIZED");
        assertEquals(token(), renewed);
        assertFalse(get("patients/" + AUTHORIZED + "/dmp-status", renewed).statusCode() == 401);
        assertTrue(Distribution.execute(commandProcessor, "bridge:token --old", "").err().startsWith("usage: bridge:token [--new]"));
    }
}
