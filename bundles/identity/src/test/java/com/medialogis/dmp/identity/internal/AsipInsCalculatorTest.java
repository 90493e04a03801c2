package com.medialogis.dmp.identity.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.identity.Beneficiary;
import com.medialogis.dmp.identity.IdentityException;
import com.medialogis.dmp.identity.IdentityException.Problem;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsSystem;
import com.medialogis.dmp.identity.Nir;
import java.util.Optional;
import org.junit.Test;

public class AsipInsCalculatorTest {

    private final AsipInsCalculator calculator = new AsipInsCalculator();

    @Test
    public void domainExampleJeanGivesThePublishedInsc() throws IdentityException {
        Ins ins = calculator.insc("Jean", "500801", "1500815051040");
        assertEquals("1541187387477485562488", ins.value());
        assertEquals(InsSystem.INS_C, ins.system());
        assertEquals(Ins.Status.COMPUTED, ins.status());
    }

    @Test
    public void demonstrationIdentityNathalieDesmauxGivesHerPublishedInsc() throws IdentityException {
        assertEquals("0448685716413283718907", calculator.insc("NATHALIE", "550615", "2550699999999").value());
    }

    @Test
    public void publicTestNirIsValidWithItsKey() throws IdentityException {
        Nir nir = calculator.nir("279035121518989");
        assertEquals("2790351215189", nir.body());
        assertEquals(89, nir.key());
        assertFalse(nir.isTemporary());
    }

    @Test
    public void nirGivenWithSpacesAndLowerCaseCorsicaIsAccepted() throws IdentityException {
        assertEquals(calculator.nir("285072B502024"), calculator.nir("2 85 07 2b 502 024"));
    }

    @Test
    public void firstNameAccentsCaseHyphensApostrophesAndSpacesDoNotChangeTheInsc() throws IdentityException {
        String expected = calculator.insc("JEANEUDES", "700101", "1700175123456").value();
        assertEquals(expected, calculator.insc("Jean-Eudes", "700101", "1700175123456").value());
        assertEquals(expected, calculator.insc("jean eudes", "700101", "1700175123456").value());
        assertEquals(expected, calculator.insc("Jéan'Eùdes", "700101", "1700175123456").value());
        assertEquals(expected, calculator.insc("  JEAN - EUDES ", "700101", "1700175123456").value());
    }

    @Test
    public void firstNameIsCutAfterTenLetters() throws IdentityException {
        assertEquals(calculator.insc("MARIECHRIS", "600101", "2600175123456").value(),
                calculator.insc("Marie-Christine", "600101", "2600175123456").value());
    }

    @Test
    public void firstNameNormalizationKeepsOnlyLettersAndPadsToTen() {
        assertEquals("HELENE    ", AsipInsCalculator.normalizeFirstName("Hélène"));
        assertEquals("DARTAGNAN ", AsipInsCalculator.normalizeFirstName("d'Artagnan"));
        assertEquals("          ", AsipInsCalculator.normalizeFirstName(""));
        assertEquals("          ", AsipInsCalculator.normalizeFirstName("- ' "));
        assertEquals("FRANCOISEM", AsipInsCalculator.normalizeFirstName("Françoise-Marie"));
    }

    @Test
    public void emptyFirstNameIsTheSameAsOneWithoutLetters() throws IdentityException {
        assertEquals(calculator.insc("", "550615", "2550699999999").value(),
                calculator.insc(" - ", "550615", "2550699999999").value());
    }

    @Test
    public void lunarBirthDatesAreUsedAsWritten() throws IdentityException {
        String dayZero = calculator.insc("LOU", "800000", "2800175123456").value();
        String february31 = calculator.insc("LOU", "800231", "2800175123456").value();
        assertEquals(22, dayZero.length());
        assertEquals(22, february31.length());
        assertFalse(dayZero.equals(february31));
    }

    @Test
    public void corsicanDepartmentIsKeptAsLettersInTheSeed() throws IdentityException {
        // Same digits once 2A is read as 19 for the key, but the seed keeps "2A": different INS-C.
        String corsica = calculator.insc("PAUL", "850701", "185072A502024").value();
        String numeric = calculator.insc("PAUL", "850701", "1850719502024").value();
        assertFalse(corsica.equals(numeric));
    }

    @Test
    public void inscKeyMatchesItsTwentyDigits() throws IdentityException {
        String value = calculator.insc("JEAN", "500801", "1500815051040").value();
        long remainder = new java.math.BigInteger(value.substring(0, 20)).mod(java.math.BigInteger.valueOf(97)).longValue();
        assertEquals(97 - remainder, Long.parseLong(value.substring(20)));
    }

    @Test
    public void fifteenCharacterNirGivesTheSameInscAsItsFirstThirteen() throws IdentityException {
        assertEquals(calculator.insc("JEAN", "500801", "1500815051040").value(),
                calculator.insc("JEAN", "500801", calculator.nir("1500815051040").value()).value());
    }

    @Test
    public void temporaryNirIsRefused() {
        assertProblem(Problem.NIR_TEMPORARY, () -> calculator.insc("JEAN", "500801", "7500815051040"));
        assertProblem(Problem.NIR_TEMPORARY, () -> calculator.insc("JEANNE", "500801", "8500815051040"));
    }

    @Test
    public void malformedBirthDatesAreRefusedWithTheirReason() {
        IdentityException tooShort = assertProblem(Problem.BIRTH_DATE,
                () -> calculator.insc("JEAN", "50081", "1500815051040"));
        assertTrue(tooShort.getMessage(), tooShort.getMessage().contains("5 characters"));
        IdentityException letter = assertProblem(Problem.BIRTH_DATE,
                () -> calculator.insc("JEAN", "5008O1", "1500815051040"));
        assertTrue(letter.getMessage(), letter.getMessage().contains("character 5"));
        assertProblem(Problem.BIRTH_DATE, () -> calculator.insc("JEAN", "1950-08-01", "1500815051040"));
        assertProblem(Problem.BIRTH_DATE, () -> calculator.insc("JEAN", null, "1500815051040"));
    }

    @Test
    public void beneficiaryWithHisOwnNirGetsTheInscOfThatNir() throws IdentityException {
        Beneficiary spouse = new Beneficiary("DESMAUX", "NATHALIE", "550615", "1500815051040",
                Optional.of("2550699999999"), 1, "02");
        assertEquals("0448685716413283718907", calculator.insc(spouse).value());
    }

    @Test
    public void beneficiaryWithoutHisOwnNirIsRefused() {
        Beneficiary child = new Beneficiary("MARTIN", "LEO", "150301", "1500815051040",
                Optional.empty(), 1, "06");
        IdentityException refusal = assertProblem(Problem.NO_OWN_NIR, () -> calculator.insc(child));
        assertTrue(refusal.getMessage(), refusal.getMessage().contains("no NIR of his own"));
    }

    @Test
    public void identifiersNeverShowInToString() throws IdentityException {
        Ins ins = calculator.insc("JEAN", "500801", "1500815051040");
        assertFalse(ins.toString().contains(ins.value()));
        Nir nir = calculator.nir("1500815051040");
        assertFalse(nir.toString().contains("150081"));
        Beneficiary beneficiary = new Beneficiary("DESMAUX", "NATHALIE", "550615", "1500815051040",
                Optional.of("2550699999999"), 1, "02");
        assertFalse(beneficiary.toString().contains("DESMAUX"));
        assertFalse(beneficiary.toString().contains("550615"));
    }

    static IdentityException assertProblem(Problem expected, ThrowingRunnable call) {
        IdentityException e = assertThrows(IdentityException.class, call::run);
        assertEquals(e.getMessage(), expected, e.problem());
        return e;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    public void typedIdentifiersAreAnInscOrACheckedNir() throws IdentityException {
        AsipInsCalculator calculator = new AsipInsCalculator();
        assertEquals(new Ins("1541187387477485562488", InsSystem.INS_C, Ins.Status.COMPUTED),
                calculator.identifier("1541187387477485562488"));
        // ASIP's demonstration NIR 1 50 08 15 051 040, whose key is 97 - (1500815051040 mod 97) = 18.
        assertEquals(new Ins("150081505104018", InsSystem.INS_NIR, Ins.Status.PROVISIONAL),
                calculator.identifier("1 50 08 15 051 040 18"));
        assertEquals(IdentityException.Problem.NIR_KEY,
                assertThrows(IdentityException.class, () -> calculator.identifier("150081505104019")).problem());
        IdentityException length = assertThrows(IdentityException.class, () -> calculator.identifier("12345"));
        assertEquals(IdentityException.Problem.IDENTIFIER_FORMAT, length.problem());
        assertTrue(length.getMessage(), length.getMessage().endsWith("not 5 characters"));
        assertEquals(IdentityException.Problem.IDENTIFIER_FORMAT,
                assertThrows(IdentityException.class, () -> calculator.identifier("154118738747748556248X")).problem());
    }

    @Test
    public void aTypedInscWithAMistypedDigitOrKeyIsRefused() {
        AsipInsCalculator calculator = new AsipInsCalculator();
        // The DOMAIN.md example 1541187387477485562488 with one digit of its number changed, then its key.
        IdentityException digit = assertProblem(Problem.INSC_KEY, () -> calculator.identifier("1541187387477485563488"));
        assertTrue(digit.getMessage(), digit.getMessage().startsWith("The key 88 does not match the first 20 digits"));
        assertProblem(Problem.INSC_KEY, () -> calculator.identifier("1541187387477485562487"));
        // Two adjacent digits swapped.
        assertProblem(Problem.INSC_KEY, () -> calculator.identifier("1451187387477485562488"));
        // Beyond 2^64 - 1: no INS-C has such a number.
        assertProblem(Problem.INSC_KEY, () -> calculator.identifier("9999999999999999999901"));
    }
}
