package com.medialogis.dmp.card.internal.health;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.card.CardReaders;
import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.CpsCategory;
import com.medialogis.dmp.card.CpsHolder;
import com.medialogis.dmp.card.PinOutcome;
import com.medialogis.dmp.card.Reader;
import com.medialogis.dmp.card.ReaderStatus;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.felix.hc.api.Result;
import org.junit.Test;

/** The card checks against a card service in each state it reports. */
public class CardChecksTest {

    private static CardReaders readers(ReaderStatus.State state, List<Reader> readers, Optional<CpsCard> cps) {
        return (CardReaders) Proxy.newProxyInstance(CardChecksTest.class.getClassLoader(), new Class<?>[] {CardReaders.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "status" -> new ReaderStatus(state, "pcscd is not running", Instant.parse("2026-11-29T08:00:00Z"));
                    case "readers" -> readers;
                    case "cps" -> cps;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static CpsCard cps(PinOutcome tries) {
        return (CpsCard) Proxy.newProxyInstance(CardChecksTest.class.getClassLoader(), new Class<?>[] {CpsCard.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "holder" -> Optional.of(new CpsHolder("DUPONT", "JEANNE", "899700000001", "Médecin", Optional.empty()));
                    case "category" -> CpsCategory.CPS;
                    case "isTest" -> true;
                    case "pinTries" -> tries;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static void assertResult(Result.Status status, String contains, Result result) {
        assertEquals(result.toString(), status, result.getStatus());
        assertTrue(result.toString(), result.toString().contains(contains));
    }

    @Test
    public void theReadersCheckIsUnavailableWhileStartingCriticalWithoutPcscAndNamesWhatEachReaderHolds() {
        assertResult(Result.Status.TEMPORARILY_UNAVAILABLE, "has not looked at the readers yet",
                new ReadersCheck(readers(ReaderStatus.State.STARTING, List.of(), Optional.empty())).execute());
        assertResult(Result.Status.CRITICAL, "to do: start it (systemctl start pcscd)",
                new ReadersCheck(readers(ReaderStatus.State.NO_SERVICE, List.of(), Optional.empty())).execute());
        assertResult(Result.Status.WARN, "no card reader",
                new ReadersCheck(readers(ReaderStatus.State.RUNNING, List.of(), Optional.empty())).execute());
        CpsCard card = cps(new PinOutcome(PinOutcome.Status.TRIES_LEFT, 3, ""));
        assertResult(Result.Status.OK, "Reader A: CPS (test card), Reader B: empty",
                new ReadersCheck(readers(ReaderStatus.State.RUNNING, List.of(new Reader("Reader A", Optional.of(card)),
                        new Reader("Reader B", Optional.empty())), Optional.of(card))).execute());
    }

    @Test
    public void theCpsCheckWarnsWithoutACardOrWithOneTryLeftAndIsCriticalForABlockedOne() {
        assertResult(Result.Status.WARN, "to do: insert the doctor's CPS",
                new CpsCheck(readers(ReaderStatus.State.RUNNING, List.of(), Optional.empty())).execute());
        assertResult(Result.Status.OK, "CPS (test card) of DUPONT JEANNE, 3 PIN tries left", check(3));
        assertResult(Result.Status.WARN, "one PIN try left", check(1));
        assertResult(Result.Status.CRITICAL, "is blocked", new CpsCheck(readers(ReaderStatus.State.RUNNING, List.of(),
                Optional.of(cps(new PinOutcome(PinOutcome.Status.BLOCKED, 0, "blocked"))))).execute());
    }

    private static Result check(int triesLeft) {
        return new CpsCheck(readers(ReaderStatus.State.RUNNING, List.of(),
                Optional.of(cps(new PinOutcome(PinOutcome.Status.TRIES_LEFT, triesLeft, ""))))).execute();
    }
}
