package com.medialogis.dmp.identity.internal;

import static com.medialogis.dmp.identity.internal.AsipInsCalculatorTest.assertProblem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.identity.IdentityException;
import com.medialogis.dmp.identity.IdentityException.Problem;
import com.medialogis.dmp.identity.Nir;
import org.junit.Test;

public class NirCheckerTest {

    @Test
    public void thirteenCharactersGetTheirKeyComputed() throws IdentityException {
        // 1500815051040 mod 97 = 79, so the key is 97 - 79 = 18.
        Nir nir = NirChecker.check("1500815051040");
        assertEquals(18, nir.key());
        assertEquals("150081505104018", nir.value());
    }

    @Test
    public void corsicaReadsTwoAAsNineteenAndTwoBAsEighteenForTheKey() throws IdentityException {
        // Keys published in the ASIP sample.
        assertEquals(79, NirChecker.check("265112A571315").key());
        assertEquals(65, NirChecker.check("285072B502024").key());
        assertEquals("265112A571315", NirChecker.check("265112A57131579").body());
    }

    @Test
    public void keyNinetySevenIsValid() throws IdentityException {
        // The first 13-digit multiple of 97: remainder 0, so the key is 97, not 00.
        long body = 1_000_000_000_000L + (97 - 1_000_000_000_000L % 97) % 97;
        assertEquals(0, body % 97);
        assertEquals(97, NirChecker.check(Long.toString(body)).key());
        assertEquals(97, NirChecker.check(body + "97").key());
    }

    @Test
    public void wrongKeyIsRefusedWithoutRevealingTheRightOne() {
        IdentityException e = assertProblem(Problem.NIR_KEY, () -> NirChecker.check("150081505104041"));
        assertTrue(e.getMessage(), e.getMessage().contains("The key 41 does not match"));
        assertFalse(e.getMessage(), e.getMessage().contains("18"));
    }

    @Test
    public void wrongLengthIsRefusedWithTheLengthFound() {
        IdentityException e = assertProblem(Problem.NIR_LENGTH, () -> NirChecker.check("150081505104"));
        assertTrue(e.getMessage(), e.getMessage().contains("has 12"));
        assertProblem(Problem.NIR_LENGTH, () -> NirChecker.check("15008150510404"));
        assertProblem(Problem.NIR_LENGTH, () -> NirChecker.check(""));
        assertProblem(Problem.NIR_LENGTH, () -> NirChecker.check(null));
    }

    @Test
    public void nonDigitWhereADigitBelongsNamesThePositionAndPart() {
        IdentityException year = assertProblem(Problem.NIR_CHARACTER, () -> NirChecker.check("1X00815051040"));
        assertTrue(year.getMessage(), year.getMessage().contains("birth year")
                && year.getMessage().contains("character 2"));
        IdentityException order = assertProblem(Problem.NIR_CHARACTER, () -> NirChecker.check("150081505104O"));
        assertTrue(order.getMessage(), order.getMessage().contains("order number"));
        IdentityException key = assertProblem(Problem.NIR_CHARACTER, () -> NirChecker.check("15008150510404O"));
        assertTrue(key.getMessage(), key.getMessage().contains("(key)"));
    }

    @Test
    public void departmentAcceptsOnlyDigitsOrCorsica() {
        IdentityException e = assertProblem(Problem.NIR_CHARACTER, () -> NirChecker.check("150082C051040"));
        assertTrue(e.getMessage(), e.getMessage().contains("2A/2B"));
    }

    @Test
    public void sexDigitMustBeAKnownOne() {
        IdentityException e = assertProblem(Problem.NIR_CHARACTER, () -> NirChecker.check("5500815051040"));
        assertTrue(e.getMessage(), e.getMessage().contains("Character 1 (sex)"));
    }

    @Test
    public void temporaryNumbersAreValidNirsButMarkedTemporary() throws IdentityException {
        assertTrue(NirChecker.check("7500815051040").isTemporary());
    }
}
