package com.medialogis.dmp.bridge.internal;

import com.medialogis.dmp.card.CardReaders;
import com.medialogis.dmp.card.VitaleBeneficiary;
import com.medialogis.dmp.card.VitaleCard;
import com.medialogis.dmp.connector.DmpState;
import com.medialogis.dmp.connector.PatientForm.Sex;
import com.medialogis.dmp.identity.IdentityException;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsCalculator;
import com.medialogis.dmp.record.IdentityDocument;
import com.medialogis.dmp.record.Patient;
import com.medialogis.dmp.record.PatientRecords;
import com.medialogis.dmp.record.RecordException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.ws.rs.Consumes;
import javax.ws.rs.DefaultValue;
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
 * The practice's patients: registered or updated by the practice program, and given their DMP
 * identifier from a beneficiary of the Vitale card in the reader, whom the caller confirms.
 */
@Component(service = PatientResource.class)
@JaxrsResource
@JaxrsApplicationSelect(BridgeApplication.SELECT)
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class PatientResource {

    /** The most patients one list gives. */
    static final int MOST_LISTED = 500;
    private static final DateTimeFormatter CARD_DATE = DateTimeFormatter.ofPattern("yyMMdd");

    /**
     * A patient as the bridge answers him.
     *
     * @param birthDate ISO 8601 ({@code 1950-08-01})
     * @param identifier his DMP identifier, or null while he has none
     * @param identityStatus his identity's status: PROVISIONAL, RETRIEVED (an INS INSi returned),
     *     VALIDATED (his traits checked on an identity document) or QUALIFIED (both: the only
     *     identity whose INS documents are sent for)
     * @param identityDocument the identity document his traits were checked on, or null
     */
    public record PatientView(String localId, String name, String firstName, String birthDate, Sex sex, IdentifierView identifier,
            Ins.Status identityStatus, IdentityDocument identityDocument) {
        static PatientView of(Patient patient) {
            return new PatientView(patient.localId(), patient.traits().name(), patient.traits().firstName(),
                    patient.traits().birthDate().toString(), patient.traits().sex(), patient.identifier().map(IdentifierView::of).orElse(null),
                    patient.identityStatus(), patient.identityDocument().orElse(null));
        }
    }

    /**
     * @param value the INS-C (22 digits) or the INS
     * @param system INS_C, INS_NIR, INS_NIA...
     * @param oid the system's OID
     * @param status COMPUTED for an INS-C, or the INS's identity status
     */
    public record IdentifierView(String value, String system, String oid, String status) {
        static IdentifierView of(Ins ins) {
            return new IdentifierView(ins.value(), ins.system().name(), ins.system().oid(), ins.status().name());
        }
    }

    /** A patient's traits as the practice program sends them: every field required. */
    public record PatientBody(String name, String firstName, String birthDate, Sex sex) {}

    /**
     * @param beneficiary the beneficiary's index on the card, from 0, as {@code GET /vitale} lists them
     * @param confirmed the user confirmed that this beneficiary is this patient
     */
    public record VitaleChoice(Integer beneficiary, boolean confirmed) {}

    /** @param identifier an INS-C (22 digits) or an INS (the NIR with its key), as the practice program holds it */
    public record IdentifierBody(String identifier) {}

    /** A beneficiary of the Vitale card in the reader, and the practice's patients holding his identifier. */
    public record BeneficiaryView(int index, String name, String firstName, String birthDate, boolean identified,
            String noIdentifierReason, List<String> patients) {}

    /** The Vitale card in the reader. */
    public record VitaleView(String reader, List<BeneficiaryView> beneficiaries) {}

    private final PatientRecords records;
    private final CardReaders readers;
    private final InsCalculator calculator;

    @Activate
    public PatientResource(@Reference PatientRecords records, @Reference CardReaders readers, @Reference InsCalculator calculator) {
        this.records = records;
        this.readers = readers;
        this.calculator = calculator;
    }

    /** @param name the start of the name, any case; empty for all */
    @GET
    @Path("patients")
    public List<PatientView> list(@QueryParam("name") @DefaultValue("") String name,
            @QueryParam("limit") @DefaultValue("100") String limit) throws RecordException {
        if (name.length() > Patient.LONGEST_NAME) {
            throw ApiProblem.badField("name", "at most " + Patient.LONGEST_NAME + " characters");
        }
        return records.patients(name, number(limit, "limit", 1, MOST_LISTED)).stream().map(PatientView::of).toList();
    }

    @GET
    @Path("patients/{localId}")
    public PatientView patient(@PathParam("localId") String localId) throws RecordException {
        return PatientView.of(require(records, localId));
    }

    /** Registers the patient, or updates his traits; his identifier is kept. */
    @PUT
    @Path("patients/{localId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public PatientView save(@PathParam("localId") String localId, PatientBody body) throws RecordException {
        checkLocalId(localId);
        if (body == null) {
            throw ApiProblem.badField("body", "the patient's traits are required");
        }
        return PatientView.of(records.save(localId, traits(body)));
    }

    /** @return the traits the body gives, each checked; a 400 naming the first wrong one */
    static Patient.Traits traits(PatientBody body) {
        try {
            return new Patient.Traits(required(body.name(), "name"), required(body.firstName(), "firstName"),
                    date(body.birthDate(), "birthDate"), required(body.sex(), "sex"));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badField(e.getMessage().contains("first name") ? "firstName" : "name", e.getMessage());
        }
    }

    /** Gives the patient an identifier the practice program holds (an INS-C, or an INS), checked first. */
    @PUT
    @Path("patients/{localId}/identifier")
    @Consumes(MediaType.APPLICATION_JSON)
    public PatientView identify(@PathParam("localId") String localId, IdentifierBody body) throws RecordException, IdentityException {
        Patient patient = require(records, localId);
        if (body == null) {
            throw ApiProblem.badField("identifier", "required");
        }
        return PatientView.of(records.attach(localId, calculator.identifier(required(body.identifier(), "identifier").strip()),
                patient.traits()));
    }

    @GET
    @Path("vitale")
    public VitaleView vitale() throws RecordException {
        VitaleCard card = card(readers);
        List<BeneficiaryView> beneficiaries = new ArrayList<>();
        for (int index = 0; index < card.beneficiaries().size(); index++) {
            VitaleBeneficiary beneficiary = card.beneficiaries().get(index);
            List<String> patients = beneficiary.insc().isEmpty() ? List.of()
                    : records.withIdentifier(beneficiary.insc().get()).stream().map(Patient::localId).toList();
            beneficiaries.add(new BeneficiaryView(index, beneficiary.traits().name(), beneficiary.traits().firstName(),
                    beneficiary.traits().birthDate(), beneficiary.insc().isPresent(), beneficiary.noInscReason(), patients));
        }
        return new VitaleView(card.reader(), beneficiaries);
    }

    /**
     * Gives the patient the identifier of a beneficiary of the card in the reader: his name and
     * birth date must be the patient's, and the user must have confirmed it.
     */
    @POST
    @Path("patients/{localId}/vitale")
    @Consumes(MediaType.APPLICATION_JSON)
    public PatientView attach(@PathParam("localId") String localId, VitaleChoice choice) throws RecordException {
        Patient patient = require(records, localId);
        if (choice == null || choice.beneficiary() == null) {
            throw ApiProblem.badField("beneficiary", "the beneficiary's index on the card is required");
        }
        VitaleCard card = card(readers);
        VitaleBeneficiary beneficiary = card.beneficiaries().get(beneficiary(card, choice.beneficiary(), "beneficiary"));
        List<String> differing = new ArrayList<>();
        if (!sameName(beneficiary.traits().name(), patient.traits().name())) {
            differing.add("name");
        }
        if (!sameFirstName(beneficiary.traits().firstName(), patient.traits().firstName())) {
            differing.add("first name");
        }
        if (!beneficiary.traits().birthDate().equals(CARD_DATE.format(patient.traits().birthDate()))) {
            differing.add("birth date");
        }
        if (!differing.isEmpty()) {
            throw new ApiProblem(Response.Status.CONFLICT, "NOT_THE_SAME_PATIENT", "Le bénéficiaire de la carte Vitale ne"
                    + " correspond pas à ce patient : vérifiez le nom et la date de naissance.",
                    "the beneficiary's " + String.join(", ", differing) + (differing.size() == 1 ? " differs" : " differ")
                    + " from the patient's");
        }
        if (!choice.confirmed()) {
            throw new ApiProblem(Response.Status.BAD_REQUEST, "CONFIRMATION_REQUIRED", "Confirmez que ce bénéficiaire de la carte"
                    + " Vitale est bien ce patient.", "confirmed must be true once the user confirmed the beneficiary");
        }
        Ins identifier = beneficiary.insc().orElseThrow(() -> new ApiProblem(Response.Status.CONFLICT, "NO_IDENTIFIER",
                "Les informations du dossier patient ne permettent pas de rechercher le DMP",
                "no INS-C for this beneficiary: " + beneficiary.noInscReason()));
        return PatientView.of(records.attach(localId, identifier, patient.traits()));
    }

    /** @return the patient's identifier, or a 409 saying, with the toolbar's sentence, that he has none */
    static Ins identifierOf(Patient patient) {
        return patient.identifier().orElseThrow(() -> new ApiProblem(Response.Status.CONFLICT, "NO_IDENTIFIER",
                Labels.toolbar(DmpState.NO_IDENTIFIER), "the patient has no identifier: attach a Vitale beneficiary first"));
    }

    /** @return the patient, or a 404 naming the number */
    static Patient require(PatientRecords records, String localId) throws RecordException {
        checkLocalId(localId);
        return records.patient(localId).orElseThrow(() -> RecordException.unknownPatient(localId));
    }

    private static void checkLocalId(String localId) {
        try {
            Patient.checkLocalId(localId);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badField("localId", e.getMessage());
        }
    }

    /** @return the Vitale card in a reader, or a 404 saying there is none */
    static VitaleCard card(CardReaders readers) {
        return readers.vitale().orElseThrow(() -> new ApiProblem(Response.Status.NOT_FOUND, "NO_VITALE_CARD",
                "Aucune carte Vitale n'est insérée dans le lecteur.", "no Vitale card is read in any reader"));
    }

    /** @return the index, refused as the request's field when the card holds no beneficiary at that place */
    static int beneficiary(VitaleCard card, int index, String field) {
        if (index < 0 || index >= card.beneficiaries().size()) {
            throw ApiProblem.badField(field, "the card holds beneficiaries 0 to " + (card.beneficiaries().size() - 1) + ", not " + index);
        }
        return index;
    }

    /** The same name, but for case, accents, hyphens, apostrophes and spaces. */
    static boolean sameName(String card, String practice) {
        return nameKey(card).equals(nameKey(practice));
    }

    /**
     * {@code firstName} is the whole of {@code firstNames} or its first one (a Vitale card may carry
     * one first name only; INSi gives them all): twins, who share name and birth date, are told apart
     * by it. First names are separated by spaces; a hyphenated one (JEAN-LOUIS) is one first name,
     * never JEAN.
     */
    static boolean sameFirstName(String firstName, String firstNames) {
        String one = firstNamesKey(firstName);
        String all = firstNamesKey(firstNames);
        return nameKey(firstName).equals(nameKey(firstNames)) || one.equals(all.split(" ")[0]);
    }

    /** Case, accents and apostrophes aside; hyphens kept. */
    private static String firstNamesKey(String names) {
        return Normalizer.normalize(names, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toUpperCase(Locale.ROOT)
                .replaceAll("[^A-Z-]+", " ").replaceAll(" *- *", "-").strip();
    }

    private static String nameKey(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toUpperCase(Locale.ROOT)
                .replaceAll("[^A-Z]+", " ").strip();
    }

    static <T> T required(T value, String field) {
        if (value == null || value instanceof String text && text.isBlank()) {
            throw ApiProblem.badField(field, "required");
        }
        return value;
    }

    /** @return the text, stripped, if it has at most {@code longest} characters and no control character; else a 400 naming the field */
    static String text(String value, String field, int longest) {
        String stripped = value.strip();
        if (stripped.length() > longest) {
            throw ApiProblem.badField(field, "at most " + longest + " characters");
        }
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw ApiProblem.badField(field, "holds a control character");
        }
        return stripped;
    }

    /** @return the whole number the parameter holds, from {@code least} to {@code most}, or a 400 naming it */
    static int number(String value, String field, int least, int most) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= least && number <= most) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw ApiProblem.badField(field, "a whole number from " + least + " to " + most);
    }

    /** @return the flag the parameter holds: {@code true}, {@code false}, or absent (false); anything else is a 400 naming it */
    static boolean flag(String value, String field) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiProblem.badField(field, "true or false");
    }

    static LocalDate date(String value, String field) {
        try {
            return LocalDate.parse(required(value, field));
        } catch (DateTimeParseException e) {
            throw ApiProblem.badField(field, "a date is written year-month-day: 1950-08-01");
        }
    }

    static Optional<String> optional(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
