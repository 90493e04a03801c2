package com.medialogis.dmp.bridge.internal;

import java.util.Map;
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

    /** The fields as the dialogs name them, for the French message; the detail keeps the API's name. */
    private static final Map<String, String> LABELS = Map.ofEntries(Map.entry("civility", "Civilité"), Map.entry("name", "Nom"),
            Map.entry("firstName", "Prénom"), Map.entry("birthDate", "Date de naissance"), Map.entry("sex", "Sexe"),
            Map.entry("mobilePhone", "Téléphone mobile"), Map.entry("smsAccess", "Activer l'accès par SMS"),
            Map.entry("email", "Adresse électronique"), Map.entry("emailAccess", "Activer l'accès par courriel"),
            Map.entry("legalRepresentative", "Représentant légal"), Map.entry("title", "Titre du document"),
            Map.entry("category", "Catégorie du document"), Map.entry("role", "Rôle concernant l'acte"),
            Map.entry("setting", "Cadre de soin"), Map.entry("hiddenFromPatient", "invisible au patient"),
            Map.entry("maskedToProfessionals", "masqué aux professionnels de santé"), Map.entry("reason", "Motif de l'accès"),
            Map.entry("pin", "Code porteur"), Map.entry("hiddenFromLegalRepresentatives", "invisible aux représentants légaux"),
            Map.entry("archived", "Archivé"), Map.entry("uniqueId", "Identifiant du document dans le DMP"),
            Map.entry("replaces", "Document remplacé"), Map.entry("scope", "Documents affichés"),
            Map.entry("vitaleBeneficiary", "Bénéficiaire de la carte Vitale"), Map.entry("birthName", "Nom de naissance"),
            Map.entry("birthplace", "Lieu de naissance"), Map.entry("document", "Pièce d'identité"));

    /** A request field that is missing or wrong: 400 naming it. */
    static ApiProblem badField(String field, String detail) {
        return new ApiProblem(Response.Status.BAD_REQUEST, "INVALID_FIELD", "Le champ « " + LABELS.getOrDefault(field, field)
                + " » n'est pas valide : corrigez-le et recommencez.", field + ": " + detail);
    }

    ApiError error() {
        return error;
    }

    Response response() {
        return error.response(Response.Status.fromStatusCode(getResponse().getStatus()));
    }
}
