package com.medialogis.dmp.bridge.internal;

import com.medialogis.dmp.bridge.internal.IdentityResource.LookupBody;
import com.medialogis.dmp.bridge.internal.IdentityResource.LookupView;
import com.medialogis.dmp.bridge.internal.IdentityResource.ValidationBody;
import com.medialogis.dmp.bridge.internal.PatientResource.PatientBody;
import com.medialogis.dmp.bridge.internal.PatientResource.PatientView;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.PatientForm.Sex;
import com.medialogis.dmp.record.IdentityDocument;
import com.medialogis.dmp.record.RecordException;
import com.medialogis.dmp.support.command.Refusals;
import java.util.Arrays;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The practice's patients from the shell, as the practice program handles them through the bridge
 * (the same checks, the same records): {@code patient:save}, {@code patient:show}, {@code
 * patient:ins} (his INS through INSi, given him when INSi's traits are his) and {@code
 * patient:validate} (his traits checked on an identity document). A deposit for his INS ({@code
 * dmp:deposit}) carries the identity status kept here. The commands never throw: refusals go to the
 * error stream with their code.
 */
@Component(service = PatientCommands.class, property = {
    "osgi.command.scope=patient",
    "osgi.command.function=save",
    "osgi.command.function=show",
    "osgi.command.function=ins",
    "osgi.command.function=validate"
})
public class PatientCommands {

    static final String SAVE_USAGE = "usage: patient:save LOCAL_ID NAME FIRST_NAME YYYY-MM-DD MALE|FEMALE|UNKNOWN";
    static final String SHOW_USAGE = "usage: patient:show LOCAL_ID";
    static final String INS_USAGE = "usage: patient:ins LOCAL_ID [--vitale N | [--birth-name NAME] [--birthplace CODE]]"
            + "   (N: the beneficiary's place on the Vitale card in the reader, from 1; CODE: the INSEE code of the birthplace)";
    static final String VALIDATE_USAGE = "usage: patient:validate LOCAL_ID " + String.join("|",
            Arrays.stream(IdentityDocument.values()).map(Enum::name).toList()) + " NAME FIRST_NAME YYYY-MM-DD MALE|FEMALE"
            + "   (the identity document staff checked, and the traits as they read them on it: they must be the record's)";

    private final PatientResource patients;
    private final IdentityResource identities;

    @Activate
    public PatientCommands(@Reference PatientResource patients, @Reference IdentityResource identities) {
        this.patients = patients;
        this.identities = identities;
    }

    @Descriptor("registers a patient of the practice, or updates his traits")
    public void save(String... args) {
        if (args.length != 5) {
            System.err.println(SAVE_USAGE);
            return;
        }
        Sex sex;
        try {
            sex = Sex.valueOf(args[4]);
        } catch (IllegalArgumentException e) {
            System.err.println("the sex is MALE, FEMALE or UNKNOWN");
            System.err.println(SAVE_USAGE);
            return;
        }
        run(() -> print(patients.save(args[0], new PatientBody(args[1], args[2], args[3], sex))));
    }

    @Descriptor("shows a patient of the practice: his traits, his identifier and his identity's status")
    public void show(String... args) {
        if (args.length != 1) {
            System.err.println(SHOW_USAGE);
            return;
        }
        run(() -> print(patients.patient(args[0])));
    }

    @Descriptor("asks INSi for the patient's INS, from a beneficiary of the Vitale card or from his traits, and gives it him"
            + " when INSi's reference traits are his")
    public void ins(String... args) {
        if (args.length == 0 || args.length % 2 == 0) {
            System.err.println(INS_USAGE);
            return;
        }
        Integer beneficiary = null;
        String birthName = null;
        String birthplace = null;
        for (int i = 1; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--vitale" -> {
                    try {
                        beneficiary = Integer.parseInt(value) - 1;
                    } catch (NumberFormatException e) {
                        System.err.println("--vitale takes the beneficiary's place on the card, from 1");
                        System.err.println(INS_USAGE);
                        return;
                    }
                }
                case "--birth-name" -> birthName = value;
                case "--birthplace" -> birthplace = value;
                default -> {
                    System.err.println(INS_USAGE);
                    return;
                }
            }
        }
        LookupBody body = new LookupBody(beneficiary, birthName, birthplace);
        run(() -> {
            LookupView found = identities.lookup(args[0], body);
            switch (found.outcome()) {
                case "ATTACHED" -> System.out.println("INS " + found.identity().ins() + " (" + found.identity().system()
                        + ") given to the patient; identity " + found.patient().identityStatus());
                case "TRAITS_DIFFER" -> System.out.println("INSi's identity differs in " + String.join(", ", found.differing())
                        + ": " + found.identity().birthName() + " " + found.identity().firstNames() + ", " + found.identity().sex()
                        + ", born " + found.identity().birthDate() + "; nothing given: compare, correct the traits, look up again");
                case "NOT_FOUND" -> System.out.println("INSi knows no identity with these traits");
                case "HELD_BY_ANOTHER" -> System.out.println("INS " + found.identity().ins() + " is held already by patient "
                        + String.join(", ", found.heldBy()) + " of the practice: a duplicate record? nothing given");
                default -> System.out.println("INSi knows several identities with these traits: give the birthplace (--birthplace)");
            }
        });
    }

    @Descriptor("keeps that staff checked the patient's traits on an identity document, given as read on it: his identity is"
            + " validated (qualified with an INS INSi returned)")
    public void validate(String... args) {
        if (args.length != 6) {
            System.err.println(VALIDATE_USAGE);
            return;
        }
        IdentityDocument document;
        Sex sex;
        try {
            document = IdentityDocument.valueOf(args[1]);
            sex = Sex.valueOf(args[5]);
        } catch (IllegalArgumentException e) {
            System.err.println(VALIDATE_USAGE);
            return;
        }
        run(() -> print(identities.validate(args[0], new ValidationBody(document, args[2], args[3], args[4], sex, true))));
    }

    private static void print(PatientView patient) {
        System.out.println(patient.localId() + "  " + patient.name() + " " + patient.firstName() + ", born " + patient.birthDate()
                + ", " + patient.sex());
        System.out.println("identifier " + (patient.identifier() == null ? "none" : patient.identifier().value() + " ("
                + patient.identifier().system() + " " + patient.identifier().oid() + ", " + patient.identifier().status() + ")"));
        System.out.println("identity " + patient.identityStatus()
                + (patient.identityDocument() == null ? "" : ", traits checked on " + patient.identityDocument()));
    }

    /** A command's work, which may be refused. */
    private interface Work {
        void run() throws RecordException, ConnectorException;
    }

    private static void run(Work work) {
        try {
            work.run();
        } catch (ApiProblem e) {
            System.err.println("refused: " + e.error().detail() + " [" + e.error().code() + "]");
        } catch (RecordException e) {
            System.err.println("refused: " + e.getMessage() + " [" + e.problem() + "]");
        } catch (ConnectorException e) {
            System.err.println(Refusals.describe(e));
        }
    }
}
