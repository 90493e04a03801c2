package com.medialogis.dmp.queue.internal.command;

import com.medialogis.dmp.identity.IdentityException;
import com.medialogis.dmp.queue.Deposit;
import com.medialogis.dmp.queue.DepositEvent;
import com.medialogis.dmp.queue.DepositQueue;
import com.medialogis.dmp.queue.DepositState;
import com.medialogis.dmp.queue.QueueException;
import com.medialogis.dmp.record.RecordException;
import com.medialogis.dmp.queue.QueueStats;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code queue:enqueue}, {@code queue:list}, {@code queue:show}, {@code queue:retry},
 * {@code queue:cancel} and {@code queue:stats}. They never throw: results go to the output, a
 * reason and the usage to the error stream.
 */
@Component(service = QueueCommands.class, property = {
    "osgi.command.scope=queue",
    "osgi.command.function=enqueue",
    "osgi.command.function=list",
    "osgi.command.function=show",
    "osgi.command.function=retry",
    "osgi.command.function=cancel",
    "osgi.command.function=stats"
})
public class QueueCommands {

    private static final int LISTED = 50;
    private static final String ENQUEUE_USAGE = "usage: queue:enqueue " + DepositArguments.WORDS;
    private static final String LIST_USAGE = "usage: queue:list [STATE]   (STATE: "
            + Arrays.stream(DepositState.values()).map(Enum::name).collect(Collectors.joining(", ")) + "; newest "
            + LISTED + " first)";

    private final DepositQueue queue;
    private final TypedIdentifiers identifiers;

    @Activate
    public QueueCommands(@Reference DepositQueue queue, @Reference TypedIdentifiers identifiers) {
        this.queue = queue;
        this.identifiers = identifiers;
    }

    @Descriptor("store a PDF or text file for deposit in the patient's DMP; it is sent as soon as the DMP can take it")
    public void enqueue(CommandSession session, String... args) {
        if (!DepositArguments.fit(args)) {
            System.err.println(ENQUEUE_USAGE);
            return;
        }
        try {
            Deposit deposit = queue.enqueue(DepositArguments.request(session, args, identifiers, queue.largestContent()));
            System.out.println("queued #" + deposit.id() + " (the queue's unique id " + deposit.uniqueId() + "), " + deposit.size()
                    + " bytes");
        } catch (IdentityException | IllegalArgumentException | IOException e) {
            System.err.println(e.getMessage());
            System.err.println(ENQUEUE_USAGE);
        } catch (QueueException e) {
            System.err.println("not queued: " + e.getMessage() + " [" + e.problem() + "]");
        } catch (RecordException e) {
            System.err.println(DepositArguments.recordsUnread("not queued", e));
        }
    }

    @Descriptor("the newest deposits, all or in one state")
    public void list(String... args) {
        Optional<DepositState> state;
        try {
            state = args.length == 0 ? Optional.empty()
                    : args.length == 1 ? Optional.of(DepositState.valueOf(args[0].toUpperCase(Locale.ROOT))) : null;
        } catch (IllegalArgumentException e) {
            state = null;
        }
        if (state == null) {
            System.err.println(LIST_USAGE);
            return;
        }
        try {
            List<Deposit> deposits = queue.list(state, LISTED);
            if (deposits.isEmpty()) {
                System.out.println("no deposit");
            }
            deposits.forEach(deposit -> System.out.println(line(deposit)));
        } catch (QueueException e) {
            System.err.println(e.getMessage());
        }
    }

    @Descriptor("one deposit and its history")
    public void show(String... args) {
        Long id = id(args, "usage: queue:show ID");
        if (id == null) {
            return;
        }
        try {
            Optional<Deposit> deposit = queue.deposit(id);
            if (deposit.isEmpty()) {
                System.err.println("no deposit #" + id);
                return;
            }
            Deposit shown = deposit.get();
            System.out.println(line(shown));
            System.out.println("  queue's unique id " + shown.uniqueId()
                    + shown.dmpUniqueId().map(dmp -> ", the DMP's " + dmp).orElse("") + ", patient " + shown.ins() + ", "
                    + shown.size() + " bytes");
            for (DepositEvent event : queue.history(id)) {
                System.out.println("  " + event.at() + "  " + event.state() + "  attempt " + event.attempt()
                        + (event.detail().isEmpty() ? "" : "  " + event.detail()));
            }
        } catch (QueueException e) {
            System.err.println(e.getMessage());
        }
    }

    @Descriptor("put a FAILED deposit back in the queue")
    public void retry(String... args) {
        change(args, "usage: queue:retry ID", queue::retry);
    }

    @Descriptor("cancel a QUEUED deposit: it will not be sent")
    public void cancel(String... args) {
        change(args, "usage: queue:cancel ID", queue::cancel);
    }

    /** A change a user makes to one deposit. */
    @FunctionalInterface
    private interface Change {
        Deposit apply(long id) throws QueueException;
    }

    private static void change(String[] args, String usage, Change change) {
        Long id = id(args, usage);
        if (id != null) {
            try {
                System.out.println(line(change.apply(id)));
            } catch (QueueException e) {
                System.err.println(e.getMessage());
            }
        }
    }

    @Descriptor("deposits per state, the oldest wait, deposits done in the last minute and hour, the worker, a failure of the queue's threads")
    public void stats(String... args) {
        if (args.length != 0) {
            System.err.println("usage: queue:stats");
            return;
        }
        try {
            QueueStats stats = queue.stats();
            System.out.println(Arrays.stream(DepositState.values()).map(state -> state + " " + stats.counts().get(state))
                    .collect(Collectors.joining(", ")));
            System.out.println("oldest queued: " + stats.oldestQueued().map(age -> age.toSeconds() + " s").orElse("none"));
            System.out.println("done in the last minute: " + stats.doneLastMinute() + ", in the last hour: " + stats.doneLastHour());
            System.out.println("worker: " + stats.worker());
            stats.failure().ifPresent(failure -> System.out.println("failing: " + failure));
        } catch (QueueException e) {
            System.err.println(e.getMessage());
        }
    }

    private static Long id(String[] args, String usage) {
        try {
            if (args.length == 1) {
                return Long.parseLong(args[0].startsWith("#") ? args[0].substring(1) : args[0]);
            }
        } catch (NumberFormatException e) {
            System.err.println("a deposit number, not '" + args[0] + "'");
        }
        System.err.println(usage);
        return null;
    }

    private static String line(Deposit deposit) {
        return "#" + deposit.id() + "  " + deposit.state() + "  attempts " + deposit.attempts() + "  " + deposit.enqueued()
                + "  " + deposit.category() + "  " + deposit.title()
                + (deposit.state() == DepositState.QUEUED ? deposit.due().map(due -> "  due " + due).orElse("") : "")
                + (deposit.outcome().isEmpty() ? "" : "  " + deposit.outcome());
    }
}
