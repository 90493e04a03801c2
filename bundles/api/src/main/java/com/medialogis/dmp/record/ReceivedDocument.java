package com.medialogis.dmp.record;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A DMP document transferred into a patient's record: what the "received" icon's label shows.
 *
 * @param id its number in the records
 * @param patientId the practice's number of the patient it was filed under
 * @param dmpUniqueId its unique id in the DMP: a document is received once
 * @param title its title in the DMP
 * @param description its description in the DMP, may be empty
 * @param categoryCode its category's code (LOINC) in the DMP
 * @param formatCode its format's code in the DMP
 * @param dated its date in the DMP (its creation), at which the record shows it
 * @param deposited when it was deposited in the DMP
 * @param received when it was transferred
 * @param size its size in bytes
 * @param replaces the unique id of the document it replaces in the DMP, if any
 * @param replacedBy the unique id of a received document that replaces it, if any
 */
public record ReceivedDocument(long id, String patientId, String dmpUniqueId, String title, String description,
        String categoryCode, String formatCode, Instant dated, Instant deposited, Instant received, long size,
        Optional<String> replaces, Optional<String> replacedBy) {

    public ReceivedDocument {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(dmpUniqueId, "dmpUniqueId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(categoryCode, "categoryCode");
        Objects.requireNonNull(formatCode, "formatCode");
        Objects.requireNonNull(dated, "dated");
        Objects.requireNonNull(deposited, "deposited");
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(replaces, "replaces");
        Objects.requireNonNull(replacedBy, "replacedBy");
    }

    /** Names no title: a document's title may name the patient. */
    @Override
    public String toString() {
        return "ReceivedDocument[#" + id + ", " + size + " bytes]";
    }
}
