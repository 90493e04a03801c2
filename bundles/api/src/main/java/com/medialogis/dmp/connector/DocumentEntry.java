package com.medialogis.dmp.connector;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A document as a DMP lists it (TD3.1).
 *
 * @param metadata what it was deposited with
 * @param status its status in the DMP
 * @param author the author's name
 * @param profession the author's profession
 * @param specialty the author's specialty, when known
 * @param institution the author's institution, when known
 * @param actDate when the care it reports took place, when known
 * @param created when it was written
 * @param deposited when it reached the DMP
 */
public record DocumentEntry(DocumentMetadata metadata, DocumentStatus status, String author, String profession,
        Optional<String> specialty, Optional<String> institution, Optional<Instant> actDate, Instant created,
        Instant deposited) {

    public DocumentEntry {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(profession, "profession");
        Objects.requireNonNull(specialty, "specialty");
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(actDate, "actDate");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(deposited, "deposited");
    }
}
