package com.medialogis.dmp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.card.CardEvent;
import com.medialogis.dmp.card.CardListener;
import com.medialogis.dmp.card.CardReaders;
import com.medialogis.dmp.card.UnknownCard;
import com.medialogis.dmp.card.VitaleCard;
import com.medialogis.dmp.identity.InsCalculator;
import com.medialogis.dmp.itests.Distribution.Output;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;


/**
 * The distribution's bundle set (boot/ and bundle/, as a headless container runs it) on Felix:
 * everything resolves and starts, every component is active, and the shell commands answer.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GatewayContainerTest {

    private static final Set<String> OUR_BUNDLES = Set.of("com.medialogis.dmp.api", "com.medialogis.dmp.identity",
            "com.medialogis.dmp.shell", "com.medialogis.dmp.card", "com.medialogis.dmp.card-simulator",
            "com.medialogis.dmp.dmp-sandbox", "com.medialogis.dmp.connector-efficience", "com.medialogis.dmp.status",
            "com.medialogis.dmp.queue", "com.medialogis.dmp.health", "com.medialogis.dmp.bridge");

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private CommandProcessor commandProcessor;

    @Inject
    private InsCalculator calculator;

    @Configuration
    public Option[] config() throws IOException {
        return Distribution.containerOptions(Files.createTempDirectory(Path.of("target"), "container-").toAbsolutePath());
    }

    @Test
    public void everyBundleOfTheDistributionIsActive() {
        List<String> notActive = Arrays.stream(context.getBundles())
                .filter(bundle -> bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null)
                .filter(bundle -> bundle.getState() != Bundle.ACTIVE)
                .map(bundle -> bundle.getSymbolicName() + " in state " + bundle.getState())
                .toList();
        assertEquals("bundles not active", List.of(), notActive);
        Set<String> names = Arrays.stream(context.getBundles()).map(Bundle::getSymbolicName).collect(Collectors.toSet());
        assertTrue("our bundles are there: " + names, names.containsAll(OUR_BUNDLES));
    }

    @Test
    public void everyComponentOfOurBundlesIsActiveOnceTheCommandsAreUsed() throws InterruptedException {
        execute("ins:insc JEAN 500801 1500815051040");
        awaitCards();
        execute("card:readers");
        execute("dmp:connectors");
        execute("dmp:status");
        execute("ins:lookup");
        execute("patient:show");
        execute("queue:stats");
        assertTrue(execute("bridge:token").out().strip().matches("[A-Za-z0-9_-]{43}"));
        Output health = execute("dmp:health");
        assertTrue("every check ran: " + health.out() + health.err(), (health.out() + health.err()).contains("overall: "));
        assertTrue(execute("dmp:deposit").err().startsWith("usage: dmp:deposit FILE IDENTIFIER CATEGORY [TITLE]"));
        List<ComponentDescriptionDTO> ours = scr.getComponentDescriptionDTOs().stream()
                .filter(description -> OUR_BUNDLES.contains(description.bundle.symbolicName))
                .toList();
        assertEquals("components in our bundles", 49, ours.size());
        for (ComponentDescriptionDTO description : ours) {
            assertTrue(description.name + " is enabled", scr.isComponentEnabled(description));
            List<Integer> states = scr.getComponentConfigurationDTOs(description).stream()
                    .map(configuration -> configuration.state)
                    .toList();
            assertEquals(description.name + " is active", List.of(ComponentConfigurationDTO.ACTIVE), states);
        }
    }

    @Test
    public void inscCommandPrintsTheDomainExample() {
        Output output = execute("ins:insc JEAN 500801 1500815051040");
        assertEquals("1541187387477485562488\n", output.out());
        assertEquals("", output.err());
    }

    @Test
    public void nirCommandAnswersValidOrTheReason() {
        assertEquals("valid, key 18\n", execute("ins:nir 1500815051040").out());
        Output wrongKey = execute("ins:nir 150081505104019");
        assertEquals("", wrongKey.out());
        assertTrue(wrongKey.err(), wrongKey.err().startsWith("invalid NIR: The key 19 does not match"));
        assertTrue(wrongKey.err(), wrongKey.err().contains("usage: ins:nir NIR"));
    }

    @Test
    public void commandsWithWrongArgumentsPrintTheUsageInsteadOfThrowing() {
        Output missing = execute("ins:insc JEAN 500801");
        assertTrue(missing.err(), missing.err().startsWith("usage: ins:insc FIRSTNAME AAMMJJ NIR"));
        Output tooMany = execute("ins:nir 1 2");
        assertTrue(tooMany.err(), tooMany.err().startsWith("usage: ins:nir NIR"));
        Output badDate = execute("ins:insc JEAN 5008 1500815051040");
        assertTrue(badDate.err(), badDate.err().startsWith("no INS-C: The birth date must have 6 digits"));
    }

    @Test
    public void calculatorServiceIsTheOneTheCommandsUse() throws Exception {
        assertEquals(calculator.insc("Jean", "500801", "1500815051040").value(),
                execute("ins:insc Jean 500801 1500815051040").out().strip());
    }

    @Test
    public void shellSocketIsOpenToItsOwnerOnlyInTheDataFolder() throws Exception {
        Path socket = Path.of(context.getProperty("dmp.data"), "shell.sock");
        assertTrue(socket + " exists", Poll.until(Duration.ofSeconds(10), () -> Files.exists(socket)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    }

    @Test
    public void cardListShowsTheVirtualCpsHolderAndEveryBeneficiaryWithHisInsc() throws InterruptedException {
        awaitCards();
        String list = execute("card:list").out();
        assertTrue(list, list.contains("CPS (test card) DUPONT JEANNE, national id 899700000001, profession Médecin, specialty unknown, card 802500000100012345"));
        assertTrue(list, list.contains("MARTIN JEAN, born 500801, rank unknown, quality unknown: INS-C 1541187387477485562488"));
        assertTrue(list, list.contains("DESMAUX NATHALIE, born 550615, rank unknown, quality unknown: INS-C 0448685716413283718907"));
        assertTrue(list, list.contains("MARTIN LEO, born 150301, rank unknown, quality unknown: no INS-C (This beneficiary has no NIR of his own"));
    }

    @Test
    public void pinIsReadFromTheCommandInputAndVerifiedOnce() throws InterruptedException {
        awaitCards();
        Output verified = execute("card:pin", "1234\n");
        assertEquals("PIN: PIN verified\n", verified.out());
        assertEquals("", verified.err());
        Output usage = execute("card:pin --now");
        assertTrue(usage.err(), usage.err().startsWith("usage: card:pin [--confirm-last-try]"));
    }

    @Test
    public void theDmpSessionDoesNotSpendTheCpsLastTryUnlessConfirmed() throws InterruptedException {
        awaitCards();
        assertEquals("wrong PIN, 2 tries left\n", execute("card:pin", "0000\n").err());
        assertEquals("wrong PIN, 1 try left\n", execute("card:pin", "0000\n").err());
        try {
            Output refused = execute("dmp:session open", "1234\n");
            assertEquals("the PIN was not even asked", "", refused.out());
            assertEquals("refused: one PIN try left: the card was not tried; to spend it, "
                    + "dmp:session open --confirm-last-try [LAST_TRY_NOT_CONFIRMED]\n", refused.err());
        } finally {
            assertEquals("PIN: PIN verified\n", execute("card:pin --confirm-last-try", "1234\n").out());
        }
    }

    @Test
    public void queueCommandsShowEveryDepositWithItsHistoryAndRefuseWhatTheyCannotDo() throws IOException {
        Path letter = Files.writeString(Path.of(context.getProperty("dmp.data")).resolve("lettre.txt"), "Compte rendu\n");
        String enqueue = "queue:enqueue " + letter + " 1541187387477485562488 consultation \"Lettre de sortie\"";
        Output queued = execute(enqueue);
        assertEquals("", queued.err());
        assertTrue(queued.out(), queued.out().startsWith("queued #") && queued.out().endsWith(", 13 bytes\n"));
        String id = queued.out().split(" ")[1].substring(1);
        assertTrue(execute(enqueue).err().endsWith("an unchanged document is not deposited again [UNCHANGED_DOCUMENT]\n"));

        String listed = execute("queue:list queued").out();
        assertTrue(listed, listed.contains("#" + id + "  QUEUED  attempts 0  "));
        assertTrue(listed, listed.contains("  CONSULTATION  Lettre de sortie  due "));
        assertTrue(execute("queue:cancel " + id).out().startsWith("#" + id + "  CANCELLED  "));
        assertEquals("deposit #" + id + " is CANCELLED: only a FAILED deposit can be retried\n", execute("queue:retry " + id).err());

        List<String> shown = execute("queue:show " + id).out().lines().toList();
        assertTrue(shown.get(1), shown.get(1).contains("patient 1541187387477485562488, 13 bytes"));
        assertTrue(shown.get(2), shown.get(2).endsWith("  QUEUED  attempt 0  queued: 13 bytes"));
        assertTrue(shown.get(3), shown.get(3).endsWith("  CANCELLED  attempt 0  cancelled by a user"));

        assertTrue(execute("queue:list sent").err().startsWith("usage: queue:list [STATE]"));
        assertTrue(execute("queue:show x").err().startsWith("a deposit number, not 'x'"));
        assertTrue(execute("queue:enqueue " + letter + " 12345 CONSULTATION").err()
                .startsWith("An identifier is an INS-C (22 digits) or an INS"));
        assertTrue(execute("queue:enqueue " + letter + " 1541187387477485562487 CONSULTATION").err()
                .startsWith("The key 87 does not match the first 20 digits of the INS-C"));
        Path large = Path.of(context.getProperty("dmp.data")).resolve("scanner.pdf");
        try (RandomAccessFile sparse = new RandomAccessFile(large.toFile(), "rw")) {
            sparse.setLength(100L * 1024 * 1024);
        }
        assertTrue("refused by its size, before a byte is read", execute("queue:enqueue " + large + " 1541187387477485562488 IMAGING")
                .err().startsWith(large + " has 104857600 bytes; at most 20971520 can be deposited"));
        String stats = execute("queue:stats").out();
        assertTrue(stats, stats.contains("CANCELLED 1") && stats.contains("worker: waiting for a DMP "));
    }

    @Test
    public void dmpDepositGoesThroughTheQueueWithItsRefusalsAndItsHistory() throws IOException {
        Path letter = Files.writeString(Path.of(context.getProperty("dmp.data")).resolve("lettre-du-jour.txt"), "Consultation du jour\n");
        String deposit = "dmp:deposit " + letter + " 1541187387477485562488 CONSULTATION";
        Output waiting = execute(deposit);
        assertEquals("", waiting.out());
        assertTrue(waiting.err(), waiting.err().startsWith("not deposited yet: not tried, the queue's worker is waiting for a DMP"));
        String id = waiting.err().replaceAll("(?s).*it stays in the queue as #(\\d+).*", "$1");
        assertTrue(execute(deposit).err().startsWith("not deposited: the same document is already deposit #" + id));
        List<String> shown = execute("queue:show " + id).out().lines().toList();
        assertTrue(shown.get(0), shown.get(0).startsWith("#" + id + "  QUEUED  attempts 0  "));
        assertTrue(shown.get(2), shown.get(2).endsWith("  QUEUED  attempt 0  queued: 21 bytes"));
    }

    @Test
    public void theDoctorChangesTheDocumentsHeDepositedAndAnotherProfessionalsAreRefused() throws Exception {
        String patient = "1541187387477485562488";
        assertTrue(execute("dmp:visibility " + patient + " 2.25.1").err().startsWith("usage: dmp:visibility IDENTIFIER UNIQUE_ID ALL"));
        assertTrue(execute("dmp:archive " + patient).err().startsWith("usage: dmp:archive IDENTIFIER UNIQUE_ID\n"));
        Output unknownFlag = execute("dmp:visibility " + patient + " 2.25.1 HIDDEN");
        assertTrue(unknownFlag.err(), unknownFlag.err().startsWith("unknown visibility 'HIDDEN': ALL alone, or one or more of"
                + " [MASQUE_PS, INVISIBLE_PATIENT, INVISIBLE_REPRESENTANTS_LEGAUX]\nusage: dmp:visibility "));
        assertTrue(execute("dmp:delete 1541187387477485562487 2.25.1").err().startsWith("The key 87 does not match"));
        Path letter = Path.of(context.getProperty("dmp.data")).resolve("version-1.txt");
        Files.writeString(letter, "Compte rendu, version 1\n");
        assertTrue(execute("dmp:deposit " + letter + " " + patient + " CONSULTATION --replaces").err()
                .startsWith("usage: dmp:deposit FILE IDENTIFIER CATEGORY [TITLE] [--replaces UNIQUE_ID]"));
        try {
            openSession();
            String first = deposited(execute("dmp:deposit " + letter + " " + patient + " CONSULTATION"));
            assertEquals(first + ": INVISIBLE_PATIENT, INVISIBLE_REPRESENTANTS_LEGAUX\n",
                    execute("dmp:visibility " + patient + " " + first + " invisible_patient INVISIBLE_REPRESENTANTS_LEGAUX").out());
            assertEquals(first + ": archived\n", execute("dmp:archive " + patient + " " + first).out());
            assertTrue("archived: listed with --all only", !execute("dmp:documents " + patient).out().contains(first));
            assertTrue(listed(patient, first).endsWith("  CONSULTATION  ARCHIVED  version-1"));
            assertEquals(first + ": approved\n", execute("dmp:unarchive " + patient + " " + first).out());

            Path corrected = Files.writeString(letter.resolveSibling("version-2.txt"), "Compte rendu, version 2\n");
            String second = deposited(execute("dmp:deposit " + corrected + " " + patient + " CONSULTATION --replaces " + first));
            assertTrue(listed(patient, first).endsWith("  CONSULTATION  DEPRECATED  version-1"));
            assertTrue(listed(patient, second).endsWith("  CONSULTATION  APPROVED  version-2"));
            assertEquals(second + ": deleted\n", execute("dmp:delete " + patient + " " + second).out());
            assertTrue(!execute("dmp:documents --all " + patient).out().contains(second));
            Output unknown = execute("dmp:archive " + patient + " " + second);
            assertEquals("", unknown.out());
            assertEquals("refused: the patient's DMP holds no document " + second + " [DOCUMENT_NOT_FOUND]\n", unknown.err());

            String treatedElsewhere = "0717882253375465310850";
            String theirs = execute("dmp:documents " + treatedElsewhere).out().split(" ")[0];
            Output refused = execute("dmp:delete " + treatedElsewhere + " " + theirs);
            assertEquals("", refused.out());
            assertEquals("refused: hl_deleteDocument failed: only its author may change a document, and this one is another"
                    + " professional's (DMP_NOT_AUTHOR) [API_2_0]\n", refused.err());
            Output masked = execute("dmp:visibility " + treatedElsewhere + " " + theirs + " MASQUE_PS INVISIBLE_PATIENT");
            assertTrue(masked.err(), masked.err().startsWith("refused: a document masked to professionals stays visible")
                    && masked.err().endsWith(" [INVALID_VISIBILITY]\n"));
        } finally {
            execute("dmp:session close");
        }
    }

    @Test
    public void theVitaleBeneficiarysInsIsLookedUpValidatedAndItsDmpWorkedThroughTheShell() throws Exception {
        String ins = "150081505104018";
        assertTrue(execute("patient:save S-1 MARTIN Jean 1950-08-01 MAN").err().startsWith("the sex is MALE, FEMALE or UNKNOWN\n"
                + "usage: patient:save"));
        assertTrue(execute("patient:ins S-1 --vitale").err().startsWith("usage: patient:ins LOCAL_ID"));
        assertTrue(execute("patient:validate S-1 LIBRARY_CARD MARTIN Jean 1950-08-01 MALE").err()
                .startsWith("usage: patient:validate LOCAL_ID IDENTITY_CARD|PASSPORT"));
        assertEquals("refused: no patient of the practice has the number S-9 [UNKNOWN_PATIENT]\n", execute("patient:show S-9").err());
        assertEquals(List.of("S-1  MARTIN Jean, born 1950-08-01, MALE", "identifier none", "identity PROVISIONAL"),
                execute("patient:save S-1 MARTIN Jean 1950-08-01 MALE").out().lines().toList());
        Path letter = Path.of(context.getProperty("dmp.data")).resolve("lettre-ins.txt");
        Files.writeString(letter, "Lettre pour l'INS, version 1\n");
        awaitCards();
        try {
            openSession();
            assertEquals("INS " + ins + " (INS_NIR_DEMO) given to the patient; identity RETRIEVED\n",
                    execute("patient:ins S-1 --vitale 1").out());
            assertEquals(ins + " (INS-NIR, provisional)  AUTHORIZED, action OPEN",
                    execute("dmp:status --refresh " + ins).out().replaceAll(", answered .*", "").strip());
            assertEquals("refused: patient S-1's traits are not the ones checked on the document (they changed since, or were read"
                    + " otherwise): nothing was validated [CHANGED]\n",
                    execute("patient:validate S-1 PASSPORT MARTIN Jean 1950-08-02 MALE").err());
            Output notQualified = execute("dmp:deposit " + letter + " " + ins + " CONSULTATION");
            assertTrue(notQualified.err(), notQualified.err().startsWith("not deposited: the patient's INS is RETRIEVED:")
                    && notQualified.err().endsWith("[IDENTITY_NOT_QUALIFIED]\n"));

            assertEquals(List.of("S-1  MARTIN Jean, born 1950-08-01, MALE", "identifier " + ins + " (INS_NIR_DEMO 1.2.250.1.213.1.4.11,"
                    + " QUALIFIED)", "identity QUALIFIED, traits checked on PASSPORT"), execute("patient:validate S-1 PASSPORT MARTIN Jean 1950-08-01 MALE").out()
                    .lines().toList());
            String first = deposited(execute("dmp:deposit " + letter + " " + ins + " CONSULTATION"));
            assertEquals(first + ": MASQUE_PS\n", execute("dmp:visibility " + ins + " " + first + " MASQUE_PS").out());
            Path corrected = Files.writeString(letter.resolveSibling("lettre-ins-2.txt"), "Lettre pour l'INS, version 2\n");
            String second = deposited(execute("dmp:deposit " + corrected + " " + ins + " CONSULTATION --replaces " + first));
            assertEquals(second + ": archived\n", execute("dmp:archive " + ins + " " + second).out());
            assertTrue(listed(ins, first).endsWith("  CONSULTATION  DEPRECATED  lettre-ins"));
            assertTrue(listed(ins, second).endsWith("  CONSULTATION  ARCHIVED  lettre-ins-2"));
            assertEquals(second + ": deleted\n", execute("dmp:delete " + ins + " " + second).out());
            assertTrue("the INS-C finds the same DMP", listed("1541187387477485562488", first).contains("DEPRECATED"));

            assertEquals("INSi's identity differs in birth date: MARTIN JEAN, MALE, born 1950-08-01; nothing given: compare, correct"
                    + " the traits, look up again\n", execute("patient:save S-2 MARTIN Jean 1950-08-02 MALE").err()
                    + execute("patient:ins S-2 --vitale 1").out());
            execute("patient:save S-3 MARTIN Jean 1950-08-01 MALE");
            assertEquals("INS " + ins + " is held already by patient S-1 of the practice: a duplicate record? nothing given\n",
                    execute("patient:ins S-3 --vitale 1").out());
        } finally {
            execute("dmp:session close");
        }
    }

    @Test
    public void insiFindsTheVitaleCardsBeneficiariesOrTypedTraitsAndChecksAStoredIns() throws Exception {
        assertTrue(execute("ins:lookup --vitale").err().startsWith("usage: ins:lookup --vitale N | BIRTHNAME FIRSTNAMES M|F"));
        assertTrue(execute("ins:lookup --vitale 0").err().startsWith("a beneficiary's place on the card is a number from 1, not '0'\n"
                + "usage: ins:lookup"));
        assertTrue(execute("ins:lookup MARTIN JEAN X 1950-08-01").err().startsWith("the sex is M or F, not 'X'\nusage: ins:lookup"));
        assertTrue(execute("ins:verify 150081505104018 1.2.250.1.213.1.4.2 MARTIN JEAN M 1950-08-01").err()
                .startsWith("'1.2.250.1.213.1.4.2' is not the OID of an INS system"));
        assertTrue(execute("ins:verify 150081505104019 1.2.250.1.213.1.4.11 MARTIN JEAN M 1950-08-01").err()
                .contains("usage: ins:verify INS OID"));
        Output closed = execute("ins:lookup MARTIN JEAN M 1950-08-01");
        assertTrue(closed.err(), closed.err().startsWith("try again later: no DMP session is open") && closed.err().endsWith("[NO_SESSION]\n"));
        awaitCards();
        try {
            openSession();
            assertEquals("INS 150081505104018 (INS_NIR_DEMO, 1.2.250.1.213.1.4.11)  MARTIN  JEAN  MALE  1950-08-01  born in 15051\n",
                    execute("ins:lookup --vitale 1").out());
            assertEquals("no identity found by INSi\n", execute("ins:lookup --vitale 3").out());
            assertEquals("INS 229029912345634 (INS_NIR_DEMO, 1.2.250.1.213.1.4.11)  DUBOIS  ROSE MARIE  FEMALE  1929-02-00  born in 99123\n",
                    execute("ins:lookup --vitale 4").out());
            assertEquals("several identities found by INSi, which gives none of them: give the birthplace\n",
                    execute("ins:lookup Dupont Camille f 1990-05-12").out());
            assertTrue(execute("ins:lookup Dupont Camille F 1990-05-12 75112").out().startsWith("INS 290057511201267 (INS_NIR_TEST, "));
            assertEquals("refused: the birth name may hold letters, '-' and spaces only, never two of '-' and space in a row nor one"
                    + " at either end: INSi was not asked [INVALID_TRAITS]\n", execute("ins:lookup MARTIN2 JEAN M 1950-08-01").err());
            assertEquals("confirmed by INSi\n",
                    execute("ins:verify 229029912345634 1.2.250.1.213.1.4.11 DUBOIS \"ROSE MARIE\" F 1929-02-00").out());
            Output asOnTheCard = execute("ins:verify 229029912345634 1.2.250.1.213.1.4.11 MARTIN ROSE F 1929-02-00");
            assertEquals("", asOnTheCard.out());
            assertEquals("not confirmed: hl_checkInsIdentity failed: INSi did not confirm the identity: the birth name is not the"
                    + " matricule's (INSI_TRAITS_DIFFER)\n", asOnTheCard.err());
        } finally {
            execute("dmp:session close");
        }
    }

    /** @return the DMP's unique id of a document dmp:deposit deposited */
    private static String deposited(Output deposit) {
        assertTrue(deposit.out() + deposit.err(), deposit.out().startsWith("deposited 2.25."));
        return deposit.out().split(" ")[1];
    }

    /** @return the line of dmp:documents --all listing that document */
    private String listed(String patient, String uniqueId) {
        String all = execute("dmp:documents --all " + patient).out();
        return all.lines().filter(line -> line.startsWith(uniqueId + "  ")).findFirst().orElseThrow(() -> new AssertionError(all));
    }

    @Test
    public void cardListenersRegisteredAsServicesAreToldOfRemovalAndInsertion() throws InterruptedException {
        awaitCards();
        List<CardEvent> events = new CopyOnWriteArrayList<>();
        ServiceRegistration<CardListener> registration = context.registerService(CardListener.class, events::add, null);
        try {
            assertEquals("", execute("card:sim-remove vitale").err());
            assertEquals("", execute("card:sim-insert vitale").err());
            Poll.until(Duration.ofSeconds(2), events::size, size -> size >= 2);
            assertEquals(List.of(CardEvent.Type.REMOVED, CardEvent.Type.INSERTED),
                    events.stream().map(CardEvent::type).toList());
            assertTrue(events.get(1).card().orElseThrow() instanceof VitaleCard);
        } finally {
            registration.unregister();
        }
    }

    @Test
    public void aVitale1CardIsReadByTheDriversServiceInTheSession() throws Exception {
        awaitCards();
        CardReaders readers = context.getService(context.getServiceReference(CardReaders.class));
        try {
            assertEquals("", execute("card:sim-remove vitale").err());
            assertEquals("", execute("card:sim-insert vitale1").err());
            // Unknown at once, then the driver's service is asked off the reader thread: without a session, it says why.
            UnknownCard unread = Poll.until(Duration.ofSeconds(10), () -> unknownCard(readers),
                    found -> found.filter(card -> card.reason().contains("Efficience")).isPresent()).orElseThrow();
            assertTrue(unread.reason(), unread.reason().startsWith("a Vitale 1 card, whose files are not public: it cannot be read"
                    + " here (ATR 3F 65 25 00 52 09 6A 90 00); Efficience could not read it: NO_SESSION: no DMP session is open"));

            openSession();
            // The session opened: the card left in its reader is read through it, without being inserted again.
            VitaleCard card = Poll.until(Duration.ofSeconds(10), readers::vitale, Optional::isPresent).orElseThrow();
            assertEquals(4, card.beneficiaries().size());
            assertEquals("MARTIN", card.beneficiaries().get(0).traits().name());
            assertEquals("read through Efficience, the INS-C computed here", "1541187387477485562488",
                    card.beneficiaries().get(0).insc().orElseThrow().value());
        } finally {
            execute("card:sim-remove vitale1");
            execute("card:sim-insert vitale");
            execute("dmp:session close");
        }
    }

    private static Optional<UnknownCard> unknownCard(CardReaders readers) {
        return readers.readers().stream().flatMap(reader -> reader.card().stream())
                .filter(UnknownCard.class::isInstance).map(UnknownCard.class::cast).findFirst();
    }

    /** The simulator's configuration arrives through FileInstall: wait for both virtual cards. */
    private void awaitCards() throws InterruptedException {
        CardReaders readers = context.getService(context.getServiceReference(CardReaders.class));
        Poll.until(Duration.ofSeconds(10), () -> readers.cps().isPresent() && readers.vitale().isPresent());
        assertTrue("the virtual CPS is seen", readers.cps().isPresent());
        assertTrue("the virtual Vitale card is seen", readers.vitale().isPresent());
    }

    /** Opens the DMP session with the virtual CPS's PIN, once the sandbox and the card answer. */
    private void openSession() throws InterruptedException {
        assertEquals("", Poll.until(Duration.ofSeconds(20), () -> execute("dmp:session open", "1234\n").err(), String::isEmpty));
    }

    private Output execute(String commandLine) {
        return execute(commandLine, "");
    }

    private Output execute(String commandLine, String input) {
        return Distribution.execute(commandProcessor, commandLine, input);
    }
}
