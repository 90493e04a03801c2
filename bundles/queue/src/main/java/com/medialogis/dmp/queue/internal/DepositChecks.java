package com.medialogis.dmp.queue.internal;

import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsSystem;
import com.medialogis.dmp.queue.DepositRequest;
import com.medialogis.dmp.queue.QueueException.Problem;
import com.medialogis.dmp.queue.QueueException;
import com.medialogis.dmp.support.ids.Oids;
import java.util.Optional;

/** What is refused at the door, before anything is stored. */
final class DepositChecks {

    static final int LONGEST_TITLE = 255;
    static final int LONGEST_DESCRIPTION = 2000;

    /** A request that passed the checks, with its identifier, and its document copied under its new DMP unique id. */
    record Checked(DepositRequest request, Ins ins, DocumentFiles.Copy copy) {}

    private DepositChecks() {}

    /**
     * @return why no document is sent for this identifier: an INS (INS-NIR, INS-NIA) whose identity
     *     is not qualified; empty for a qualified INS or an INS-C
     */
    static Optional<String> notQualified(Ins ins) {
        if (ins.system() == InsSystem.INS_C || ins.status() == Ins.Status.QUALIFIED) {
            return Optional.empty();
        }
        return Optional.of("the patient's INS is " + ins.status() + ": the DMP takes documents only for a qualified identity"
                + " (its INS returned by INSi and its traits checked on an identity document); qualify the identity, then deposit");
    }

    /** @return the patient's identifier, once the request is known to be acceptable */
    static Ins check(DepositRequest request, long largest) throws QueueException {
        if (request.content() == null || request.content().size() == 0) {
            throw new QueueException(Problem.EMPTY_CONTENT, "the document is empty");
        }
        if (request.content().size() > largest) {
            throw new QueueException(Problem.TOO_LARGE, "the document has " + request.content().size()
                    + " bytes; at most " + largest + " are deposited");
        }
        if (request.ins() == null || request.ins().isEmpty()) {
            throw new QueueException(Problem.NO_IDENTIFIER, "the patient has no identifier (INS or INS-C): no DMP deposit");
        }
        Ins ins = request.ins().get();
        Optional<String> notQualified = notQualified(ins);
        if (notQualified.isPresent()) {
            throw new QueueException(Problem.IDENTITY_NOT_QUALIFIED, notQualified.get());
        }
        if (request.category() == null || request.format() == null || request.authorRole() == null
                || request.practiceSetting() == null || request.replaces() == null || request.description() == null) {
            throw new QueueException(Problem.INVALID_REQUEST, "a deposit needs its category, format, author role,"
                    + " care setting and description (which may be empty)");
        }
        if (request.title() == null || request.title().isBlank() || request.title().length() > LONGEST_TITLE) {
            throw new QueueException(Problem.INVALID_REQUEST, "a deposit needs a title of 1 to " + LONGEST_TITLE + " characters");
        }
        if (request.description().length() > LONGEST_DESCRIPTION) {
            throw new QueueException(Problem.INVALID_REQUEST, "a description has at most " + LONGEST_DESCRIPTION + " characters");
        }
        if (request.replaces().map(replaced -> replaced.isBlank() || replaced.length() > Oids.LONGEST_DMP_UNIQUE_ID)
                .orElse(false)) {
            throw new QueueException(Problem.INVALID_REQUEST, "the replaced document's unique id, the DMP's, has 1 to "
                    + Oids.LONGEST_DMP_UNIQUE_ID + " characters");
        }
        return ins;
    }
}
