package com.medialogis.dmp.bridge.internal;

import com.medialogis.dmp.bridge.internal.PatientResource.PatientBody;
import com.medialogis.dmp.bridge.internal.PatientResource.PatientView;
import com.medialogis.dmp.card.CardReaders;
import com.medialogis.dmp.card.VitaleCard;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DmpConnector;
import com.medialogis.dmp.connector.InsIdentity;
import com.medialogis.dmp.connector.InsLookupResult;
import com.medialogis.dmp.connector.InsTraits;
import com.medialogis.dmp.connector.PatientForm.Sex;
import com.medialogis.dmp.record.IdentityDocument;
import com.medialogis.dmp.record.Patient;
import com.medialogis.dmp.record.PatientRecords;
import com.medialogis.dmp.record.RecordException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * A patient's identity as the identity-vigilance rules have it: his INS looked up through the INSi
 * teleservice (from a beneficiary of the Vitale card in the reader, or from his traits) and given
 * to him when INSi's reference traits are his, and his traits checked by staff on an identity
 * document. Retrieved and checked, his identity is qualified: only then are documents sent for his
 * INS.
 */
@Component(service = IdentityResource.class)
@JaxrsResource
@JaxrsApplicationSelect(BridgeApplication.SELECT)
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class IdentityResource {

    /**
     * @param vitaleBeneficiary the index, from 0, of the beneficiary of the Vitale card in the reader
     *     (as {@code GET /vitale} lists them) whose INS INSi is asked for; absent: the patient's traits are sent
     * @param birthName his birth name when it is not the name the practice keeps (a married name); with his traits only
     * @param birthplace the INSEE code of his birthplace, which tells apart identities INSi finds several of; with his traits only
     */
    public record LookupBody(Integer vitaleBeneficiary, String birthName, String birthplace) {}

    /** An identity INSi returned: its matricule INS and the five reference traits. */
    public record InsiIdentityView(String ins, String system, String oid, String birthName, String firstNames, String sex,
            String birthDate, String birthplace) {
        static InsiIdentityView of(InsIdentity identity) {
            InsTraits traits = identity.traits();
            return new InsiIdentityView(identity.ins().value(), identity.ins().system().name(), identity.ins().system().oid(),
                    traits.birthName(), traits.firstNames(), traits.sex().name(), traits.birthDate(), traits.birthplace().orElse(null));
        }
    }

    /**
     * What a lookup found, and what it did.
     *
     * @param outcome ATTACHED (INSi's identity is the patient's: its INS is his now), TRAITS_DIFFER
     *     (INSi's reference traits are not the patient's: nothing was given him; staff compare them),
     *     HELD_BY_ANOTHER (another patient of the practice holds that INS: a duplicate record for
     *     staff to resolve, nothing given), NOT_FOUND, or SEVERAL (give the birthplace)
     * @param differing the traits that differ, for TRAITS_DIFFER
     * @param heldBy the practice numbers of the other patients holding the INS, for HELD_BY_ANOTHER
     * @param identity the identity INSi returned, for ATTACHED and TRAITS_DIFFER
     * @param patient the patient as he is now
     */
    public record LookupView(String outcome, List<String> differing, List<String> heldBy, InsiIdentityView identity,
            PatientView patient) {}

    /**
     * @param document the identity document staff checked the patient's traits on
     * @param name the patient's name as shown to staff when they compared it with the document
     * @param firstName his first names, as shown
     * @param birthDate his birth date, as shown (ISO 8601)
     * @param sex his sex, as shown
     * @param confirmed the user confirmed these traits are the document's
     */
    public record ValidationBody(IdentityDocument document, String name, String firstName, String birthDate, Sex sex,
            boolean confirmed) {}

    private final PatientRecords records;
    private final CardReaders readers;
    private final ConnectorHolder connector;

    @Activate
    public IdentityResource(@Reference PatientRecords records, @Reference CardReaders readers, @Reference ConnectorHolder connector) {
        this.records = records;
        this.readers = readers;
        this.connector = connector;
    }

    /** Asks INSi for the patient's INS; gives it him when INSi's reference traits are his. */
    @POST
    @Path("patients/{localId}/ins")
    @Consumes(MediaType.APPLICATION_JSON)
    public LookupView lookup(@PathParam("localId") String localId, LookupBody body) throws RecordException, ConnectorException {
        Patient patient = PatientResource.require(records, localId);
        LookupBody asked = body == null ? new LookupBody(null, null, null) : body;
        DmpConnector bound = connector.current();
        InsLookupResult result;
        if (asked.vitaleBeneficiary() != null) {
            if (asked.birthName() != null || asked.birthplace() != null) {
                throw ApiProblem.badField("vitaleBeneficiary", "a lookup from the Vitale card takes no birth name nor birthplace");
            }
            VitaleCard card = PatientResource.card(readers);
            int beneficiary = PatientResource.beneficiary(card, asked.vitaleBeneficiary(), "vitaleBeneficiary");
            result = insi(() -> bound.insFromVitaleCard(card.reader(), beneficiary));
        } else {
            InsTraits traits = traits(patient, asked);
            result = insi(() -> bound.insFromTraits(traits));
        }
        if (result.identity().isEmpty()) {
            return new LookupView(result.outcome().name(), List.of(), List.of(), null, PatientView.of(patient));
        }
        InsIdentity identity = result.identity().get();
        List<String> differing = differing(identity.traits(), patient, birthName(patient, asked));
        if (!differing.isEmpty()) {
            return new LookupView("TRAITS_DIFFER", differing, List.of(), InsiIdentityView.of(identity), PatientView.of(patient));
        }
        Optional<Patient> attached = records.attachUnlessHeld(localId, identity.ins(), patient.traits());
        if (attached.isEmpty()) {
            List<String> heldBy = records.withIdentifier(identity.ins()).stream().map(Patient::localId)
                    .filter(other -> !other.equals(localId)).toList();
            return new LookupView("HELD_BY_ANOTHER", List.of(), heldBy, InsiIdentityView.of(identity), PatientView.of(patient));
        }
        return new LookupView("ATTACHED", List.of(), List.of(), InsiIdentityView.of(identity), PatientView.of(attached.get()));
    }

    /**
     * Keeps that staff checked the patient's traits on an identity document: the traits they were
     * shown come with the request, so that traits changed meanwhile are not the ones validated.
     */
    @POST
    @Path("patients/{localId}/identity-validation")
    @Consumes(MediaType.APPLICATION_JSON)
    public PatientView validate(@PathParam("localId") String localId, ValidationBody body) throws RecordException {
        PatientResource.require(records, localId);
        if (body == null || body.document() == null) {
            throw ApiProblem.badField("document", "the identity document checked is required: IDENTITY_CARD, PASSPORT,"
                    + " RESIDENCE_PERMIT or MINOR_BIRTH_RECORD_WITH_PARENT_DOCUMENT");
        }
        Patient.Traits shown = PatientResource.traits(new PatientBody(body.name(), body.firstName(), body.birthDate(), body.sex()));
        if (!body.confirmed()) {
            throw new ApiProblem(Response.Status.BAD_REQUEST, "CONFIRMATION_REQUIRED", "Confirmez que le nom, les prénoms, le sexe"
                    + " et la date de naissance du patient sont ceux de la pièce d'identité.",
                    "confirmed must be true once the user compared the traits with the document");
        }
        return PatientView.of(records.validate(localId, body.document(), shown));
    }

    /** A call to INSi through the driver. */
    private interface InsiCall {
        InsLookupResult run() throws ConnectorException;
    }

    /**
     * @return INSi's answer; its failures said as INSi's, not the DMP's: its refusal 502, INSi not
     *     answering 503, its access not set up and the card not read by the service 409 (no session
     *     and a driver without INSi as elsewhere)
     */
    private static InsLookupResult insi(InsiCall call) throws ConnectorException {
        try {
            return call.run();
        } catch (ConnectorException e) {
            String code = e.dmpCode().isEmpty() ? "INSI" : e.dmpCode();
            switch (code) {
                case ConnectorException.NO_SESSION, ConnectorException.NOT_SUPPORTED -> throw e;
                case "INSI_NOT_CONFIGURED" -> throw new ApiProblem(Response.Status.CONFLICT, code, "L'accès au téléservice INSi"
                        + " n'est pas paramétré sur ce poste : voyez votre installateur.", e.getMessage());
                case "VITALE_NOT_READ", "NO_SUCH_BENEFICIARY" -> throw new ApiProblem(Response.Status.CONFLICT, code,
                        "La carte Vitale n'a pas pu être lue par Efficience : réinsérez-la et recommencez.", e.getMessage());
                default -> throw e.isTransient()
                        ? new ApiProblem(Response.Status.SERVICE_UNAVAILABLE, code, "Le téléservice INSi ne répond pas pour le moment :"
                                + " réessayez dans quelques instants.", e.getMessage())
                        : new ApiProblem(Response.Status.BAD_GATEWAY, code, "Le téléservice INSi a refusé la demande.", e.getMessage());
            }
        }
    }

    /** @return the birth name given for the lookup, else the patient's name */
    private static String birthName(Patient patient, LookupBody body) {
        return Optional.ofNullable(body.birthName()).filter(name -> !name.isBlank()).orElse(patient.traits().name());
    }

    private static InsTraits traits(Patient patient, LookupBody body) {
        if (patient.traits().sex() == Sex.UNKNOWN) {
            throw ApiProblem.badField("sex", "INSi takes a patient whose sex is known: give it first");
        }
        InsTraits traits = new InsTraits(birthName(patient, body), patient.traits().firstName(),
                patient.traits().sex() == Sex.MALE ? InsTraits.Sex.MALE : InsTraits.Sex.FEMALE,
                patient.traits().birthDate().toString(), PatientResource.optional(body.birthplace()));
        try {
            return traits.normalized();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String field = message.contains("birthplace") ? "birthplace" : message.contains("first names") ? "firstName"
                    : message.contains("birth date") ? "birthDate" : "birthName";
            throw ApiProblem.badField(field, message);
        }
    }

    /** @return the traits of INSi's identity that are not the patient's (names compared but for case, accents and hyphens) */
    private static List<String> differing(InsTraits insi, Patient patient, String birthName) {
        List<String> differing = new ArrayList<>();
        if (!PatientResource.sameName(insi.birthName(), birthName)) {
            differing.add("birth name");
        }
        if (!PatientResource.sameFirstName(patient.traits().firstName(), insi.firstNames())) {
            differing.add("first names");
        }
        boolean male = patient.traits().sex() == Sex.MALE;
        if (patient.traits().sex() == Sex.UNKNOWN || male != (insi.sex() == InsTraits.Sex.MALE)) {
            differing.add("sex");
        }
        if (!insi.birthDate().equals(patient.traits().birthDate().toString())) {
            differing.add("birth date");
        }
        return differing;
    }
}
