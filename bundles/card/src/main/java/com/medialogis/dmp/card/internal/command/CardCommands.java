package com.medialogis.dmp.card.internal.command;

import com.medialogis.dmp.card.CardReaders;
import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.PinOutcome;
import com.medialogis.dmp.card.PinOutcome.Status;
import com.medialogis.dmp.card.PresentCard;
import com.medialogis.dmp.card.Reader;
import com.medialogis.dmp.card.ReaderStatus;
import com.medialogis.dmp.card.VitaleBeneficiary;
import com.medialogis.dmp.card.VitaleCard;
import com.medialogis.dmp.card.internal.CardKind;
import com.medialogis.dmp.support.secret.SecretPrompt;
import java.io.IOException;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code card:readers}, {@code card:list} and {@code card:pin}. They never throw: results go to
 * the output, a reason and the usage to the error stream. The PIN is read without echo, from the
 * console or through dmp-shell, and is never printed or logged.
 */
@Component(service = CardCommands.class, property = {
    "osgi.command.scope=card",
    "osgi.command.function=readers",
    "osgi.command.function=list",
    "osgi.command.function=pin"
})
public class CardCommands {

    private static final String PIN_USAGE = "usage: card:pin [--confirm-last-try]   (the PIN is asked without echo)";

    private final CardReaders readers;

    @Activate
    public CardCommands(@Reference CardReaders readers) {
        this.readers = readers;
    }

    @Descriptor("the card readers and the kind of card in each")
    public void readers(String... args) {
        if (args.length != 0) {
            System.err.println("usage: card:readers");
            return;
        }
        printStatus();
        for (Reader reader : readers.readers()) {
            System.out.println(reader.name() + ": " + reader.card().map(CardKind::of).orElse("empty"));
        }
    }

    @Descriptor("the cards: CPS holder and PIN tries, Vitale beneficiaries with their INS-C")
    public void list(String... args) {
        if (args.length != 0) {
            System.err.println("usage: card:list");
            return;
        }
        List<Reader> present = readers.readers();
        if (present.isEmpty()) {
            printStatus();
        }
        for (Reader reader : present) {
            System.out.println(reader.name() + ": " + reader.card().map(CardCommands::describe).orElse("empty"));
        }
    }

    @Descriptor("present the CPS PIN once; with one try left only with --confirm-last-try")
    public void pin(CommandSession session, String... args) {
        boolean confirmed = args.length == 1 && args[0].equals("--confirm-last-try");
        if (args.length > 1 || args.length == 1 && !confirmed) {
            System.err.println(PIN_USAGE);
            return;
        }
        CpsCard cps = readers.cps().orElse(null);
        if (cps == null) {
            System.err.println("no CPS in a reader");
            return;
        }
        PinOutcome tries = cps.pinTries();
        String refusal = tries.refusesPin(confirmed).orElse(null);
        if (refusal != null) {
            System.err.println(refusal + (tries.triesLeft() == 1 ? "; to spend it, card:pin --confirm-last-try" : ""));
            return;
        }
        char[] pin;
        try {
            pin = SecretPrompt.read(session, "PIN: ", CpsCard.LONGEST_PIN + 1);
        } catch (IOException e) {
            System.err.println("the PIN could not be read: " + e.getMessage());
            return;
        }
        if (pin == null) {
            System.err.println("no PIN given: the card was not tried");
            return;
        }
        PinOutcome outcome = cps.verifyPin(pin, confirmed);
        if (outcome.status() == Status.VERIFIED) {
            System.out.println("PIN verified");
        } else {
            System.err.println(outcome.detail());
        }
    }

    private void printStatus() {
        ReaderStatus status = readers.status();
        System.out.println("card readers: " + status.state() + " (" + status.detail() + ") since " + status.since());
    }

    private static String describe(PresentCard card) {
        if (card instanceof CpsCard cps) {
            return CardKind.of(cps) + " " + cps.holder().map(holder -> holder.name() + " " + holder.firstName()
                    + ", national id " + holder.nationalId() + ", profession " + holder.profession()
                    + ", specialty " + holder.specialty().orElse("unknown")).orElse("(holder read with the PIN: card:pin)")
                    + cps.cardNumber().map(number -> ", card " + number).orElse("")
                    + "; " + cps.pinTries().detail();
        }
        if (card instanceof VitaleCard vitale) {
            StringBuilder text = new StringBuilder("Vitale card, " + vitale.beneficiaries().size() + " beneficiaries");
            vitale.beneficiaries().forEach(beneficiary -> text.append(System.lineSeparator()).append("  ")
                    .append(describe(beneficiary)));
            return text.toString();
        }
        return CardKind.of(card);
    }

    private static String describe(VitaleBeneficiary beneficiary) {
        var traits = beneficiary.traits();
        return traits.name() + " " + traits.firstName() + ", born "
                + traits.birthDate() + ", rank " + (traits.birthRank() == 0 ? "unknown" : traits.birthRank())
                + ", quality " + (traits.quality().isEmpty() ? "unknown" : traits.quality()) + ": "
                + beneficiary.insc().map(ins -> "INS-C " + ins.value()).orElse("no INS-C (" + beneficiary.noInscReason() + ")");
    }
}
