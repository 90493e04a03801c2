package com.medialogis.dmp.record;

import com.medialogis.dmp.connector.Category;
import com.medialogis.dmp.queue.DepositState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A letter or document of the practice sent to the DMP: what the "sent" icon's label shows.
 *
 * @param id its number in the records
 * @param patientId the practice's number of the patient
 * @param documentId the practice program's number of the letter or document
 * @param depositId the deposit's number in the queue
 * @param title the title sent
 * @param description the description sent, may be empty
 * @param category the category sent
 * @param requested when it was given to the queue
 * @param state the deposit's state when last seen
 * @param finished when the DMP took it, or refused it
 * @param dmpUniqueId the document's unique id in the DMP, once it holds it
 * @param outcome the queue's last word on it
 */
public record SentDocument(long id, String patientId, String documentId, long depositId, String title, String description,
        Category category, Instant requested, DepositState state, Optional<Instant> finished, Optional<String> dmpUniqueId,
        String outcome) {

    public SentDocument {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(finished, "finished");
        Objects.requireNonNull(dmpUniqueId, "dmpUniqueId");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** Names no title: a letter's title may name the patient. */
    @Override
    public String toString() {
        return "SentDocument[#" + id + ", deposit #" + depositId + ", " + state + "]";
    }
}
