package com.medialogis.dmp.status.internal.command;

import com.medialogis.dmp.card.CardReaders;
import com.medialogis.dmp.card.VitaleCard;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DmpConnector;
import com.medialogis.dmp.connector.InsIdentity;
import com.medialogis.dmp.connector.InsLookupResult;
import com.medialogis.dmp.connector.InsTraits;
import com.medialogis.dmp.connector.InsVerification;
import com.medialogis.dmp.identity.IdentityException;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsCalculator;
import com.medialogis.dmp.identity.InsSystem;
import com.medialogis.dmp.status.internal.CachedDmpStatus;
import com.medialogis.dmp.support.command.Refusals;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code ins:lookup} and {@code ins:verify}: the INSi teleservice through the connector in use,
 * beside the identity bundle's {@code ins:nir} and {@code ins:insc}. They print the traits INSi
 * gives, for the person at the console, and never log them. They never throw: results go to the
 * output, a reason and the usage to the error stream. The connector is bound as every consumer
 * binds it (optional, dynamic, greedy, {@code connector.target} from the status service's configuration).
 */
@Component(service = InsiCommands.class, configurationPid = CachedDmpStatus.PID, property = {
    "osgi.command.scope=ins",
    "osgi.command.function=lookup",
    "osgi.command.function=verify"
})
public class InsiCommands {

    private static final String LOOKUP_USAGE = "usage: ins:lookup --vitale N | BIRTHNAME FIRSTNAMES M|F YYYY-MM-DD [BIRTHPLACE]"
            + "   (N: the beneficiary's place on the Vitale card in the reader, from 1; quote names with spaces)";
    private static final String VERIFY_USAGE = "usage: ins:verify INS OID BIRTHNAME FIRSTNAMES M|F YYYY-MM-DD [BIRTHPLACE]"
            + "   (INS: 15 characters with its key)";

    private final InsCalculator calculator;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DmpConnector connector;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CardReaders cards;

    @Activate
    public InsiCommands(@Reference InsCalculator calculator) {
        this.calculator = calculator;
    }

    @Descriptor("looks up a patient's INS and reference traits through INSi: from a beneficiary of the Vitale card in the reader,"
            + " or from typed traits")
    public void lookup(String... args) {
        boolean fromCard = args.length == 2 && args[0].equals("--vitale");
        if (!fromCard && (args.length < 4 || args.length > 5 || args[0].startsWith("-"))) {
            System.err.println(LOOKUP_USAGE);
            return;
        }
        try {
            InsLookupResult result = fromCard ? fromCard(args[1]) : current().insFromTraits(traits(args, 0));
            switch (result.outcome()) {
                case FOUND -> System.out.println(describe(result.identity().orElseThrow()));
                case NOT_FOUND -> System.out.println("no identity found by INSi");
                case SEVERAL -> System.out.println("several identities found by INSi, which gives none of them: give the birthplace");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(LOOKUP_USAGE);
        } catch (ConnectorException e) {
            System.err.println(Refusals.describe(e));
        }
    }

    private InsLookupResult fromCard(String place) throws ConnectorException {
        int beneficiary;
        try {
            beneficiary = Integer.parseInt(place);
        } catch (NumberFormatException e) {
            beneficiary = 0;
        }
        if (beneficiary < 1) {
            throw new IllegalArgumentException("a beneficiary's place on the card is a number from 1, not '" + place + "'");
        }
        CardReaders readers = cards;
        Optional<VitaleCard> card = readers == null ? Optional.empty() : readers.vitale();
        if (card.isEmpty()) {
            throw new IllegalArgumentException("no Vitale card in a reader: insert it, or give the traits");
        }
        return current().insFromVitaleCard(card.get().reader(), beneficiary - 1);
    }

    @Descriptor("checks a stored INS with its traits through INSi: prints 'confirmed by INSi', or INSi's reason")
    public void verify(String... args) {
        if (args.length < 6 || args.length > 7) {
            System.err.println(VERIFY_USAGE);
            return;
        }
        String matricule = args[0].replace(" ", "");
        Optional<InsSystem> system = InsSystem.ofOid(args[1]).filter(known -> known != InsSystem.INS_C);
        if (matricule.length() != 15 || system.isEmpty()) {
            System.err.println(matricule.length() != 15 ? "an INS has 15 characters with its key, not " + matricule.length()
                    : "'" + args[1] + "' is not the OID of an INS system: one of "
                            + Arrays.stream(InsSystem.values()).filter(known -> known != InsSystem.INS_C).map(InsSystem::oid).toList());
            System.err.println(VERIFY_USAGE);
            return;
        }
        try {
            Ins ins = new Ins(calculator.nir(matricule).value(), system.get(), Ins.Status.RETRIEVED);
            InsVerification verification = current().verifyIns(new InsIdentity(ins, traits(args, 2)));
            if (verification.confirmed()) {
                System.out.println("confirmed by INSi");
            } else {
                System.err.println("not confirmed: " + verification.reason());
            }
        } catch (IdentityException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(VERIFY_USAGE);
        } catch (ConnectorException e) {
            System.err.println(Refusals.describe(e));
        }
    }

    /** The traits from the words at {@code from}: birth name, first names, M or F, the birth date, and the birthplace if given. */
    private static InsTraits traits(String[] args, int from) {
        InsTraits.Sex sex = switch (args[from + 2].toUpperCase(Locale.ROOT)) {
            case "M" -> InsTraits.Sex.MALE;
            case "F" -> InsTraits.Sex.FEMALE;
            default -> throw new IllegalArgumentException("the sex is M or F, not '" + args[from + 2] + "'");
        };
        return new InsTraits(args[from], args[from + 1], sex, args[from + 3],
                args.length > from + 4 ? Optional.of(args[from + 4]) : Optional.empty());
    }

    private static String describe(InsIdentity identity) {
        InsTraits traits = identity.traits();
        return "INS " + identity.ins().value() + " (" + identity.ins().system() + ", " + identity.ins().system().oid() + ")  "
                + traits.birthName() + "  " + traits.firstNames() + "  " + traits.sex() + "  " + traits.birthDate()
                + traits.birthplace().map(place -> "  born in " + place).orElse("");
    }

    private DmpConnector current() throws ConnectorException {
        return DmpCommands.bound(connector);
    }
}
