package com.medialogis.dmp.bridge.internal;

import com.medialogis.dmp.connector.Access;
import com.medialogis.dmp.connector.AccessMode;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DmpState;
import com.medialogis.dmp.connector.PatientForm.Civility;
import com.medialogis.dmp.connector.PatientForm.Sex;
import com.medialogis.dmp.connector.PatientForm;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.record.Patient;
import com.medialogis.dmp.record.PatientRecords;
import com.medialogis.dmp.record.RecordException;
import com.medialogis.dmp.status.DmpStatusService;
import com.medialogis.dmp.status.PatientStatus;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * A practice patient's DMP: the toolbar's state, and its actions (create with consent, reactivate
 * with consent, change this doctor's authorization, emergency access where the patient refused it).
 */
@Component(service = DmpResource.class)
@JaxrsResource
@JaxrsApplicationSelect(BridgeApplication.SELECT)
@Path("patients/{localId}/dmp")
@Produces(MediaType.APPLICATION_JSON)
public class DmpResource {

    /** A French mobile number: 06 or 07 and eight digits, or +33 6/7 and eight digits; spaces, dots and hyphens allowed. */
    private static final Pattern MOBILE = Pattern.compile("(?:0|\\+33 ?)[67](?:[ .-]?[0-9]{2}){4}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s.]{2,}");
    private static final int LONGEST_EMAIL = 254;
    private static final int LONGEST_LEGAL_REPRESENTATIVE = 200;
    private static final int LONGEST_REASON = 500;

    /**
     * A patient's DMP state as the toolbar shows it.
     *
     * @param state the state (NO_IDENTIFIER, NOT_FOUND, CLOSED, NOT_AUTHORIZED, DENIED, AUTHORIZED)
     * @param label the toolbar's French sentence for it
     * @param action what the practice program offers
     * @param identifierSystem which identifier was used (INS_C, INS_NIR...), null without one
     * @param identityStatus the patient's identity status (PROVISIONAL, RETRIEVED, VALIDATED,
     *     QUALIFIED): documents are sent for an INS only when it is QUALIFIED
     * @param closedOn the DMP's closing date (ISO 8601), when it is closed and the DMP gave it
     * @param detail why, when the DMP said more (an expired authorization...)
     * @param ageSeconds how old the DMP's answer is
     * @param accessSheet where the printable sheet of the patient's access details is, after a
     *     creation or reactivation that gave a mobile phone or an e-mail address; else null
     */
    public record Toolbar(DmpState state, String label, String action, String identifierSystem, Ins.Status identityStatus,
            String closedOn, String detail, long ageSeconds, String accessSheet) {}

    /**
     * The creation and reactivation form, field for field as the dialog has them.
     *
     * @param civility M or MME, or null
     * @param birthDate ISO 8601
     * @param sex UNKNOWN, MALE or FEMALE
     * @param opposesBrisDeGlace shown ticked by default: null is true
     * @param opposesCentre15 shown ticked by default: null is true
     * @param consent the patient's consent, without which nothing is done
     */
    public record FormBody(String civility, String name, String firstName, String birthDate, Sex sex, String mobilePhone,
            boolean smsAccess, String email, boolean emailAccess, String legalRepresentative, Boolean opposesBrisDeGlace,
            Boolean opposesCentre15, boolean consent) {}

    /** @param granted true to be authorized, false to give the authorization up */
    public record AuthorizationBody(Boolean granted) {}

    /**
     * @param mode NORMAL, BRIS_DE_GLACE or CENTRE_15
     * @param reason why, required but for NORMAL
     */
    public record AccessBody(AccessMode mode, String reason) {}

    private final DmpStatusService statuses;
    private final PatientRecords records;
    private final AccessSheets sheets;
    private final ConnectorHolder connector;

    @Activate
    public DmpResource(@Reference DmpStatusService statuses, @Reference PatientRecords records, @Reference AccessSheets sheets,
            @Reference ConnectorHolder connector) {
        this.statuses = statuses;
        this.connector = connector;
        this.records = records;
        this.sheets = sheets;
    }

    /** @param refresh ask the DMP even when a fresh answer is kept */
    @GET
    public Toolbar status(@PathParam("localId") String localId, @QueryParam("refresh") boolean refresh)
            throws RecordException, ConnectorException {
        Patient patient = PatientResource.require(records, localId);
        PatientStatus status = refresh && patient.identifier().isPresent() ? statuses.refresh(patient.identifier().get())
                : statuses.status(patient.identifier());
        return toolbar(patient, status, null);
    }

    /** Creates the DMP (TD1.1), with the patient's consent. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("localId") String localId, FormBody body) throws RecordException, ConnectorException {
        Patient patient = PatientResource.require(records, localId);
        PatientForm form = form(body, "Il est nécessaire de cocher la case « Consentement du patient à l'ouverture de son DMP »"
                + " pour pouvoir cliquer sur le bouton « Créer ».");
        PatientStatus status = statuses.create(PatientResource.identifierOf(patient), form);
        return Response.status(Response.Status.CREATED).entity(toolbar(patient, status, sheet(patient, form))).build();
    }

    /** Reactivates a closed DMP (TD1.2), with the patient's consent. */
    @POST
    @Path("reactivation")
    @Consumes(MediaType.APPLICATION_JSON)
    public Toolbar reactivate(@PathParam("localId") String localId, FormBody body) throws RecordException, ConnectorException {
        Patient patient = PatientResource.require(records, localId);
        PatientForm form = form(body, "Il est nécessaire de cocher la case « Consentement du patient à la réactivation de son DMP »"
                + " pour pouvoir réactiver son DMP.");
        PatientStatus status = statuses.reactivate(PatientResource.identifierOf(patient), form);
        return toolbar(patient, status, sheet(patient, form));
    }

    /** Adds or removes this doctor's authorization (TD0.3). */
    @PUT
    @Path("authorization")
    @Consumes(MediaType.APPLICATION_JSON)
    public Toolbar authorize(@PathParam("localId") String localId, AuthorizationBody body) throws RecordException, ConnectorException {
        Patient patient = PatientResource.require(records, localId);
        if (body == null || body.granted() == null) {
            throw ApiProblem.badField("granted", "true or false is required");
        }
        return toolbar(patient, statuses.authorize(PatientResource.identifierOf(patient), body.granted()), null);
    }

    /**
     * Sets how this doctor opens the patient's DMP for the session (emergency access with its
     * reason where the patient refused him), then asks the DMP his state again.
     */
    @PUT
    @Path("access")
    @Consumes(MediaType.APPLICATION_JSON)
    public Toolbar access(@PathParam("localId") String localId, AccessBody body) throws RecordException, ConnectorException {
        Patient patient = PatientResource.require(records, localId);
        if (body == null || body.mode() == null) {
            throw ApiProblem.badField("mode", "NORMAL, BRIS_DE_GLACE or CENTRE_15 is required");
        }
        Access access;
        try {
            access = new Access(body.mode(), body.reason() == null ? "" : PatientResource.text(body.reason(), "reason", LONGEST_REASON));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badField("reason", e.getMessage());
        }
        Ins ins = PatientResource.identifierOf(patient);
        connector.current().access(ins, access);
        return toolbar(patient, statuses.refresh(ins), null);
    }

    private String sheet(Patient patient, PatientForm form) {
        if (form.mobilePhone().isEmpty() && form.email().isEmpty()) {
            return null;
        }
        return BridgeApplication.BASE_PATH + AccessSheets.PATH + "/" + sheets.make(patient, form);
    }

    static Toolbar toolbar(Patient patient, PatientStatus status, String accessSheet) {
        return new Toolbar(status.dmp().state(), Labels.toolbar(status.dmp().state()), status.action().name(),
                patient.identifier().map(ins -> ins.system().name()).orElse(null), patient.identityStatus(),
                status.dmp().closedOn().map(LocalDate::toString).orElse(null), status.dmp().detail(), status.age().toSeconds(),
                accessSheet);
    }

    /** The form checked field by field; refused without consent, with the dialog's sentence. */
    static PatientForm form(FormBody body, String consentRequired) {
        if (body == null) {
            throw ApiProblem.badField("body", "the form is required");
        }
        if (!body.consent()) {
            throw new ApiProblem(Response.Status.BAD_REQUEST, "CONSENT_REQUIRED", consentRequired,
                    "consent must be true: the patient's consent is required");
        }
        Optional<Civility> civility;
        try {
            civility = PatientResource.optional(body.civility()).map(Civility::valueOf);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badField("civility", "M or MME, or none");
        }
        Optional<String> mobile = PatientResource.optional(body.mobilePhone());
        if (mobile.isPresent() && !MOBILE.matcher(mobile.get()).matches()) {
            throw ApiProblem.badField("mobilePhone", "a French mobile number: 06 or 07 and 8 digits, or +33 6 or 7 and 8 digits");
        }
        Optional<String> email = PatientResource.optional(body.email());
        if (email.isPresent() && (email.get().length() > LONGEST_EMAIL || !EMAIL.matcher(email.get()).matches())) {
            throw ApiProblem.badField("email", "an e-mail address: name@domain.fr, " + LONGEST_EMAIL + " characters at most");
        }
        if (body.smsAccess() && mobile.isEmpty()) {
            throw ApiProblem.badField("smsAccess", "SMS access needs a mobile phone number");
        }
        if (body.emailAccess() && email.isEmpty()) {
            throw ApiProblem.badField("emailAccess", "e-mail access needs an e-mail address");
        }
        return new PatientForm(civility, PatientResource.text(PatientResource.required(body.name(), "name"), "name",
                Patient.LONGEST_NAME), PatientResource.text(PatientResource.required(body.firstName(), "firstName"), "firstName",
                Patient.LONGEST_NAME), PatientResource.date(body.birthDate(), "birthDate"), PatientResource.required(body.sex(), "sex"),
                mobile.map(DmpResource::digits), body.smsAccess(), email, body.emailAccess(),
                PatientResource.optional(body.legalRepresentative()).map(name -> PatientResource.text(name, "legalRepresentative",
                        LONGEST_LEGAL_REPRESENTATIVE)), body.opposesBrisDeGlace() == null || body.opposesBrisDeGlace(),
                body.opposesCentre15() == null || body.opposesCentre15(), true);
    }

    /** A mobile number as the DMP takes it: 0 and nine digits. */
    private static String digits(String mobile) {
        String digits = mobile.replaceAll("[ .-]", "");
        return digits.startsWith("+33") ? "0" + digits.substring(3) : digits;
    }
}
