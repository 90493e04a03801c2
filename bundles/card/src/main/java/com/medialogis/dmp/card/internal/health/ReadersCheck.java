package com.medialogis.dmp.card.internal.health;

import static com.medialogis.dmp.support.health.Checks.ok;
import static com.medialogis.dmp.support.health.Checks.problem;

import com.medialogis.dmp.card.CardReaders;
import com.medialogis.dmp.card.Reader;
import com.medialogis.dmp.card.ReaderStatus;
import com.medialogis.dmp.card.internal.CardKind;
import com.medialogis.dmp.support.health.Checks;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The reader subsystem: PC/SC reachable, the readers and what they hold. */
@Component(service = HealthCheck.class, property = {
    HealthCheck.NAME + "=Card readers",
    HealthCheck.TAGS + "=" + Checks.DMP,
    HealthCheck.TAGS + "=" + Checks.CARDS,
    HealthCheck.TAGS + "=" + Checks.READY
})
public class ReadersCheck implements HealthCheck {

    private final CardReaders readers;

    @Activate
    public ReadersCheck(@Reference CardReaders readers) {
        this.readers = readers;
    }

    @Override
    public Result execute() {
        ReaderStatus status = readers.status();
        return switch (status.state()) {
            case STARTING -> problem(Result.Status.TEMPORARILY_UNAVAILABLE, "the card service has not looked at the readers yet",
                    "wait a moment");
            case NO_SERVICE -> problem(Result.Status.CRITICAL, "the PC/SC service cannot be reached since " + status.since()
                    + ": " + status.detail(), "start it (systemctl start pcscd); the readers are looked for again every second");
            case RUNNING -> running(readers.readers());
        };
    }

    private static Result running(List<Reader> readers) {
        if (readers.isEmpty()) {
            return problem(Result.Status.WARN, "no card reader", "plug in the reader of the CPS and of the Vitale card");
        }
        return ok(readers.stream().map(reader -> reader.name() + ": " + reader.card().map(CardKind::of).orElse("empty"))
                .collect(Collectors.joining(", ")));
    }
}
