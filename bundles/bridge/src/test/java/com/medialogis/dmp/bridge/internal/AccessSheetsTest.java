package com.medialogis.dmp.bridge.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.connector.PatientForm;
import com.medialogis.dmp.connector.PatientForm.Sex;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsSystem;
import com.medialogis.dmp.record.Patient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.ws.rs.core.Response;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.Test;

public class AccessSheetsTest {

    private static final Patient PAUL = new Patient("P-2", new Patient.Traits("Paul", "Pierre", LocalDate.of(1965, 3, 15), Sex.MALE),
            Optional.of(new Ins("0505594846430100619097", InsSystem.INS_C, Ins.Status.COMPUTED)));
    private static final PatientForm FORM = new PatientForm(Optional.of(PatientForm.Civility.M), "PAUL", "Pierre",
            LocalDate.of(1965, 3, 15), Sex.MALE, Optional.of("0612345678"), true, Optional.of("pierre.paul@example.fr"), false,
            Optional.empty(), true, false, true);

    /** A clock the test moves. */
    private static final class Moving extends Clock {
        private Instant now = Instant.parse("2026-11-30T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return Clock.fixed(now, zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    public void theSheetSaysWhoHowAndTheOppositionsInFrench() throws Exception {
        byte[] pdf = AccessSheets.pdf(PAUL, FORM, LocalDate.of(2026, 11, 30));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertEquals(1, document.getNumberOfPages());
            String text = new PDFTextStripper().getText(document);
            assertTrue(text, text.contains("Accès du patient à son DMP"));
            assertTrue(text, text.contains("Patient : PAUL Pierre, né(e) le 15/03/1965"));
            assertTrue(text, text.contains("Identifiant du DMP (INS-C) : 0505594846430100619097"));
            assertTrue(text, text.contains("Fiche remise le 30/11/2026"));
            assertTrue(text, text.contains("téléphone mobile : 0612345678 (accès par SMS activé)"));
            assertTrue(text, text.contains("adresse électronique : pierre.paul@example.fr (accès par courriel non activé)"));
            assertTrue(text, text.contains("accès en mode bris de glace : oui"));
            assertTrue(text, text.contains("centre 15 : non"));
        }
    }

    @Test
    public void aCharacterTheStandardFontLacksIsShownAsAQuestionMark() {
        PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        assertEquals("Œuvre à Noël ? ?", AccessSheets.printable(font, "Œuvre à Noël \u0141 \u4E2D"));
    }

    @Test
    public void aSheetIsKeptFifteenMinutesThenForgotten() {
        Moving clock = new Moving();
        AccessSheets sheets = new AccessSheets(clock);
        String name = sheets.make(PAUL, FORM);
        assertTrue(name, name.matches("[0-9a-f]{32}"));
        Response kept = sheets.sheet(name);
        assertEquals(200, kept.getStatus());
        assertEquals("no-store", kept.getHeaderString("Cache-Control"));

        clock.now = clock.now.plus(Duration.ofMinutes(AccessSheets.KEPT_MINUTES)).plusSeconds(1);
        ApiProblem gone = assertThrows(ApiProblem.class, () -> sheets.sheet(name));
        assertEquals("NO_ACCESS_SHEET", gone.error().code());
    }

    @Test
    public void atMostFiftySheetsAreKeptTheOldestForgottenFirst() {
        AccessSheets sheets = new AccessSheets(new Moving());
        String first = sheets.make(PAUL, FORM);
        String second = sheets.make(PAUL, FORM);
        for (int made = 2; made < AccessSheets.MOST_KEPT + 1; made++) {
            sheets.make(PAUL, FORM);
        }
        assertEquals("NO_ACCESS_SHEET", assertThrows(ApiProblem.class, () -> sheets.sheet(first)).error().code());
        assertEquals(200, sheets.sheet(second).getStatus());
    }
}
