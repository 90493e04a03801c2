package com.medialogis.dmp.connector;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A document as a DMP lists it (TD3.1). Codes are kept as the DMP sent them: a category or format
 * this program does not know is still listed.
 *
 * @param uniqueId the document's unique id
 * @param title its title
 * @param description its description, may be empty
 * @param categoryCode the LOINC code of its category ({@link #category()} when known)
 * @param formatCode the XDS format code of its body when it is one of {@link DocumentFormat}'s,
 *     else the name the DMP driver gives its format
 * @param confidentiality its confidentiality flags
 * @param status its status in the DMP
 * @param author who deposited it (national id, or name when the DMP gives one)
 * @param profession the author's profession code, or empty
 * @param specialty the author's specialty, when known
 * @param institution the author's institution, when known
 * @param created when it was written
 * @param deposited when it reached the DMP
 * @param replaces the unique id of the document it replaced, if any
 */
public record DocumentEntry(String uniqueId, String title, String description, String categoryCode, String formatCode,
        Set<Confidentiality> confidentiality, DocumentStatus status, String author, String profession,
        Optional<String> specialty, Optional<String> institution, Instant created, Instant deposited,
        Optional<String> replaces) {

    public DocumentEntry {
        Objects.requireNonNull(uniqueId, "uniqueId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(categoryCode, "categoryCode");
        Objects.requireNonNull(formatCode, "formatCode");
        confidentiality = Set.copyOf(confidentiality);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(profession, "profession");
        Objects.requireNonNull(specialty, "specialty");
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(deposited, "deposited");
        Objects.requireNonNull(replaces, "replaces");
    }

    /** @return the category, when its code is one of {@link Category}'s current or former codes */
    public Optional<Category> category() {
        return Category.ofCode(categoryCode);
    }
}
