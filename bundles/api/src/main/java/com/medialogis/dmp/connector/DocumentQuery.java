package com.medialogis.dmp.connector;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to look for in a DMP (TD3.1). Empty sets and dates mean "any".
 *
 * @param categories the categories wanted
 * @param from documents created on or after this day
 * @param to documents created on or before this day
 * @param statuses the statuses wanted; empty means approved only, as the DMP does
 */
public record DocumentQuery(Set<Category> categories, Optional<LocalDate> from, Optional<LocalDate> to,
        Set<DocumentStatus> statuses) {

    /** Every approved document. */
    public static final DocumentQuery ALL = new DocumentQuery(Set.of(), Optional.empty(), Optional.empty(), Set.of());

    /** Every status a DMP lists a document in: approved, archived and deprecated (replaced). */
    public static final Set<DocumentStatus> EVERY_STATUS = Set.of(DocumentStatus.APPROVED, DocumentStatus.ARCHIVED,
            DocumentStatus.DEPRECATED);

    public DocumentQuery {
        categories = Set.copyOf(categories);
        statuses = Set.copyOf(statuses);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new IllegalArgumentException("The search starts on " + from.get() + ", after its end " + to.get());
        }
    }
}
