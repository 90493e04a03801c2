package com.medialogis.dmp.bridge.internal;

import com.medialogis.dmp.connector.PatientForm;
import com.medialogis.dmp.record.Patient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The printable sheet of a patient's DMP access details, made (Apache PDFBox) when a creation or
 * reactivation gives a mobile phone or an e-mail address, so that the details never travel by
 * one electronic channel alone. A sheet of a page is kept in memory for {@value #KEPT_MINUTES}
 * minutes, {@value #MOST_KEPT} at most, under a random name, then forgotten.
 */
@Component(service = AccessSheets.class)
@JaxrsResource
@JaxrsApplicationSelect(BridgeApplication.SELECT)
@Path(AccessSheets.PATH)
public class AccessSheets {

    static final String PATH = "access-sheets";
    static final int KEPT_MINUTES = 15;
    static final int MOST_KEPT = 50;
    private static final DateTimeFormatter FRENCH_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.FRANCE);

    private record Sheet(byte[] pdf, Instant made) {}

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Sheet> kept = new LinkedHashMap<>();
    private final Clock clock;

    public AccessSheets() {
        this(Clock.systemUTC());
    }

    AccessSheets(Clock clock) {
        this.clock = clock;
    }

    /** @return the sheet's name, to fetch it under {@link #PATH} */
    String make(Patient patient, PatientForm form) {
        byte[] pdf = pdf(patient, form, LocalDate.now(clock.withZone(ZoneId.of("Europe/Paris"))));
        byte[] name = new byte[16];
        random.nextBytes(name);
        String key = HexFormat.of().formatHex(name);
        synchronized (kept) {
            forgetOld();
            if (kept.size() == MOST_KEPT) {
                Iterator<String> oldest = kept.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            kept.put(key, new Sheet(pdf, clock.instant()));
        }
        return key;
    }

    @GET
    @Path("{name}")
    @Produces("application/pdf")
    public Response sheet(@PathParam("name") String name) {
        Sheet sheet;
        synchronized (kept) {
            forgetOld();
            sheet = kept.get(name);
        }
        if (sheet == null) {
            throw new ApiProblem(Response.Status.NOT_FOUND, "NO_ACCESS_SHEET", "Cette fiche d'accès n'est plus disponible : elle est"
                    + " gardée " + KEPT_MINUTES + " minutes après la création du DMP.", "no access sheet of that name, or older than "
                    + KEPT_MINUTES + " minutes");
        }
        return Response.ok(sheet.pdf(), "application/pdf").header("Content-Disposition", "inline; filename=\"acces-dmp.pdf\"")
                .header("Cache-Control", "no-store").build();
    }

    private void forgetOld() {
        Instant limit = clock.instant().minus(Duration.ofMinutes(KEPT_MINUTES));
        kept.values().removeIf(sheet -> sheet.made().isBefore(limit));
    }

    static byte[] pdf(Patient patient, PatientForm form, LocalDate today) {
        PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        List<String> lines = new ArrayList<>();
        lines.add("Patient : " + form.name() + " " + form.firstName() + ", né(e) le " + FRENCH_DATE.format(form.birthDate()));
        patient.identifier().ifPresent(ins -> lines.add("Identifiant du DMP (" + (ins.system().name().equals("INS_C") ? "INS-C" : "INS")
                + ") : " + ins.value()));
        lines.add("Fiche remise le " + FRENCH_DATE.format(today));
        lines.add("");
        lines.add("Moyens d'accès en ligne du patient à son DMP :");
        form.mobilePhone().ifPresent(mobile -> lines.add("  - téléphone mobile : " + mobile
                + (form.smsAccess() ? " (accès par SMS activé)" : " (accès par SMS non activé)")));
        form.email().ifPresent(email -> lines.add("  - adresse électronique : " + email
                + (form.emailAccess() ? " (accès par courriel activé)" : " (accès par courriel non activé)")));
        lines.add("");
        lines.add("Oppositions du patient :");
        lines.add("  - accès en mode bris de glace : " + (form.opposesBrisDeGlace() ? "oui" : "non"));
        lines.add("  - accès par le médecin régulateur du centre 15 : " + (form.opposesCentre15() ? "oui" : "non"));
        lines.add("");
        lines.add("Gardez cette fiche : elle n'est envoyée par aucun autre moyen.");
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            document.getDocumentInformation().setTitle("Accès du patient à son DMP");
            try (PDPageContentStream text = new PDPageContentStream(document, page)) {
                text.beginText();
                text.newLineAtOffset(56, page.getMediaBox().getHeight() - 72);
                text.setFont(bold, 16);
                text.showText("Accès du patient à son DMP");
                text.setLeading(20);
                text.newLine();
                text.newLine();
                text.setFont(regular, 11);
                text.setLeading(16);
                for (String line : lines) {
                    text.showText(printable(regular, line));
                    text.newLine();
                }
                text.endText();
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("the access sheet could not be made", e);
        }
    }

    /** The standard fonts have WinAnsi's characters only: others are shown as '?'. */
    static String printable(PDType1Font font, String line) {
        StringBuilder shown = new StringBuilder(line.length());
        line.codePoints().forEach(point -> {
            String character = new String(Character.toChars(point));
            try {
                font.encode(character);
                shown.append(character);
            } catch (IOException | IllegalArgumentException e) {
                shown.append('?');
            }
        });
        return shown.toString();
    }
}
