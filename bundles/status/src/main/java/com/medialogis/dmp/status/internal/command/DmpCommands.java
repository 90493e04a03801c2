package com.medialogis.dmp.status.internal.command;

import com.medialogis.dmp.card.CardReaders;
import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.VitaleBeneficiary;
import com.medialogis.dmp.card.VitaleCard;
import com.medialogis.dmp.connector.Category;
import com.medialogis.dmp.connector.Confidentiality;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DmpConnector;
import com.medialogis.dmp.connector.DocumentEntry;
import com.medialogis.dmp.connector.DocumentQuery;
import com.medialogis.dmp.connector.DocumentStatus;
import com.medialogis.dmp.connector.SessionState;
import com.medialogis.dmp.identity.IdentityException;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsCalculator;
import com.medialogis.dmp.identity.InsSystem;
import com.medialogis.dmp.status.DmpStatusService;
import com.medialogis.dmp.status.PatientStatus;
import com.medialogis.dmp.status.internal.CachedDmpStatus;
import com.medialogis.dmp.support.command.Refusals;
import com.medialogis.dmp.support.ids.Oids;
import com.medialogis.dmp.support.secret.SecretPrompt;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
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
 * {@code dmp:connectors}, {@code dmp:session}, {@code dmp:status}, {@code dmp:documents}, and the
 * changes of a document this doctor deposited ({@code dmp:visibility}, {@code dmp:archive},
 * {@code dmp:unarchive}, {@code dmp:delete}), for integrators ({@code dmp:deposit} is the queue
 * bundle's: a deposit, a new version included, goes through the queue). They never throw: results go to the output, a reason and
 * the usage to the error stream. The connector is bound as every consumer binds it (optional,
 * dynamic, greedy, {@code connector.target} from the same configuration as the status service).
 */
@Component(service = DmpCommands.class, configurationPid = CachedDmpStatus.PID, property = {
    "osgi.command.scope=dmp",
    "osgi.command.function=connectors",
    "osgi.command.function=session",
    "osgi.command.function=status",
    "osgi.command.function=documents",
    "osgi.command.function=visibility",
    "osgi.command.function=archive",
    "osgi.command.function=unarchive",
    "osgi.command.function=delete"
})
public class DmpCommands {

    private static final String SESSION_USAGE = "usage: dmp:session [open [--confirm-last-try] | close]   (the PIN is asked without echo)";
    private static final String STATUS_USAGE = "usage: dmp:status [--refresh] [IDENTIFIER...]   (none: every beneficiary of the Vitale card in the reader)";
    private static final String DOCUMENTS_USAGE = "usage: dmp:documents [--all] IDENTIFIER [CATEGORY...]   (--all: archived and replaced ones too)";
    private static final String VISIBILITY_USAGE = "usage: dmp:visibility IDENTIFIER UNIQUE_ID ALL | MASQUE_PS | INVISIBLE_PATIENT"
            + " [INVISIBLE_REPRESENTANTS_LEGAUX] | INVISIBLE_REPRESENTANTS_LEGAUX   (ALL: visible to all)";
    private static final String VISIBLE_TO_ALL = "ALL";

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
            System.err.println(Refusals.describe(e));
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
                System.out.println(identifier(ins) + "  " + describe(refresh ? statuses.refresh(ins) : statuses.status(Optional.of(ins))));
            } catch (IdentityException | IllegalArgumentException e) {
                System.err.println(text + ": " + e.getMessage());
                System.err.println(STATUS_USAGE);
            } catch (ConnectorException e) {
                System.err.println(text + ": " + Refusals.describe(e));
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
                    + beneficiary.insc().map(DmpCommands::identifier).orElse("no identifier (" + beneficiary.noInscReason() + ")");
            try {
                Optional<Ins> ins = beneficiary.insc();
                PatientStatus status = refresh && ins.isPresent() ? statuses.refresh(ins.get()) : statuses.status(ins);
                System.out.println(who + "  " + describe(status));
            } catch (ConnectorException e) {
                System.err.println(who + ": " + Refusals.describe(e));
            }
        }
    }

    @Descriptor("the patient's approved documents in the DMP, newest first, optionally of some categories (name or LOINC code);"
            + " --all: archived and replaced ones too")
    public void documents(String... args) {
        boolean all = args.length > 0 && args[0].equals("--all");
        List<String> words = List.of(args).subList(all ? 1 : 0, args.length);
        if (words.isEmpty() || words.get(0).startsWith("-")) {
            System.err.println(DOCUMENTS_USAGE);
            return;
        }
        try {
            Ins ins = calculator.identifier(words.get(0));
            Set<Category> categories = EnumSet.noneOf(Category.class);
            for (String category : words.subList(1, words.size())) {
                categories.add(Category.parse(category));
            }
            Set<DocumentStatus> statuses = all ? DocumentQuery.EVERY_STATUS : Set.of();
            List<DocumentEntry> found = current().find(ins, new DocumentQuery(categories, Optional.empty(), Optional.empty(), statuses));
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
            System.err.println(Refusals.describe(e));
        }
    }

    @Descriptor("changes who sees a document this doctor deposited: ALL (visible to all), MASQUE_PS (masked to professionals),"
            + " or INVISIBLE_PATIENT and INVISIBLE_REPRESENTANTS_LEGAUX (hidden from the patient, from his legal representatives)")
    public void visibility(String... args) {
        if (args.length < 3) {
            System.err.println(VISIBILITY_USAGE);
            return;
        }
        Set<Confidentiality> flags;
        try {
            flags = confidentiality(List.of(args).subList(2, args.length));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(VISIBILITY_USAGE);
            return;
        }
        changeDocument(args, args.length, VISIBILITY_USAGE, (driver, ins, uniqueId) -> {
            driver.changeVisibility(ins, uniqueId, flags);
            return flags.isEmpty() ? "visible to all" : flags.stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
        });
    }

    /** @return the flags the words name, none for {@value #VISIBLE_TO_ALL} alone */
    private static Set<Confidentiality> confidentiality(List<String> words) {
        if (words.size() == 1 && words.get(0).equalsIgnoreCase(VISIBLE_TO_ALL)) {
            return Set.of();
        }
        Set<Confidentiality> flags = EnumSet.noneOf(Confidentiality.class);
        for (String word : words) {
            Confidentiality flag = Arrays.stream(Confidentiality.values()).filter(known -> known.name().equalsIgnoreCase(word))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown visibility '" + word + "': " + VISIBLE_TO_ALL
                            + " alone, or one or more of " + Arrays.toString(Confidentiality.values())));
            if (!flags.add(flag)) {
                throw new IllegalArgumentException(flag + " is given twice");
            }
        }
        return flags;
    }

    @Descriptor("archives a document this doctor deposited: it stays in the DMP, listed by dmp:documents --all")
    public void archive(String... args) {
        changeDocument(args, 2, "usage: dmp:archive IDENTIFIER UNIQUE_ID", (driver, ins, uniqueId) -> {
            driver.archive(ins, uniqueId, true);
            return "archived";
        });
    }

    @Descriptor("brings back a document this doctor deposited and archived: approved, listed by dmp:documents again")
    public void unarchive(String... args) {
        changeDocument(args, 2, "usage: dmp:unarchive IDENTIFIER UNIQUE_ID", (driver, ins, uniqueId) -> {
            driver.archive(ins, uniqueId, false);
            return "approved";
        });
    }

    @Descriptor("deletes a document this doctor deposited from the patient's DMP")
    public void delete(String... args) {
        changeDocument(args, 2, "usage: dmp:delete IDENTIFIER UNIQUE_ID", (driver, ins, uniqueId) -> {
            driver.delete(ins, uniqueId);
            return "deleted";
        });
    }

    /** A change of one of the patient's documents; returns what it became, for the output. */
    @FunctionalInterface
    private interface DocumentChange {
        String apply(DmpConnector driver, Ins ins, String uniqueId) throws ConnectorException;
    }

    /** Checks that there are {@code words} words, the identifier and the unique id first, then makes the change. */
    private void changeDocument(String[] args, int words, String usage, DocumentChange change) {
        if (args.length != words) {
            System.err.println(usage);
            return;
        }
        Ins ins;
        try {
            ins = calculator.identifier(args[0]);
        } catch (IdentityException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage);
            return;
        }
        if (!Oids.isDmpUniqueId(args[1])) {
            System.err.println("a document's unique id is 1 to " + Oids.LONGEST_DMP_UNIQUE_ID
                    + " characters without spaces, as dmp:documents lists it");
            System.err.println(usage);
            return;
        }
        try {
            System.out.println(args[1] + ": " + change.apply(current(), ins, args[1]));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage);
        } catch (ConnectorException e) {
            System.err.println(Refusals.describe(e));
        }
    }

    private DmpConnector current() throws ConnectorException {
        return bound(connector);
    }

    /** @return the driver the command found bound, or that none is */
    static DmpConnector bound(DmpConnector driver) throws ConnectorException {
        if (driver == null) {
            throw ConnectorException.noConnector();
        }
        return driver;
    }

    /** @return the identifier with the system the DMP was asked by, and for an INS its identity's status */
    static String identifier(Ins ins) {
        String system = switch (ins.system()) {
            case INS_C -> "INS-C";
            case INS_NIR -> "INS-NIR";
            case INS_NIA -> "INS-NIA";
            case INS_NIR_TEST -> "test INS-NIR";
            case INS_NIR_DEMO -> "demonstration INS-NIR";
        };
        return ins.value() + " (" + system
                + (ins.system() == InsSystem.INS_C ? "" : ", " + ins.status().name().toLowerCase(Locale.ROOT)) + ")";
    }

    private static String describe(PatientStatus status) {
        return status.dmp().state()
                + status.dmp().closedOn().map(day -> " on " + day).orElse("")
                + (status.dmp().detail().isEmpty() ? "" : " (" + status.dmp().detail() + ")")
                + ", action " + status.action()
                + ", answered " + status.age().toMillis() / 1000 + " s ago";
    }
}
