package com.medialogis.dmp.bridge.internal;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * An error of the bridge as the practice program receives it, in JSON.
 *
 * @param code a stable code the program may test (the DMP's own where there is one)
 * @param message a French sentence the program may show as it is
 * @param detail what support needs, in English, never patient data
 */
public record ApiError(String code, String message, String detail) {

    Response response(Response.Status status) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(this).build();
    }
}
