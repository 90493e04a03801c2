package com.medialogis.dmp.bridge.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * One-time codes that give the page the bridge token: the address the container prints carries a
 * code, never the token, so that the browser's history keeps only a code already spent. A code is
 * good once, for {@value #VALID_MINUTES} minutes; {@value #MOST_OUTSTANDING} at most wait.
 * {@code POST /api/page-session} is the one call the token filter lets through without the token.
 */
@Component(service = PageCodes.class)
@JaxrsResource
@JaxrsApplicationSelect(BridgeApplication.SELECT)
@Path(PageCodes.PATH)
public class PageCodes {

    static final String PATH = "page-session";
    static final int VALID_MINUTES = 5;
    static final int MOST_OUTSTANDING = 20;

    /** @param code the code of the page's address */
    public record CodeBody(String code) {}

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> outstanding = new LinkedHashMap<>();
    private final BridgeToken token;
    private final Clock clock;

    @Activate
    public PageCodes(@Reference BridgeToken token) {
        this(token, Clock.systemUTC());
    }

    PageCodes(BridgeToken token, Clock clock) {
        this.token = token;
        this.clock = clock;
    }

    /** @return a new code, good once for {@value #VALID_MINUTES} minutes */
    synchronized String issue() {
        forgetOld();
        if (outstanding.size() == MOST_OUTSTANDING) {
            Iterator<String> oldest = outstanding.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        outstanding.put(code, clock.instant());
        return code;
    }

    /** Spends the code: the answer is {@code {"token":"…"}}, written from the token's bytes. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response redeem(CodeBody body) {
        boolean good;
        synchronized (this) {
            forgetOld();
            good = body != null && body.code() != null && outstanding.remove(body.code()) != null;
        }
        if (!good) {
            throw new ApiProblem(Response.Status.FORBIDDEN, "INVALID_CODE", "Ce lien de la page a déjà servi ou a expiré :"
                    + " demandez-en un nouveau (bin/dmp-shell bridge:page).", "the page code is unknown, spent, or older than "
                    + VALID_MINUTES + " minutes");
        }
        StreamingOutput answer = out -> {
            out.write("{\"token\":\"".getBytes(StandardCharsets.US_ASCII));
            token.writeTo(out);
            out.write("\"}".getBytes(StandardCharsets.US_ASCII));
        };
        return Response.ok(answer, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private void forgetOld() {
        Instant limit = clock.instant().minus(Duration.ofMinutes(VALID_MINUTES));
        outstanding.values().removeIf(issued -> issued.isBefore(limit));
    }
}
