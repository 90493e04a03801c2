package com.medialogis.dmp.cardsimulator.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The virtual CPS's authentication certificate, made when the simulator starts: the subject in the
 * public form of a CPS's ({@code CN=<national id>+SN=<surname>+GN=<given name>, title=<profession>,
 * C=FR}, DOMAIN.md §6), issued by a certification authority of this simulator's own that nothing
 * trusts. Real CPS keys are RSA; this one is an EC P-256 key, made in a millisecond: the card
 * service reads the subject, never the key.
 */
final class TestCertificate {

    private static final X500Name ISSUER = new X500Name(new RDN[] {
        new RDN(BCStyle.C, new DERPrintableString("FR")),
        new RDN(BCStyle.CN, new DERUTF8String("Simulateur de cartes Médialogis DMP, AC de test"))});
    private static final AlgorithmIdentifier ECDSA_SHA256 = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);

    private TestCertificate() {}

    /** @return the DER encoding of a certificate for this holder, valid from a day ago for three years */
    static byte[] authentication(String nationalId, String surname, String givenName, String profession) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair authority = generator.generateKeyPair();
            KeyPair holder = generator.generateKeyPair();
            X500Name subject = new X500Name(new RDN[] {
                new RDN(BCStyle.C, new DERPrintableString("FR")),
                new RDN(BCStyle.T, new DERUTF8String(profession)),
                new RDN(new AttributeTypeAndValue[] {
                    new AttributeTypeAndValue(BCStyle.CN, new DERUTF8String(nationalId)),
                    new AttributeTypeAndValue(BCStyle.SURNAME, new DERUTF8String(surname)),
                    new AttributeTypeAndValue(BCStyle.GIVENNAME, new DERUTF8String(givenName))})});
            Instant now = Instant.now();
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
            tbs.setSerialNumber(new ASN1Integer(new BigInteger(64, new SecureRandom())));
            tbs.setSignature(ECDSA_SHA256);
            tbs.setIssuer(ISSUER);
            tbs.setSubject(subject);
            tbs.setStartDate(new Time(Date.from(now.minus(Duration.ofDays(1)))));
            tbs.setEndDate(new Time(Date.from(now.plus(Duration.ofDays(3 * 365)))));
            tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(holder.getPublic().getEncoded()));
            tbs.setExtensions(extensions.generate());
            TBSCertificate certificate = tbs.generateTBSCertificate();
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(authority.getPrivate());
            signature.update(certificate.getEncoded(ASN1Encoding.DER));
            return new DERSequence(new ASN1Encodable[] {certificate, ECDSA_SHA256, new DERBitString(signature.sign())})
                    .getEncoded(ASN1Encoding.DER);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("The JDK cannot make an EC P-256 certificate", e);
        }
    }
}
