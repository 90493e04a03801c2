package com.medialogis.dmp.queue.internal.command;

import com.medialogis.dmp.connector.AuthorRole;
import com.medialogis.dmp.connector.Category;
import com.medialogis.dmp.connector.PracticeSetting;
import com.medialogis.dmp.identity.IdentityException;
import com.medialogis.dmp.identity.InsCalculator;
import com.medialogis.dmp.queue.DepositRequest;
import com.medialogis.dmp.support.command.DocumentFile;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.apache.felix.service.command.CommandSession;

/**
 * The words {@code queue:enqueue} and {@code dmp:deposit} take: a PDF or text file, the patient's
 * identifier, a category and an optional title. The document is visible to all, this doctor its
 * main author, in ambulatory care.
 */
final class DepositArguments {

    static final String WORDS = "FILE IDENTIFIER CATEGORY [TITLE]   (FILE: .pdf or .txt)";

    private DepositArguments() {}

    /** @return whether there are as many words as a deposit takes */
    static boolean fit(String[] args) {
        return args.length >= 3 && args.length <= 4;
    }

    /**
     * @param largest the queue's largest content: a larger file is refused before it is read
     * @throws IOException naming what is wrong with the file
     * @throws IdentityException naming what is wrong with the identifier
     * @throws IllegalArgumentException for an unknown category, naming the known ones
     */
    static DepositRequest request(CommandSession session, String[] args, InsCalculator calculator, long largest)
            throws IOException, IdentityException {
        DocumentFile document = DocumentFile.read(session.currentDir().resolve(args[0]), largest);
        return new DepositRequest(Optional.of(calculator.identifier(args[1])), args.length == 4 ? args[3] : document.title(),
                "", Category.parse(args[2]), document.format(), AuthorRole.ACTEUR_PRINCIPAL, PracticeSetting.AMBULATOIRE,
                Set.of(), Optional.empty(), document.content());
    }
}
