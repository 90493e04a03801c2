package com.medialogis.dmp.status.internal.command;

import com.medialogis.dmp.card.CardReaders;
import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.VitaleBeneficiary;
import com.medialogis.dmp.card.VitaleCard;
import com.medialogis.dmp.connector.Category;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DmpConnector;
import com.medialogis.dmp.connector.DocumentEntry;
import com.medialogis.dmp.connector.DocumentQuery;
import com.medialogis.dmp.connector.SessionState;
import com.medialogis.dmp.identity.IdentityException;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsCalculator;
import com.medialogis.dmp.status.DmpStatusService;
import com.medialogis.dmp.status.PatientStatus;
import com.medialogis.dmp.status.internal.CachedDmpStatus;
import com.medialogis.dmp.support.secret.SecretPrompt;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code dmp:connectors}, {@code dmp:session}, {@code dmp:status} and {@code dmp:documents}, for
 * integrators ({@code dmp:deposit} is the queue bundle's: a deposit goes through the queue). They never throw: results go to the output, a reason and
 * the usage to the error stream. The connector is bound as every consumer binds it (optional,
 * dynamic, greedy, {@code connector.target} from the same configuration as the status service).
 */
@Component(service = DmpCommands.class, configurationPid = CachedDmpStatus.PID, property = {
    "osgi.command.scope=dmp",
    "osgi.command.function=connectors",
    "osgi.command.function=session",
    "osgi.command.function=status",
    "osgi.command.function=documents"
})
public class DmpCommands {

    private static final String SESSION_USAGE = "usage: dmp:session [open [--confirm-last-try] | close]   (the PIN is asked without echo)";
    private static final String STATUS_USAGE = "usage: dmp:status [--refresh] [IDENTIFIER...]   (none: every beneficiary of the Vitale card in the reader)";
    private static final String DOCUMENTS_USAGE = "usage: dmp:documents IDENTIFIER [CATEGORY...]";

    private final DmpStatusService statuses;
    private final InsCalculator calculator;
    private final ComponentContext context;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DmpConnector connector;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, service = DmpConnector.class)
    private volatile List<ServiceReference<DmpConnector>> connectors;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CardReaders cards;

    @Activate
    public DmpCommands(@Reference DmpStatusService statuses, @Reference InsCalculator calculator, ComponentContext context) {
        this.statuses = statuses;
        this.calculator = calculator;
        this.context = context;
    }

    @Descriptor("the DMP connectors bound: driver, bundle and version, ranking, session; * marks the one in use")
    public void connectors(String... args) {
        if (args.length != 0) {
            System.err.println("usage: dmp:connectors");
            return;
        }
        List<ServiceReference<DmpConnector>> bound = connectors.stream().sorted(Comparator.reverseOrder()).toList();
        if (bound.isEmpty()) {
            System.out.println("no DMP connector bound: DMP calls fail until a driver bundle is started");
            return;
        }
        DmpConnector active = connector;
        for (ServiceReference<DmpConnector> reference : bound) {
            DmpConnector driver = context.locateService("connectors", reference);
            if (driver == null) {
                continue;
            }
            SessionState session = driver.session();
            Object ranking = reference.getProperty("service.ranking");
            System.out.println((driver == active ? "* " : "  ") + driver.name() + ": bundle "
                    + reference.getBundle().getSymbolicName() + " " + reference.getBundle().getVersion()
                    + ", service " + reference.getProperty("service.id")
                    + ", ranking " + (ranking instanceof Integer ? ranking : 0)
                    + ", session " + session.state() + " since " + session.since() + " (" + session.detail() + ")");
        }
    }

    @Descriptor("show, open (with the CPS PIN, asked without echo) or close the DMP session of the connector in use")
    public void session(CommandSession session, String... args) {
        boolean open = args.length >= 1 && args[0].equals("open");
        boolean confirmed = open && args.length == 2 && args[1].equals("--confirm-last-try");
        boolean valid = args.length == 0 || open && (args.length == 1 || confirmed)
                || args.length == 1 && args[0].equals("close");
        if (!valid) {
            System.err.println(SESSION_USAGE);
            return;
        }
        DmpConnector driver = connector;
        if (driver == null) {
            System.err.println(ConnectorException.noConnector().getMessage());
            return;
        }
        try {
            if (open) {
                openSession(session, confirmed);
            } else if (args.length == 1) {
                driver.closeSession();
            }
            SessionState state = driver.session();
            System.out.println(driver.name() + " session " + state.state() + " since " + state.since() + " (" + state.detail() + ")");
        } catch (ConnectorException e) {
            System.err.println(describe(e));
        }
    }

    /** The PIN is asked only when the CPS may be tried (the status service checks it again when it opens). */
    private void openSession(CommandSession session, boolean confirmed) throws ConnectorException {
        try {
            statuses.checkSessionCanOpen(confirmed);
        } catch (ConnectorException e) {
            throw DmpStatusService.LAST_TRY_NOT_CONFIRMED.equals(e.dmpCode()) ? new ConnectorException(e.kind(), e.dmpCode(),
                    e.getMessage() + "; to spend it, dmp:session open --confirm-last-try") : e;
        }
        char[] pin;
        try {
            pin = SecretPrompt.read(session, "PIN: ", CpsCard.LONGEST_PIN + 1);
        } catch (IOException e) {
            throw new ConnectorException(ConnectorException.Kind.PERMANENT, "PIN_NOT_READ", "the PIN could not be read: " + e.getMessage());
        }
        if (pin == null) {
            throw new ConnectorException(ConnectorException.Kind.PERMANENT, "PIN_NOT_READ", "no PIN given: no session opened");
        }
        statuses.openSession(pin, confirmed);
    }

    @Descriptor("the patient's DMP state and its action, from the cache when fresh (--refresh asks the DMP)")
    public void status(String... args) {
        boolean refresh = args.length > 0 && args[0].equals("--refresh");
        List<String> identifiers = List.of(args).subList(refresh ? 1 : 0, args.length);
        if (identifiers.stream().anyMatch(word -> word.startsWith("-"))) {
            System.err.println(STATUS_USAGE);
            return;
        }
        if (identifiers.isEmpty()) {
            statusOfTheVitaleCard(refresh);
            return;
        }
        for (String text : identifiers) {
            try {
                Ins ins = calculator.identifier(text);
                System.out.println(ins.value() + "  " + describe(refresh ? statuses.refresh(ins) : statuses.status(Optional.of(ins))));
            } catch (IdentityException | IllegalArgumentException e) {
                System.err.println(text + ": " + e.getMessage());
                System.err.println(STATUS_USAGE);
            } catch (ConnectorException e) {
                System.err.println(text + ": " + describe(e));
            }
        }
    }

    private void statusOfTheVitaleCard(boolean refresh) {
        CardReaders readers = cards;
        VitaleCard vitale = readers == null ? null : readers.vitale().orElse(null);
        if (vitale == null) {
            System.err.println("no Vitale card in a reader: give the patient's identifier");
            System.err.println(STATUS_USAGE);
            return;
        }
        for (VitaleBeneficiary beneficiary : vitale.beneficiaries()) {
            String who = beneficiary.traits().name() + " " + beneficiary.traits().firstName() + "  "
                    + beneficiary.insc().map(Ins::value).orElse("no identifier (" + beneficiary.noInscReason() + ")");
            try {
                Optional<Ins> ins = beneficiary.insc();
                PatientStatus status = refresh && ins.isPresent() ? statuses.refresh(ins.get()) : statuses.status(ins);
                System.out.println(who + "  " + describe(status));
            } catch (ConnectorException e) {
                System.err.println(who + ": " + describe(e));
            }
        }
    }

    @Descriptor("the patient's documents in the DMP, newest first, optionally of some categories (name or LOINC code)")
    public void documents(String... args) {
        if (args.length < 1) {
            System.err.println(DOCUMENTS_USAGE);
            return;
        }
        try {
            Ins ins = calculator.identifier(args[0]);
            Set<Category> categories = EnumSet.noneOf(Category.class);
            for (String category : List.of(args).subList(1, args.length)) {
                categories.add(Category.parse(category));
            }
            List<DocumentEntry> found = current().find(ins, new DocumentQuery(categories, Optional.empty(), Optional.empty(), Set.of()));
            if (found.isEmpty()) {
                System.out.println("no document");
            }
            for (DocumentEntry entry : found) {
                System.out.println(entry.uniqueId() + "  " + entry.created().atOffset(ZoneOffset.UTC).toLocalDate()
                        + "  " + entry.category().map(Category::name).orElse(entry.categoryCode())
                        + "  " + entry.status() + "  " + entry.title());
            }
        } catch (IdentityException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(DOCUMENTS_USAGE);
        } catch (ConnectorException e) {
            System.err.println(describe(e));
        }
    }

    private DmpConnector current() throws ConnectorException {
        DmpConnector driver = connector;
        if (driver == null) {
            throw ConnectorException.noConnector();
        }
        return driver;
    }

    private static String describe(PatientStatus status) {
        return status.dmp().state()
                + status.dmp().closedOn().map(day -> " on " + day).orElse("")
                + (status.dmp().detail().isEmpty() ? "" : " (" + status.dmp().detail() + ")")
                + ", action " + status.action()
                + ", answered " + status.age().toMillis() / 1000 + " s ago";
    }

    private static String describe(ConnectorException e) {
        return (e.isTransient() ? "try again later: " : "refused: ") + e.getMessage()
                + (e.dmpCode().isEmpty() ? "" : " [" + e.dmpCode() + "]");
    }
}
