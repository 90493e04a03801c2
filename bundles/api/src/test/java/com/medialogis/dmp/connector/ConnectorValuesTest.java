package com.medialogis.dmp.connector;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsSystem;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.Test;

/** The code tables of DOMAIN.md §4 and the rules the values enforce themselves. */
public class ConnectorValuesTest {

    @Test
    public void categoriesAreFoundByTheirCurrentAndFormerLoincCodes() {
        assertEquals(Optional.of(Category.CONSULTATION), Category.ofCode("11488-4"));
        assertEquals(Optional.of(Category.IMAGING), Category.ofCode("18748-4"));
        assertEquals("former code still listed by the DMP", Optional.of(Category.IMAGING), Category.ofCode("11528-7"));
        assertEquals(Optional.of(Category.HOSPITAL_STAY), Category.ofCode("11493-4"));
        assertEquals(Optional.empty(), Category.ofCode("99999-9"));
        assertEquals("deposits use the current code", "77436-4", Category.ANESTHESIA.code());
        assertEquals(Optional.empty(), Category.CONSULTATION.formerCode());
    }

    @Test
    public void categoriesAreTypedByNameInAnyCaseOrByCode() {
        assertEquals(Category.CONSULTATION, Category.parse("consultation"));
        assertEquals(Category.IMAGING, Category.parse("18748-4"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Category.parse("letter"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("unknown category 'letter': one of CONSULTATION (11488-4), "));
    }

    @Test
    public void aDriverOfVersion30StillBindsAndSaysWhatItDoesNotSupport() {
        // A driver implementing only the methods of version 3.0: every call reaches the interface's defaults.
        DmpConnector older = (DmpConnector) Proxy.newProxyInstance(DmpConnector.class.getClassLoader(),
                new Class<?>[] {DmpConnector.class}, (proxy, method, args) -> method.isDefault()
                        ? InvocationHandler.invokeDefault(proxy, method, args) : "Ancien pilote");
        Ins ins = new Ins("1541187387477485562488", InsSystem.INS_C, Ins.Status.COMPUTED);
        List<ConnectorException> refusals = List.of(
                assertThrows(ConnectorException.class, () -> older.changeVisibility(ins, "2.25.1", Set.of())),
                assertThrows(ConnectorException.class, () -> older.archive(ins, "2.25.1", true)),
                assertThrows(ConnectorException.class, () -> older.delete(ins, "2.25.1")),
                assertThrows(ConnectorException.class, () -> older.insFromVitaleCard("Lecteur", 0)),
                assertThrows(ConnectorException.class, () -> older.insFromTraits(new InsTraits("MARTIN", "JEAN", InsTraits.Sex.MALE,
                        "1950-08-01", Optional.empty()))));
        assertEquals("the DMP driver Ancien pilote does not support changing a document's visibility", refusals.get(0).getMessage());
        assertEquals("the DMP driver Ancien pilote does not support archiving a document", refusals.get(1).getMessage());
        assertEquals("the DMP driver Ancien pilote does not support deleting a document", refusals.get(2).getMessage());
        assertEquals("the DMP driver Ancien pilote does not support looking up an INS from a Vitale card", refusals.get(3).getMessage());
        for (ConnectorException refusal : refusals) {
            assertEquals(ConnectorException.NOT_SUPPORTED, refusal.dmpCode());
            assertFalse("retrying does not help", refusal.isTransient());
        }
    }

    @Test
    public void traitsAreNormalizedAsInsiTakesThemOrRefusedNamingTheTraitNotItsValue() {
        InsTraits typed = new InsTraits("  d'Estaing  ", "Hélène-Françoise   Œdipe", InsTraits.Sex.FEMALE, " 1929-02-00 ", Optional.of(" 2A004 "));
        assertEquals(new InsTraits("D ESTAING", "HELENE-FRANCOISE OEDIPE", InsTraits.Sex.FEMALE, "1929-02-00", Optional.of("2A004")),
                typed.normalized());
        assertEquals("an empty birthplace is none", Optional.empty(),
                new InsTraits("MARTIN", "JEAN", InsTraits.Sex.MALE, "1950-08-01", Optional.of(" ")).normalized().birthplace());
        IllegalArgumentException doubled = assertThrows(IllegalArgumentException.class,
                () -> new InsTraits("MARTIN- DUPONT", "JEAN", InsTraits.Sex.MALE, "1950-08-01", Optional.empty()).normalized());
        assertEquals("the birth name may hold letters, '-' and spaces only, never two of '-' and space in a row nor one at either end",
                doubled.getMessage());
        IllegalArgumentException month = assertThrows(IllegalArgumentException.class,
                () -> new InsTraits("MARTIN", "JEAN", InsTraits.Sex.MALE, "1950-13-01", Optional.empty()).normalized());
        assertEquals("the birth date must be YYYY-MM-DD (day 00 for a lunar date)", month.getMessage());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> new InsTraits("MARTIN", "A".repeat(61), InsTraits.Sex.MALE, "1950-08-01", Optional.empty()).normalized());
        assertEquals("the first names has 61 characters; INSi takes 60 at most", tooLong.getMessage());
        assertEquals("InsTraits[FEMALE, birthplace]", typed.toString());
    }

    @Test
    public void aLookupGivesAnIdentityWhenItFoundOneOnlyAndAnInsCIsNoMatriculeIns() {
        InsIdentity jean = new InsIdentity(new Ins("150081505104018", InsSystem.INS_NIR, Ins.Status.RETRIEVED),
                new InsTraits("MARTIN", "JEAN", InsTraits.Sex.MALE, "1950-08-01", Optional.of("15051")));
        assertEquals(Optional.of(jean), InsLookupResult.found(jean).identity());
        assertThrows(IllegalArgumentException.class, () -> new InsLookupResult(InsLookupResult.Outcome.SEVERAL, Optional.of(jean)));
        assertThrows(IllegalArgumentException.class, () -> new InsLookupResult(InsLookupResult.Outcome.FOUND, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new InsIdentity(new Ins("1541187387477485562488", InsSystem.INS_C,
                Ins.Status.COMPUTED), jean.traits()));
        assertThrows(IllegalArgumentException.class, () -> new InsVerification(false, ""));
        assertEquals("InsIdentity[Ins[INS_NIR, RETRIEVED], InsTraits[MALE, birthplace]]", jean.toString());
    }

    @Test
    public void emergencyAccessNeedsAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Access(AccessMode.BRIS_DE_GLACE, " "));
        assertEquals("BRIS_DE_GLACE access requires a reason", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Access(AccessMode.CENTRE_15, ""));
        assertEquals("unconscious patient", new Access(AccessMode.BRIS_DE_GLACE, "unconscious patient").reason());
    }

    @Test
    public void patientFormNeedsNameFirstNameAndTheChannelsItEnables() {
        assertThrows(IllegalArgumentException.class, () -> form("", "JEAN", Optional.empty(), false));
        assertThrows(IllegalArgumentException.class, () -> form("MARTIN", " ", Optional.empty(), false));
        IllegalArgumentException sms = assertThrows(IllegalArgumentException.class,
                () -> form("MARTIN", "JEAN", Optional.empty(), true));
        assertEquals("SMS access needs a mobile phone number", sms.getMessage());
        PatientForm form = form("MARTIN", "JEAN", Optional.of("0600000000"), true);
        assertFalse("no trait in toString", form.toString().contains("MARTIN"));
    }

    @Test
    public void searchThatEndsBeforeItStartsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DocumentQuery(Set.of(),
                Optional.of(LocalDate.of(2026, 2, 1)), Optional.of(LocalDate.of(2026, 1, 1)), Set.of()));
    }

    @Test
    public void onlyAClosedDmpHasAClosingDate() {
        assertThrows(IllegalArgumentException.class,
                () -> new DmpStatus(DmpState.AUTHORIZED, Optional.of(LocalDate.of(2025, 3, 1)), ""));
        assertEquals(LocalDate.of(2025, 3, 1),
                new DmpStatus(DmpState.CLOSED, Optional.of(LocalDate.of(2025, 3, 1)), "closed by the patient").closedOn().get());
    }

    @Test
    public void noConnectorIsATransientFailureWithItsCode() {
        ConnectorException e = ConnectorException.noConnector();
        assertTrue(e.isTransient());
        assertEquals(ConnectorException.NO_CONNECTOR, e.dmpCode());
    }

    @Test
    public void documentNeedsATitle() {
        assertThrows(IllegalArgumentException.class, () -> metadata(" "));
        assertThrows(IllegalArgumentException.class, () -> metadata(null));
        assertEquals(Set.of(Confidentiality.MASQUE_PS), metadata("Courrier").confidentiality());
    }

    private static PatientForm form(String name, String firstName, Optional<String> phone, boolean sms) {
        return new PatientForm(Optional.of(PatientForm.Civility.M), name, firstName, LocalDate.of(1950, 8, 1),
                PatientForm.Sex.MALE, phone, sms, Optional.empty(), false, Optional.empty(), true, true, true);
    }

    private static DocumentMetadata metadata(String title) {
        return new DocumentMetadata(title, "", Category.CONSULTATION, DocumentFormat.PDF, AuthorRole.ACTEUR,
                PracticeSetting.AMBULATOIRE, Set.of(Confidentiality.MASQUE_PS), Optional.empty());
    }
}
