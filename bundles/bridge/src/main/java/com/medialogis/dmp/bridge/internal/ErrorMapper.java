package com.medialogis.dmp.bridge.internal;

import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.identity.IdentityException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure as a JSON {@link ApiError}, never a stack trace: a bad identifier 400, the DMP
 * not answering 503 (try again), the DMP refusing or answering what the driver cannot read 502,
 * the JAX-RS runtime's own refusals with their status, anything else 500 (logged with its trace).
 */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsName("dmp-bridge-errors")
@JaxrsApplicationSelect(BridgeApplication.SELECT)
public class ErrorMapper implements ExceptionMapper<Exception> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    @Override
    public Response toResponse(Exception failure) {
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            return new ApiError(switch (status) {
                case 400 -> failure instanceof JsonProvider.BadJson ? "BAD_JSON" : "BAD_REQUEST";
                case 404 -> "NOT_FOUND";
                case 405 -> "METHOD_NOT_ALLOWED";
                case 406 -> "NOT_ACCEPTABLE";
                case 415 -> "UNSUPPORTED_MEDIA_TYPE";
                default -> "HTTP_" + status;
            }, switch (status) {
                case 400 -> "La demande est mal formée : le détail dit où.";
                case 404 -> "Cette adresse n'existe pas dans le pont Médialogis.";
                default -> "La demande n'a pas pu être traitée.";
            },
                    web.getMessage()).response(Response.Status.fromStatusCode(status));
        }
        if (failure instanceof IdentityException identity) {
            return new ApiError("INVALID_IDENTIFIER", "L'identifiant du patient n'est pas valide.", identity.getMessage())
                    .response(Response.Status.BAD_REQUEST);
        }
        if (failure instanceof ConnectorException dmp) {
            return dmp(dmp);
        }
        LOG.error("Bridge: a call failed", failure);
        return new ApiError("INTERNAL", "Erreur interne du pont Médialogis : le journal du serveur en dit la cause.",
                failure.getClass().getSimpleName()).response(Response.Status.INTERNAL_SERVER_ERROR);
    }

    private static Response dmp(ConnectorException failure) {
        String code = failure.dmpCode().isEmpty() ? "DMP" : failure.dmpCode();
        if (ConnectorException.NO_SESSION.equals(code)) {
            return new ApiError(code, "Aucune session DMP n'est ouverte : démarrez Efficience avec le code porteur de la carte CPS.",
                    failure.getMessage()).response(Response.Status.SERVICE_UNAVAILABLE);
        }
        if (failure.isTransient()) {
            return new ApiError(code, "Le DMP ne répond pas pour le moment : réessayez dans quelques instants.", failure.getMessage())
                    .response(Response.Status.SERVICE_UNAVAILABLE);
        }
        return new ApiError(code, "Le DMP a refusé la demande.", failure.getMessage()).response(Response.Status.BAD_GATEWAY);
    }
}
