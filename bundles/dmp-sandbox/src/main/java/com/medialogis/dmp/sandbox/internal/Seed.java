package com.medialogis.dmp.sandbox.internal;

import com.medialogis.dmp.sandbox.internal.SimulatedDmp.Authorization;
import com.medialogis.dmp.sandbox.internal.SimulatedDmp.Document;
import com.medialogis.dmp.sandbox.internal.SimulatedDmp.Existence;
import com.medialogis.dmp.sandbox.internal.SimulatedDmp.Patient;
import com.medialogis.dmp.identity.InsSystem;
import com.medialogis.dmp.support.ids.Oids;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The DMP a new sandbox starts with: the virtual Vitale card's beneficiaries, so that the demo
 * runs end to end (the spouse on the card has no DMP yet: the demo creates it), and at least one
 * patient in each state for this doctor (the virtual CPS), and a patient whose DMP holds a document
 * by another professional, which this doctor may read but not change. Identifiers are INS-C
 * computed from the virtual card's data and, for ANNE, PAUL, LUC and CLAIRE, from fictitious people
 * (ANNE 700101 2700175123456, PAUL 650315 1650375123456, LUC 720303 1720375123456, CLAIRE 680412
 * 2680475123456).
 */
final class Seed {

    /** The national id of the virtual CPS, the one professional the sandbox knows. */
    static final String DOCTOR = "899700000001";
    /** Its profession: physician. */
    static final String DOCTOR_PROFESSION = "10";

    static final String AUTHORIZED = "1541187387477485562488";      // MARTIN Jean
    static final String NOT_AUTHORIZED = "0495895458758575630756";  // LUC
    static final String CLOSED = "1212369615611735941658";          // MARTIN Rose
    static final String DENIED = "1464688430391309708952";          // ANNE
    static final String NOT_FOUND = "0505594846430100619097";       // PAUL, no DMP
    static final String NO_DMP_YET = "0448685716413283718907";      // DESMAUX Nathalie, whose DMP the demo creates
    static final String TREATED_ELSEWHERE = "0717882253375465310850"; // CLAIRE, a document by another professional

    /** The national id of another professional, the author of {@link #OTHER_AUTHORS_DOCUMENT}. */
    static final String OTHER_DOCTOR = "810100000002";
    /** The unique id of the document another professional deposited in CLAIRE's DMP. */
    static final String OTHER_AUTHORS_DOCUMENT = Oids.of(UUID.nameUUIDFromBytes(
            "sandbox seed: the discharge letter of another professional".getBytes(StandardCharsets.UTF_8)));

    private Seed() {}

    /**
     * The DMP knows a patient by his INS (since 2021) as well as by his INS-C: the matricules of the
     * register below name the same DMPs as the card's INS-C (MARTIN Jean's, DESMAUX Nathalie's,
     * MARTIN Rose's).
     */
    private static final Map<String, String> DMP_OF_INS = Map.of(
            "150081505104018", AUTHORIZED,
            "255069999999934", NO_DMP_YET,
            "229029912345634", CLOSED);

    /** @return the key of the DMP an identifier names: the INS-C of a seeded patient's INS, else the identifier */
    static String dmpKey(String identifier) {
        return DMP_OF_INS.getOrDefault(identifier, identifier);
    }

    /**
     * A beneficiary of the virtual Vitale card as {@code hl_readVitaleCard} gives him: the card
     * simulator's family (its insured MARTIN Jean, his spouse, a child without a NIR of his own, a
     * grandmother born on a lunar date), NIRs as 13 digits, a space and the key.
     */
    record VitalePatient(String name, String given, String birthday, String nir, String certifiedNir, String insC) {}

    static final List<VitalePatient> VITALE_CARD = List.of(
            new VitalePatient("MARTIN", "JEAN", "500801", "1500815051040 18", "1500815051040 18", AUTHORIZED),
            new VitalePatient("DESMAUX", "NATHALIE", "550615", "1500815051040 18", "2550699999999 34", NO_DMP_YET),
            new VitalePatient("MARTIN", "LEO", "150301", "1500815051040 18", "", ""),
            new VitalePatient("MARTIN", "ROSE", "290200", "1500815051040 18", "2290299123456 34", CLOSED));

    /**
     * An identity of the simulated INSi register: the matricule INS (the NIR with its key), the OID
     * of its system, and the five reference traits as INSi gives them (EFFICIENCE-API.md §2.9).
     *
     * @param sex the code of Sex (EFFICIENCE-API.md §3.8): 2 male, 3 female
     */
    record InsiIdentity(String nir, String oid, String birthName, String given, int sex, String birthDate, String birthPlace) {}

    /**
     * The INSi register: the virtual card's beneficiaries who have a NIR of their own, as a
     * demonstration card's identities (the demonstration OID, DOMAIN.md §2), their birthplace the
     * place in their NIR, the grandmother's reference traits differing from the card's (born DUBOIS,
     * first names ROSE MARIE); and two fictitious test identities (the test OID) with the same name,
     * first name, sex and birth date, told apart by their birthplace only.
     */
    static final List<InsiIdentity> INSI_REGISTER = List.of(
            new InsiIdentity("150081505104018", InsSystem.INS_NIR_DEMO.oid(), "MARTIN", "JEAN", 2, "1950-08-01", "15051"),
            new InsiIdentity("255069999999934", InsSystem.INS_NIR_DEMO.oid(), "DESMAUX", "NATHALIE", 3, "1955-06-15", "99999"),
            new InsiIdentity("229029912345634", InsSystem.INS_NIR_DEMO.oid(), "DUBOIS", "ROSE MARIE", 3, "1929-02-00", "99123"),
            new InsiIdentity("290057511201267", InsSystem.INS_NIR_TEST.oid(), "DUPONT", "CAMILLE", 3, "1990-05-12", "75112"),
            new InsiIdentity("290056912304560", InsSystem.INS_NIR_TEST.oid(), "DUPONT", "CAMILLE", 3, "1990-05-12", "69123"));

    static List<Patient> patients() {
        return List.of(
                new Patient(AUTHORIZED, Existence.EXISTS, "", Map.of(DOCTOR, Authorization.VALID)),
                new Patient(NOT_AUTHORIZED, Existence.EXISTS, "", Map.of(DOCTOR, Authorization.EXPIRED)),
                new Patient(CLOSED, Existence.CLOSED, "2024-06-30", Map.of(DOCTOR, Authorization.VALID)),
                new Patient(DENIED, Existence.EXISTS, "", Map.of(DOCTOR, Authorization.DENIED)),
                new Patient(TREATED_ELSEWHERE, Existence.EXISTS, "", Map.of(DOCTOR, Authorization.VALID,
                        OTHER_DOCTOR, Authorization.VALID)));
    }

    /** A document a new sandbox holds, and its content. */
    record SeedDocument(Document document, String content) {}

    static List<SeedDocument> documents() {
        return List.of(new SeedDocument(new Document(OTHER_AUTHORS_DOCUMENT, TREATED_ELSEWHERE, "Lettre de liaison",
                "Sortie du service de cardiologie", "11490-0", 1, "1", "SA01", "", "APPROVED", OTHER_DOCTOR,
                "2026-01-15T10:30:00Z"), "Lettre de liaison à la sortie : traitement inchangé.\n"));
    }
}
