package com.medialogis.dmp.bridge.internal.licence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Médialogis licence codes: {@code MDL1.<content>.<signature>}, the content a JSON document
 * (practice, options, issue and expiry dates, the signing key's id) and the signature an Ed25519
 * signature (Bouncy Castle) of {@code MDL1.<content>}, both in base64url. The keys the bridge
 * trusts are listed in its {@code licence-keys.txt}: a key of kind {@code demo} signs
 * demonstration licences only; the vendor adds the public key of its own pair there
 * ({@code bin/dmp-licence keypair} prints the line).
 */
public final class LicenceCodes {

    static final String PREFIX = "MDL1.";
    /** The longest code read: a few options make a code of a few hundred characters. */
    static final int LONGEST_CODE = 4096;

    /** What a check found. */
    public enum Verdict {
        VALID, MISSING, MALFORMED, FOREIGN, TAMPERED, EXPIRED, OTHER_PRACTICE
    }

    /**
     * @param licence the licence read, when its signature is good (even if expired or another practice's)
     * @param detail why, in English, for support
     */
    public record Check(Verdict verdict, Optional<Licence> licence, String detail) {}

    /** A public key the bridge trusts. */
    record TrustedKey(String kind, byte[] publicKey) {}

    /** The content of a code, as signed. */
    record Content(String practice, List<String> options, String issued, String expires, String key) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final Map<String, TrustedKey> trusted;

    LicenceCodes(Map<String, TrustedKey> trusted) {
        this.trusted = Map.copyOf(trusted);
    }

    /** @return the checker of the keys listed in the bundle's {@code licence-keys.txt} */
    public static LicenceCodes shipped() {
        try (InputStream in = LicenceCodes.class.getResourceAsStream("licence-keys.txt")) {
            if (in == null) {
                throw new IllegalStateException("licence-keys.txt is missing from the bridge bundle");
            }
            Map<String, TrustedKey> keys = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] fields = trimmed.split("\\s+");
                byte[] key = fields.length == 3 ? Base64.getDecoder().decode(fields[2]) : new byte[0];
                if (key.length != Ed25519PublicKeyParameters.KEY_SIZE || !keyId(key).equals(fields[1])) {
                    throw new IllegalStateException("licence-keys.txt: a line is not 'kind key-id base64-public-key'");
                }
                keys.put(fields[1], new TrustedKey(fields[0], key));
            }
            return new LicenceCodes(keys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the key's id: the first 8 bytes of its SHA-256, in hexadecimal */
    static String keyId(byte[] publicKey) {
        try {
            return HexFormat.of().formatHex(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(publicKey), 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * @param practice the practice this container serves, as configured; empty accepts any
     * @param today the day in France
     */
    public Check check(String code, String practice, LocalDate today) {
        if (code == null || code.isBlank()) {
            return new Check(Verdict.MISSING, Optional.empty(), "no licence code is configured");
        }
        String trimmed = code.strip();
        String[] parts = trimmed.split("\\.", -1);
        if (trimmed.length() > LONGEST_CODE || parts.length != 3 || !trimmed.startsWith(PREFIX)) {
            return malformed("not a licence code: MDL1.<content>.<signature> expected");
        }
        byte[] content;
        byte[] signature;
        try {
            content = DECODER.decode(parts[1]);
            signature = DECODER.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return malformed("a part of the code is not base64url: " + e.getMessage());
        }
        Content read;
        try {
            read = JSON.readValue(content, Content.class);
        } catch (IOException e) {
            return malformed("the code's content is not a licence: " + (e instanceof JsonProcessingException json
                    ? json.getOriginalMessage() : e.getMessage()));
        }
        if (read.key() == null || read.practice() == null || read.options() == null || read.issued() == null || read.expires() == null) {
            return malformed("the code's content lacks practice, options, issued, expires or key");
        }
        TrustedKey key = trusted.get(read.key());
        if (key == null) {
            return new Check(Verdict.FOREIGN, Optional.empty(), "signed with key " + read.key() + ", which is not a Médialogis key");
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(key.publicKey(), 0));
        byte[] signed = (PREFIX + parts[1]).getBytes(StandardCharsets.US_ASCII);
        verifier.update(signed, 0, signed.length);
        if (!verifier.verifySignature(signature)) {
            return new Check(Verdict.TAMPERED, Optional.empty(), "the signature does not match the content: the code was changed");
        }
        Licence licence;
        try {
            licence = new Licence(read.practice(), Set.copyOf(read.options()), LocalDate.parse(read.issued()),
                    LocalDate.parse(read.expires()), "demo".equals(key.kind()));
        } catch (DateTimeParseException | NullPointerException e) {
            return malformed("a date of the code is not a date: " + e.getMessage());
        }
        if (today.isAfter(licence.expires())) {
            return new Check(Verdict.EXPIRED, Optional.of(licence), "expired on " + licence.expires());
        }
        if (!practice.isBlank() && !licence.demo() && !practice.strip().equals(licence.practice())) {
            return new Check(Verdict.OTHER_PRACTICE, Optional.of(licence), "issued for practice " + licence.practice()
                    + ", not " + practice.strip());
        }
        return new Check(Verdict.VALID, Optional.of(licence), (licence.demo() ? "demonstration licence" : "licence") + " of "
                + licence.practice() + " until " + licence.expires());
    }

    private static Check malformed(String detail) {
        return new Check(Verdict.MALFORMED, Optional.empty(), detail);
    }

    /** @return a code for the licence, signed with the private key (32 bytes), for the vendor's tool and the tests */
    static String issue(Licence licence, byte[] privateKey) {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(privateKey, 0);
        byte[] content;
        try {
            content = JSON.writeValueAsBytes(new Content(licence.practice(), licence.options().stream().sorted().toList(),
                    licence.issued().toString(), licence.expires().toString(), keyId(key.generatePublicKey().getEncoded())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a licence's content is always JSON", e);
        }
        String signed = PREFIX + ENCODER.encodeToString(content);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        byte[] bytes = signed.getBytes(StandardCharsets.US_ASCII);
        signer.update(bytes, 0, bytes.length);
        return signed + "." + ENCODER.encodeToString(signer.generateSignature());
    }
}
