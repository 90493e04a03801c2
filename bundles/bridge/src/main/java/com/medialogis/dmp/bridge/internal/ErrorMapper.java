package com.medialogis.dmp.bridge.internal;

import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.identity.IdentityException;
import com.medialogis.dmp.queue.QueueException;
import com.medialogis.dmp.record.RecordException;
import com.medialogis.dmp.status.DmpStatusService;
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
 * Every failure as a JSON {@link ApiError}, never a stack trace: the bridge's own refusals
 * ({@link ApiProblem}), the records' and the queue's by their problem, a bad identifier 400, the DMP
 * not answering 503 (try again), a document the driver did not find 404, a call the driver does not
 * implement 501, the DMP refusing or answering what the driver cannot read 502,
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
        if (failure instanceof ApiProblem problem) {
            return problem.response();
        }
        if (failure instanceof RecordException record) {
            return record(record);
        }
        if (failure instanceof QueueException queue) {
            return queue(queue);
        }
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

    private static Response record(RecordException failure) {
        return switch (failure.problem()) {
            case UNKNOWN_PATIENT -> new ApiError("UNKNOWN_PATIENT", "Ce patient n'est pas connu du pont Médialogis : enregistrez-le d'abord.",
                    failure.getMessage()).response(Response.Status.NOT_FOUND);
            case ALREADY_RECEIVED -> new ApiError("ALREADY_RECEIVED", "Ce document du DMP a déjà été transféré vers Médialogis.",
                    failure.getMessage()).response(Response.Status.CONFLICT);
            case CHANGED -> new ApiError("CHANGED", "Le dossier du patient a changé entre-temps : relisez-le puis recommencez.",
                    failure.getMessage()).response(Response.Status.CONFLICT);
            case STORAGE -> new ApiError("STORAGE", "Le dossier des patients du pont Médialogis n'est pas disponible : réessayez"
                    + " dans quelques instants.", failure.getMessage()).response(Response.Status.SERVICE_UNAVAILABLE);
        };
    }

    private static Response queue(QueueException failure) {
        String code = failure.problem().name();
        return switch (failure.problem()) {
            case EMPTY_CONTENT -> new ApiError(code, "Le document est vide : un document vide n'est pas déposé sur le DMP.",
                    failure.getMessage()).response(Response.Status.BAD_REQUEST);
            case TOO_LARGE -> new ApiError(code, "Le document est trop volumineux pour le DMP.", failure.getMessage())
                    .response(Response.Status.REQUEST_ENTITY_TOO_LARGE);
            case NO_IDENTIFIER -> new ApiError(code, "Les informations du dossier patient ne permettent pas de rechercher le DMP.",
                    failure.getMessage()).response(Response.Status.CONFLICT);
            case IDENTITY_NOT_QUALIFIED -> new ApiError(code, "L'identité du patient n'est pas qualifiée : aucun document n'est"
                    + " envoyé sur le DMP pour une INS qui n'a pas été vérifiée par le téléservice INSi et sur une pièce d'identité.",
                    failure.getMessage()).response(Response.Status.CONFLICT);
            case INVALID_REQUEST -> new ApiError(code, "Les informations du document ne sont pas valides.", failure.getMessage())
                    .response(Response.Status.BAD_REQUEST);
            case UNREADABLE_CONTENT -> new ApiError(code, "Le document n'a pas pu être lu en entier : rien n'a été déposé.",
                    failure.getMessage()).response(Response.Status.BAD_REQUEST);
            case UNCHANGED_DOCUMENT -> new ApiError(code, "Ce document a déjà été déposé sur le DMP du patient sans modification.",
                    failure.getMessage()).response(Response.Status.CONFLICT);
            case UNKNOWN_DEPOSIT -> new ApiError(code, "Ce dépôt n'existe pas dans la file d'attente.", failure.getMessage())
                    .response(Response.Status.NOT_FOUND);
            case WRONG_STATE -> new ApiError(code, "L'état de ce dépôt ne permet pas cette action.", failure.getMessage())
                    .response(Response.Status.CONFLICT);
            case BUSY, STORAGE -> new ApiError(code, "La file d'attente des dépôts n'est pas disponible : réessayez dans quelques"
                    + " instants.", failure.getMessage()).response(Response.Status.SERVICE_UNAVAILABLE);
        };
    }

    private static Response dmp(ConnectorException failure) {
        String code = failure.dmpCode().isEmpty() ? "DMP" : failure.dmpCode();
        if (ConnectorException.NO_SESSION.equals(code)) {
            return new ApiError(code, "Aucune session DMP n'est ouverte : démarrez Efficience avec le code porteur de la carte CPS.",
                    failure.getMessage()).response(Response.Status.SERVICE_UNAVAILABLE);
        }
        String pin = switch (code) {
            case DmpStatusService.NO_CPS -> "Aucune carte CPS n'est insérée dans le lecteur.";
            case DmpStatusService.LAST_TRY_NOT_CONFIRMED -> "Il ne reste qu'un essai sur la carte CPS : confirmez pour l'utiliser.";
            case DmpStatusService.PIN_NOT_TRIED -> "La carte CPS ne peut pas être utilisée (bloquée, retirée, illisible ou refusée).";
            case DmpStatusService.WRONG_PIN -> "Le code porteur est erroné.";
            case DmpStatusService.INVALID_PIN -> "Le code porteur a 4 à 8 chiffres.";
            case DmpStatusService.SIMULATED_DMP -> "Une carte CPS réelle ne peut pas être utilisée avec le DMP de démonstration.";
            default -> null;
        };
        if (pin != null) {
            return new ApiError(code, pin, failure.getMessage()).response(failure.isTransient() ? Response.Status.SERVICE_UNAVAILABLE
                    : Response.Status.CONFLICT);
        }
        if (ConnectorException.DOCUMENT_NOT_FOUND.equals(code)) {
            return new ApiError("NO_SUCH_DOCUMENT", DmpDocumentsResource.NOT_IN_THE_DMP, failure.getMessage())
                    .response(Response.Status.NOT_FOUND);
        }
        if (ConnectorException.NOT_SUPPORTED.equals(code)) {
            return new ApiError(code, "Le module DMP en service ne permet pas cette action : demandez sa mise à jour.",
                    failure.getMessage()).response(Response.Status.NOT_IMPLEMENTED);
        }
        if (failure.isTransient()) {
            return new ApiError(code, "Le DMP ne répond pas pour le moment : réessayez dans quelques instants.", failure.getMessage())
                    .response(Response.Status.SERVICE_UNAVAILABLE);
        }
        return new ApiError(code, "Le DMP a refusé la demande.", failure.getMessage()).response(Response.Status.BAD_GATEWAY);
    }
}
