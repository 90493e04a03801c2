package com.medialogis.dmp.queue;

import com.medialogis.dmp.connector.AuthorRole;
import com.medialogis.dmp.connector.Category;
import com.medialogis.dmp.connector.Confidentiality;
import com.medialogis.dmp.connector.DocumentContent;
import com.medialogis.dmp.connector.DocumentFormat;
import com.medialogis.dmp.connector.PracticeSetting;
import com.medialogis.dmp.identity.Ins;
import java.util.Optional;
import java.util.Set;

/**
 * A document to deposit in a patient's DMP. The queue checks it (see
 * {@link DepositQueue#enqueue}) and gives it its DMP unique id.
 *
 * @param ins the patient's identifier, or empty when he has none (refused)
 * @param title the title
 * @param description the description, may be empty
 * @param category the category
 * @param format the body's format
 * @param authorRole the author's role
 * @param practiceSetting the care setting
 * @param confidentiality the confidentiality flags; empty for a document visible to all
 * @param replaces the unique id of the document this one replaces, if any
 * @param content the body, read when the request is stored (the queue keeps its own copy)
 */
public record DepositRequest(Optional<Ins> ins, String title, String description, Category category,
        DocumentFormat format, AuthorRole authorRole, PracticeSetting practiceSetting,
        Set<Confidentiality> confidentiality, Optional<String> replaces, DocumentContent content) {

    public DepositRequest {
        confidentiality = Set.copyOf(confidentiality);
    }

    /** Names the category and size only: no identifier reaches a log through this method. */
    @Override
    public String toString() {
        return "DepositRequest[" + category + ", " + (content == null ? 0 : content.size()) + " bytes]";
    }
}
