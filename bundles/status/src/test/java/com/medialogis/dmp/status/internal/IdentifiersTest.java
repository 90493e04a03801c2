package com.medialogis.dmp.status.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.connector.Category;
import com.medialogis.dmp.identity.IdentityException;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsSystem;
import com.medialogis.dmp.identity.internal.AsipInsCalculator;
import org.junit.Test;

public class IdentifiersTest {

    private final AsipInsCalculator calculator = new AsipInsCalculator();

    @Test
    public void twentyTwoDigitsAreAnInscAndFifteenCharactersACheckedNir() throws IdentityException {
        assertEquals(new Ins("1541187387477485562488", InsSystem.INS_C, Ins.Status.COMPUTED),
                Identifiers.parse("1541187387477485562488", calculator));
        // ASIP's demonstration NIR 1 50 08 15 051 040, whose key is 97 - (1500815051040 mod 97) = 18.
        assertEquals(new Ins("150081505104018", InsSystem.INS_NIR, Ins.Status.RETRIEVED),
                Identifiers.parse("1 50 08 15 051 040 18", calculator));
    }

    @Test
    public void aNirWithAWrongKeyOrAnotherLengthIsRefused() {
        assertThrows(IdentityException.class, () -> Identifiers.parse("150081505104019", calculator));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Identifiers.parse("12345", calculator));
        assertTrue(e.getMessage(), e.getMessage().contains("not 5 characters"));
        assertThrows(IllegalArgumentException.class, () -> Identifiers.parse("154118738747748556248X", calculator));
    }

    @Test
    public void categoriesAreTypedByNameOrLoincCode() {
        assertEquals(Category.CONSULTATION, Identifiers.category("consultation"));
        assertEquals(Category.IMAGING, Identifiers.category("18748-4"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Identifiers.category("letter"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("unknown category 'letter': one of CONSULTATION (11488-4)"));
    }
}
