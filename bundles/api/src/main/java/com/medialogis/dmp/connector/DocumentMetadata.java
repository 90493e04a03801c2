package com.medialogis.dmp.connector;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What describes a document deposited in a DMP (TD2.1).
 *
 * <p>The DMP gives the document its unique id when it takes it ({@link DepositReceipt}): the
 * published Efficience API takes none from the sender.
 *
 * @param title the title, required
 * @param description the description, may be empty
 * @param category the category
 * @param format the body's format
 * @param authorRole the author's role
 * @param practiceSetting the care setting
 * @param confidentiality the confidentiality flags; empty for a document visible to all
 * @param replaces the unique id of the document this one replaces (RPLC), if any
 */
public record DocumentMetadata(String title, String description, Category category,
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
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("A document needs a title");
        }
    }
}
