package com.medialogis.dmp.bridge.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.connector.PatientForm;
import com.medialogis.dmp.connector.PatientForm.Sex;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.Test;

/** The creation dialog's fields, checked one by one, and the Vitale beneficiary's name matched as a person reads it. */
public class FormChecksTest {

    private static DmpResource.FormBody form(String mobile, boolean sms, String email, boolean emailAccess, boolean consent) {
        return new DmpResource.FormBody("MME", "Desmaux", "Nathalie", "1955-06-15", Sex.FEMALE, mobile, sms, email, emailAccess, null,
                null, false, consent);
    }

    private static String refusal(DmpResource.FormBody body) {
        return assertThrows(ApiProblem.class, () -> DmpResource.form(body, "consent!")).error().detail();
    }

    @Test
    public void aCompleteFormBecomesThePatientFormWithTheOppositionsTickedByDefault() {
        PatientForm form = DmpResource.form(form("+33 6 12 34 56 78", true, "n.desmaux@example.fr", true, true), "consent!");
        assertEquals(Optional.of(PatientForm.Civility.MME), form.civility());
        assertEquals(LocalDate.of(1955, 6, 15), form.birthDate());
        assertEquals(Optional.of("0612345678"), form.mobilePhone());
        assertTrue("bris de glace opposed unless said otherwise", form.opposesBrisDeGlace());
        assertFalse(form.opposesCentre15());
        assertTrue(form.consent());
    }

    @Test
    public void withoutConsentNothingElseIsLookedAt() {
        ApiProblem refused = assertThrows(ApiProblem.class, () -> DmpResource.form(form("12", true, "x", true, false), "consent!"));
        assertEquals("CONSENT_REQUIRED", refused.error().code());
        assertEquals("consent!", refused.error().message());
    }

    @Test
    public void eachBadFieldIsNamed() {
        assertEquals("mobilePhone: a French mobile number: 06 or 07 and 8 digits, or +33 6 or 7 and 8 digits",
                refusal(form("01 23 45 67 89", false, null, false, true)));
        assertTrue(refusal(form(null, false, "no-at-sign.fr", false, true)).startsWith("email: "));
        assertTrue(refusal(form(null, false, "a@b", false, true)).startsWith("email: "));
        assertEquals("smsAccess: SMS access needs a mobile phone number", refusal(form(" ", true, null, false, true)));
        assertEquals("emailAccess: e-mail access needs an e-mail address", refusal(form(null, false, null, true, true)));
        assertEquals("civility: M or MME, or none", refusal(new DmpResource.FormBody("MLLE", "A", "B", "1955-06-15", Sex.FEMALE, null,
                false, null, false, null, null, null, true)));
        assertEquals("name: required", refusal(new DmpResource.FormBody(null, " ", "B", "1955-06-15", Sex.FEMALE, null, false, null,
                false, null, null, null, true)));
        assertEquals("sex: required", refusal(new DmpResource.FormBody(null, "A", "B", "1955-06-15", null, null, false, null, false,
                null, null, null, true)));
        assertEquals("legalRepresentative: at most 200 characters", refusal(new DmpResource.FormBody(null, "A", "B", "1955-06-15",
                Sex.FEMALE, null, false, null, false, "R".repeat(201), null, null, true)));
        assertEquals("name: holds a control character", refusal(new DmpResource.FormBody(null, "A\u0000B", "B", "1955-06-15",
                Sex.FEMALE, null, false, null, false, null, null, null, true)));
        assertEquals("birthDate: a date is written year-month-day: 1950-08-01", refusal(new DmpResource.FormBody(null, "A", "B",
                "15/06/1955", Sex.FEMALE, null, false, null, false, null, null, null, true)));
    }

    @Test
    public void aCardFirstNameIsThePracticesOrItsFirstOne() {
        assertTrue(PatientResource.sameFirstName("JEAN", "Jean"));
        assertTrue(PatientResource.sameFirstName("JEAN", "Jean Paul"));
        assertTrue(PatientResource.sameFirstName("JEAN PAUL", "Jean-Paul"));
        assertFalse("twins share name and birth date", PatientResource.sameFirstName("JACQUES", "Jean"));
        assertFalse(PatientResource.sameFirstName("PAUL", "Jean Paul"));
        assertFalse("a hyphenated first name is one: twins JEAN-LOUIS and JEAN-MARC", PatientResource.sameFirstName("JEAN", "Jean-Louis"));
        assertFalse(PatientResource.sameFirstName("Jean-Marc", "JEAN-LOUIS"));
        assertTrue("INSi gives all the first names", PatientResource.sameFirstName("Rose", "ROSE MARIE"));
        assertTrue(PatientResource.sameFirstName("Jean-Louis", "JEAN-LOUIS PIERRE"));
    }

    @Test
    public void aCardNameMatchesThePracticesWhateverItsCaseAccentsAndHyphens() {
        assertTrue(PatientResource.sameName("MARTIN", "Martin"));
        assertTrue(PatientResource.sameName("DUPONT MARTIN", "Dupont-Martin"));
        assertTrue(PatientResource.sameName("LEFEVRE", "Lefèvre"));
        assertTrue(PatientResource.sameName("D ARC", "d'Arc"));
        assertFalse(PatientResource.sameName("MARTIN", "Martins"));
        assertFalse(PatientResource.sameName("MARTIN", "Martin Dupont"));
    }
}
