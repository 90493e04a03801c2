package com.medialogis.dmp.connector;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What describes a document deposited in a DMP (TD2.1).
 *
 * @param uniqueId the document's DMP unique id, chosen by the sender and kept across retries, so
 *     that a document reaches the DMP once
 * @param title the title, required
 * @param description the description, may be empty
 * @param category the category
 * @param format the body's format
 * @param authorRole the author's role
 * @param practiceSetting the care setting
 * @param confidentiality the confidentiality flags; empty for a document visible to all
 * @param replaces the unique id of the document this one replaces (RPLC), if any
 */
public record DocumentMetadata(String uniqueId, String title, String description, Category category,
        DocumentFormat format, AuthorRole authorRole, PracticeSetting practiceSetting,
        Set<Confidentiality> confidentiality, Optional<String> replaces) {

    public DocumentMetadata {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(authorRole, "authorRole");
        Objects.requireNonNull(practiceSetting, "practiceSetting");
        Objects.requireNonNull(replaces, "replaces");
        confidentiality = Set.copyOf(confidentiality);
        if (uniqueId == null || uniqueId.isBlank()) {
            throw new IllegalArgumentException("A document needs its unique id");
        }
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("A document needs a title");
        }
    }

    /**
     * @return a new document unique id: an OID under {@code 2.25} made of a random UUID (ITU-T
     *     X.667), as XDS wants, at most 44 characters
     */
    public static String newUniqueId() {
        return uniqueId(UUID.randomUUID());
    }

    static String uniqueId(UUID uuid) {
        byte[] bits = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
        return "2.25." + new BigInteger(1, bits);
    }
}
