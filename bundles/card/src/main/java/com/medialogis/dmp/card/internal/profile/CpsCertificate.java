package com.medialogis.dmp.card.internal.profile;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The holder named by a CPS's authentication certificate, whose subject is
 * {@code CN=<national id>+SN=<surname>+GN=<given name>, title=<profession label>, C=FR}
 * (DOMAIN.md §6). The certificate is parsed by the JDK's X.509 parser; its subject's attributes are
 * read from the subject's DER encoding, multi-valued names included.
 */
final class CpsCertificate {

    private static final String COMMON_NAME = "550403";
    private static final String SURNAME = "550404";
    private static final String GIVEN_NAME = "55042a";
    private static final String TITLE = "55040c";

    /** The subject's attributes this program reads. */
    record Subject(String nationalId, String surname, String givenName, String title) {}

    private CpsCertificate() {}

    static Subject subject(byte[] der) throws CardDataException {
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw new CardDataException("the authentication certificate does not parse (" + e.getMessage() + ")");
        }
        Map<String, String> attributes = new HashMap<>();
        List<Ber> name = Ber.required(Ber.parse(certificate.getSubjectX500Principal().getEncoded(), "the subject"), 0x30,
                "the subject").children("the subject");
        for (Ber rdn : Ber.all(name, 0x31)) {
            for (Ber attribute : Ber.all(rdn.children("the subject"), 0x30)) {
                List<Ber> typeAndValue = attribute.children("the subject");
                String type = HexFormat.of().formatHex(Ber.required(typeAndValue, 0x06, "an attribute's type").value());
                if (typeAndValue.size() != 2) {
                    throw new CardDataException("the subject's attribute " + type + " has no single value");
                }
                attributes.putIfAbsent(type, text(typeAndValue.get(1)));
            }
        }
        return new Subject(required(attributes, COMMON_NAME, "the national identifier (CN)"),
                required(attributes, SURNAME, "the surname (SN)"),
                required(attributes, GIVEN_NAME, "the given name (GN)"),
                required(attributes, TITLE, "the profession (title)"));
    }

    private static String required(Map<String, String> attributes, String type, String what) throws CardDataException {
        String value = attributes.get(type);
        if (value == null || value.isBlank()) {
            throw new CardDataException("the authentication certificate's subject lacks " + what);
        }
        return value.strip();
    }

    /** X.520 directory strings: UTF8String, PrintableString, IA5String, TeletexString (as Latin-1) or BMPString. */
    private static String text(Ber value) throws CardDataException {
        return switch (value.tag()) {
            case 0x0C -> new String(value.value(), StandardCharsets.UTF_8);
            case 0x13, 0x16 -> new String(value.value(), StandardCharsets.US_ASCII);
            case 0x14 -> new String(value.value(), StandardCharsets.ISO_8859_1);
            case 0x1E -> new String(value.value(), StandardCharsets.UTF_16BE);
            default -> throw new CardDataException("a subject attribute has string type " + Ber.hex(value.tag()));
        };
    }
}
