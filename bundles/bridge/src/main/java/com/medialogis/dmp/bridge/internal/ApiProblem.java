package com.medialogis.dmp.bridge.internal;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;

/** A refusal of the bridge's own, answered as its {@link ApiError} with its status. */
final class ApiProblem extends WebApplicationException {

    private static final long serialVersionUID = 1L;

    private final transient ApiError error;

    ApiProblem(Response.Status status, String code, String message, String detail) {
        super(detail, status);
        this.error = new ApiError(code, message, detail);
    }

    /** A request field that is missing or wrong: 400 naming it. */
    static ApiProblem badField(String field, String detail) {
        return new ApiProblem(Response.Status.BAD_REQUEST, "INVALID_FIELD", "Le champ « " + field + " » n'est pas valide : "
                + "corrigez-le et recommencez.", field + ": " + detail);
    }

    ApiError error() {
        return error;
    }

    Response response() {
        return error.response(Response.Status.fromStatusCode(getResponse().getStatus()));
    }
}
