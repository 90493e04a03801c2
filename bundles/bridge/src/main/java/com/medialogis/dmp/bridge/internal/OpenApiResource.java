package com.medialogis.dmp.bridge.internal;

import java.io.InputStream;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The OpenAPI 3 description of the whole API, at {@code /api/openapi.json}: written with the
 * resources and held to them by the tests (every operation documented, every answer of the
 * container's tests valid against it).
 */
@Component(service = OpenApiResource.class)
@JaxrsResource
@JaxrsApplicationSelect(BridgeApplication.SELECT)
@Path("openapi.json")
public class OpenApiResource {

    static final String DESCRIPTION = "openapi.json";

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response description() {
        StreamingOutput body = out -> {
            try (InputStream in = OpenApiResource.class.getResourceAsStream(DESCRIPTION)) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).build();
    }
}
