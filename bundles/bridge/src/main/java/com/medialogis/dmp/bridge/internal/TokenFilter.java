package com.medialogis.dmp.bridge.internal;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses, 401, every call without the bridge token but the page's one-time code exchange
 * ({@link PageCodes}); the attempt is logged, never the token.
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsName("dmp-bridge-token")
@JaxrsApplicationSelect(BridgeApplication.SELECT)
@Priority(Priorities.AUTHENTICATION)
public class TokenFilter implements ContainerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(TokenFilter.class);
    private static final String BEARER = "Bearer ";

    private final BridgeToken token;

    @Activate
    public TokenFilter(@Reference BridgeToken token) {
        this.token = token;
    }

    private static String firstSegment(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        int slash = relative.indexOf('/');
        return slash < 0 ? relative : relative.substring(0, slash);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean carried = authorization != null && authorization.startsWith(BEARER);
        if (carried && token.accepts(authorization.substring(BEARER.length()))) {
            return;
        }
        if (request.getUriInfo().getPath().equals(PageCodes.PATH) && request.getMethod().equals("POST")) {
            return;
        }
        // The path may hold a patient's identifier: only its first part is logged.
        LOG.warn("Bridge: a {} on {}/… refused: {}", request.getMethod(), firstSegment(request.getUriInfo().getPath()),
                carried ? "a wrong token" : "no token");
        request.abortWith(new ApiError("UNAUTHORIZED", "Accès refusé : le jeton du pont Médialogis est absent ou incorrect.",
                carried ? "wrong bridge token" : "no Authorization: Bearer <bridge token> header").response(Response.Status.UNAUTHORIZED));
    }
}
