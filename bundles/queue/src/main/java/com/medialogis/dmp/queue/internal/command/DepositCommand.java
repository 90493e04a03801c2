package com.medialogis.dmp.queue.internal.command;

import com.medialogis.dmp.identity.IdentityException;
import com.medialogis.dmp.queue.Deposit;
import com.medialogis.dmp.queue.DepositQueue;
import com.medialogis.dmp.queue.QueueException;
import com.medialogis.dmp.record.RecordException;
import java.io.IOException;
import java.time.Duration;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code dmp:deposit}: "deposit now" as the practice program's button does it, through the queue
 * (the same refusals, the same history, the same single send), waiting for the DMP's answer. It
 * never throws: the answer goes to the output, a refusal or a wait that ended first to the error
 * stream.
 */
@Component(service = DepositCommand.class, property = {
    "osgi.command.scope=dmp",
    "osgi.command.function=deposit"
})
public class DepositCommand {

    private static final String USAGE = "usage: dmp:deposit " + DepositArguments.WORDS;
    /** The longest wait for the DMP's answer; a deposit not answered by then goes on in the queue. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final DepositQueue queue;
    private final TypedIdentifiers identifiers;

    @Activate
    public DepositCommand(@Reference DepositQueue queue, @Reference TypedIdentifiers identifiers) {
        this.queue = queue;
        this.identifiers = identifiers;
    }

    private String worker() {
        try {
            return "the queue's worker is " + queue.stats().worker();
        } catch (QueueException e) {
            return "the queue's worker could not be asked (" + e.getMessage() + ")";
        }
    }

    @Descriptor("deposit a PDF or text file in the patient's DMP now, through the queue, visible to all, this doctor its author")
    public void deposit(CommandSession session, String... args) {
        if (!DepositArguments.fit(args)) {
            System.err.println(USAGE);
            return;
        }
        try {
            Deposit deposit = queue.depositNow(DepositArguments.request(session, args, identifiers, queue.largestContent()), WAIT);
            String number = "#" + deposit.id();
            switch (deposit.state()) {
                case DONE -> System.out.println("deposited " + deposit.dmpUniqueId().orElse("(its unique id was not recorded)")
                        + " (" + number + "): " + deposit.outcome());
                case FAILED -> System.err.println("refused: " + deposit.outcome() + " (" + number + ", queue:show " + deposit.id() + ")");
                default -> System.err.println("not deposited yet: "
                        + (deposit.attempts() == 0 ? "not tried, " + worker() : deposit.outcome())
                        + "; it stays in the queue as " + number + " and is sent as soon as the DMP can take it"
                        + " (queue:show " + deposit.id() + ", queue:cancel " + deposit.id() + ")");
            }
        } catch (IdentityException | IllegalArgumentException | IOException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
        } catch (QueueException e) {
            System.err.println("not deposited: " + e.getMessage() + " [" + e.problem() + "]");
        } catch (RecordException e) {
            System.err.println(DepositArguments.recordsUnread("not deposited", e));
        }
    }
}
