package com.medialogis.dmp.queue.internal.command;

import com.medialogis.dmp.connector.AuthorRole;
import com.medialogis.dmp.connector.Category;
import com.medialogis.dmp.connector.PracticeSetting;
import com.medialogis.dmp.identity.IdentityException;
import com.medialogis.dmp.queue.DepositRequest;
import com.medialogis.dmp.record.RecordException;
import com.medialogis.dmp.support.command.DocumentFile;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.apache.felix.service.command.CommandSession;

/**
 * The words {@code queue:enqueue} and {@code dmp:deposit} take: a PDF or text file, the patient's
 * identifier, a category, an optional title, and the unique id of a document of this doctor's the
 * deposit replaces, if it is a new version (the replaced document, once deposited, has the unique id
 * the DMP gave it: a new version is never sent before the document it replaces). The document is
 * visible to all, this doctor its main author, in ambulatory care.
 */
final class DepositArguments {

    static final String WORDS = "FILE IDENTIFIER CATEGORY [TITLE] [--replaces UNIQUE_ID]   (FILE: .pdf or .txt;"
            + " UNIQUE_ID: the DMP's, of the document this one is a new version of)";
    private static final String REPLACES = "--replaces";

    private DepositArguments() {}

    /** @return whether there are as many words as a deposit takes, {@code --replaces} only before the last one */
    static boolean fit(String[] args) {
        String[] words = described(args);
        return words.length >= 3 && words.length <= 4 && Arrays.stream(words).noneMatch(REPLACES::equals);
    }

    /** @return the words describing the document, without {@code --replaces} and its unique id */
    private static String[] described(String[] args) {
        boolean replacing = args.length >= 2 && args[args.length - 2].equals(REPLACES);
        return replacing ? Arrays.copyOf(args, args.length - 2) : args;
    }

    /**
     * @param largest the queue's largest content: a larger file is refused before it is read
     * @throws IOException naming what is wrong with the file
     * @throws IdentityException naming what is wrong with the identifier
     * @throws IllegalArgumentException for an unknown category, naming the known ones
     */
    static DepositRequest request(CommandSession session, String[] args, TypedIdentifiers identifiers, long largest)
            throws IOException, IdentityException, RecordException {
        String[] words = described(args);
        Optional<String> replaces = words.length == args.length ? Optional.empty() : Optional.of(args[args.length - 1]);
        DocumentFile document = DocumentFile.read(session.currentDir().resolve(words[0]), largest);
        return new DepositRequest(Optional.of(identifiers.identifier(words[1])), words.length == 4 ? words[3] : document.title(),
                "", Category.parse(words[2]), document.format(), AuthorRole.ACTEUR_PRINCIPAL, PracticeSetting.AMBULATOIRE,
                Set.of(), replaces, document.content());
    }

    /** @param refused what was not done: "not deposited", "not queued" */
    static String recordsUnread(String refused, RecordException e) {
        return refused + ": the practice's records, which keep the identity's status, could not be read: " + e.getMessage()
                + " [" + e.problem() + "]";
    }
}
