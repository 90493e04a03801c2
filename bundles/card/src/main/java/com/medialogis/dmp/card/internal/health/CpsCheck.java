package com.medialogis.dmp.card.internal.health;

import static com.medialogis.dmp.support.health.Checks.ok;
import static com.medialogis.dmp.support.health.Checks.problem;

import com.medialogis.dmp.card.CardReaders;
import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.PinOutcome;
import com.medialogis.dmp.card.internal.CardKind;
import com.medialogis.dmp.support.health.Checks;
import java.util.Optional;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The doctor's CPS: in a reader, not blocked, and how many PIN tries it has left (read without spending one). */
@Component(service = HealthCheck.class, property = {
    HealthCheck.NAME + "=CPS",
    HealthCheck.TAGS + "=" + Checks.DMP,
    HealthCheck.TAGS + "=" + Checks.CARDS
})
public class CpsCheck implements HealthCheck {

    private final CardReaders readers;

    @Activate
    public CpsCheck(@Reference CardReaders readers) {
        this.readers = readers;
    }

    @Override
    public Result execute() {
        Optional<CpsCard> present = readers.cps();
        if (present.isEmpty()) {
            return problem(Result.Status.WARN, "no CPS in a reader", "insert the doctor's CPS to open a DMP session");
        }
        CpsCard cps = present.get();
        String card = CardKind.of(cps) + " of " + CardKind.holderName(cps);
        PinOutcome tries = cps.pinTries();
        return switch (tries.status()) {
            case TRIES_LEFT -> tries.triesLeft() == 1
                    ? problem(Result.Status.WARN, card + ": one PIN try left", "type the PIN with care:"
                            + " a wrong one blocks the card (dmp:session open --confirm-last-try)")
                    : ok(card + ", " + tries.triesLeft() + " PIN tries left");
            case BLOCKED -> problem(Result.Status.CRITICAL, card + " is blocked: no PIN try left",
                    "the doctor has it unblocked with its unblocking code, or orders a new card");
            case CARD_REMOVED -> problem(Result.Status.WARN, "the CPS was removed while it was read", "insert it again");
            default -> problem(Result.Status.CRITICAL, card + ": " + tries.detail(), "insert it again; if it fails again,"
                    + " try another reader");
        };
    }
}
