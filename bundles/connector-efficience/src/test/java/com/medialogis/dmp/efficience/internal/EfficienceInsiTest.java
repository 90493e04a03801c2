package com.medialogis.dmp.efficience.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.InsIdentity;
import com.medialogis.dmp.connector.InsLookupResult;
import com.medialogis.dmp.connector.InsTraits;
import com.medialogis.dmp.connector.InsVerification;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsSystem;
import com.medialogis.dmp.sandbox.internal.DmpSandbox;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** INS lookups and checks through the Efficience driver against the sandbox's INSi register, over real HTTP on loopback. */
public class EfficienceInsiTest {

    private static final String READER = "DMP simulated reader 1";
    private static final EfficienceConnector.Insi INSI = new EfficienceConnector.Insi("https://insi.example", "CNDA-42", "123456789",
            "0.1.0", "550e8400-e29b-41d4-a716-446655440000");
    private static final InsIdentity JEAN = new InsIdentity(new Ins("150081505104018", InsSystem.INS_NIR_DEMO, Ins.Status.RETRIEVED),
            new InsTraits("MARTIN", "JEAN", InsTraits.Sex.MALE, "1950-08-01", Optional.of("15051")));

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private DmpSandbox sandbox;
    private EfficienceConnector connector;

    @Before
    public void start() throws Exception {
        sandbox = DmpSandbox.start(folder.getRoot().toPath(), new InetSocketAddress("127.0.0.1", 0));
        connector = new EfficienceConnector(address(), Duration.ofSeconds(5), Optional.empty(), EfficienceConnector.Connection.DEFAULTS,
                INSI, Optional.empty());
        connector.openSession("1234".toCharArray());
    }

    @After
    public void stop() {
        sandbox.close();
    }

    private URI address() {
        return URI.create("http://127.0.0.1:" + sandbox.port());
    }

    @Test
    public void eachBeneficiaryOfTheCardWithANirOfHisOwnHasHisIdentityAndTheChildNone() throws Exception {
        assertEquals(InsLookupResult.found(JEAN), connector.insFromVitaleCard(READER, 0));
        assertEquals(InsLookupResult.found(new InsIdentity(new Ins("255069999999934", InsSystem.INS_NIR_DEMO, Ins.Status.RETRIEVED),
                new InsTraits("DESMAUX", "NATHALIE", InsTraits.Sex.FEMALE, "1955-06-15", Optional.of("99999")))),
                connector.insFromVitaleCard(READER, 1));
        assertEquals("the child on his father's card has no NIR of his own", InsLookupResult.NOT_FOUND,
                connector.insFromVitaleCard(READER, 2));
        assertEquals("the grandmother's reference traits are not the card's (MARTIN ROSE 290200)",
                InsLookupResult.found(new InsIdentity(new Ins("229029912345634", InsSystem.INS_NIR_DEMO, Ins.Status.RETRIEVED),
                        new InsTraits("DUBOIS", "ROSE MARIE", InsTraits.Sex.FEMALE, "1929-02-00", Optional.of("99123")))),
                connector.insFromVitaleCard(READER, 3));
        ConnectorException fifth = assertThrows(ConnectorException.class, () -> connector.insFromVitaleCard(READER, 4));
        assertEquals(ConnectorException.Kind.PERMANENT, fifth.kind());
        assertEquals("NO_SUCH_BENEFICIARY", fifth.dmpCode());
        assertEquals("the card is read before each lookup", Long.valueOf(5), sandbox.counts().get("hl_readVitaleCard"));
        assertEquals(Long.valueOf(4), sandbox.counts().get("hl_getInsFromVitaleCard"));
    }

    @Test
    public void typedTraitsAreNormalizedAndFindOneIdentityNoneOrSeveral() throws Exception {
        assertEquals(InsLookupResult.found(JEAN), connector.insFromTraits(traits(" martin ", "Jean", InsTraits.Sex.MALE, "1950-08-01", "")));
        assertEquals("accents and case do not matter", "255069999999934", connector.insFromTraits(traits("Désmaux", "Nathalie",
                InsTraits.Sex.FEMALE, "1955-06-15", "")).identity().orElseThrow().ins().value());
        assertEquals(InsLookupResult.SEVERAL, connector.insFromTraits(traits("DUPONT", "CAMILLE", InsTraits.Sex.FEMALE, "1990-05-12", "")));
        InsIdentity lyon = connector.insFromTraits(traits("DUPONT", "CAMILLE", InsTraits.Sex.FEMALE, "1990-05-12", "69123"))
                .identity().orElseThrow();
        assertEquals("the birthplace tells them apart", new Ins("290056912304560", InsSystem.INS_NIR_TEST, Ins.Status.RETRIEVED), lyon.ins());
        assertEquals(InsLookupResult.NOT_FOUND, connector.insFromTraits(traits("DURAND", "PAUL", InsTraits.Sex.MALE, "1965-03-15", "")));
        assertEquals(InsLookupResult.NOT_FOUND, connector.insFromTraits(traits("MARTIN", "JEAN", InsTraits.Sex.FEMALE, "1950-08-01", "")));
    }

    @Test
    public void traitsInsiDoesNotTakeAreRefusedBeforeItIsAsked() {
        assertRefusedTraits(traits("MARTIN2", "JEAN", InsTraits.Sex.MALE, "1950-08-01", ""), "the birth name may hold letters");
        assertRefusedTraits(traits("MARTIN", "JEAN--PIERRE", InsTraits.Sex.MALE, "1950-08-01", ""), "the first names may hold letters");
        assertRefusedTraits(traits("MARTIN", "", InsTraits.Sex.MALE, "1950-08-01", ""), "the first names is empty");
        assertRefusedTraits(traits("MARTIN", "JEAN", InsTraits.Sex.MALE, "01/08/1950", ""), "the birth date must be YYYY-MM-DD");
        assertRefusedTraits(traits("MARTIN", "JEAN", InsTraits.Sex.MALE, "1950-08-01", "1505"), "the birthplace must be an INSEE code");
        assertEquals(null, sandbox.counts().get("hl_getInsFromIdentityInformation"));
    }

    private void assertRefusedTraits(InsTraits traits, String saying) {
        ConnectorException refused = assertThrows(ConnectorException.class, () -> connector.insFromTraits(traits));
        assertEquals(ConnectorException.Kind.PERMANENT, refused.kind());
        assertEquals("INVALID_TRAITS", refused.dmpCode());
        assertTrue(refused.getMessage(), refused.getMessage().startsWith(saying) && refused.getMessage().endsWith(": INSi was not asked"));
        ConnectorException check = assertThrows(ConnectorException.class, () -> connector.verifyIns(new InsIdentity(JEAN.ins(), traits)));
        assertEquals("INVALID_TRAITS", check.dmpCode());
    }

    @Test
    public void aStoredInsIsConfirmedWithItsReferenceTraitsOnly() throws Exception {
        assertEquals(InsVerification.CONFIRMED, connector.verifyIns(JEAN));
        InsIdentity rose = connector.insFromVitaleCard(READER, 3).identity().orElseThrow();
        assertEquals(InsVerification.CONFIRMED, connector.verifyIns(rose));
        InsVerification asOnTheCard = connector.verifyIns(new InsIdentity(rose.ins(),
                new InsTraits("MARTIN", "ROSE", InsTraits.Sex.FEMALE, "1929-02-00", Optional.empty())));
        assertFalse(asOnTheCard.confirmed());
        assertEquals("hl_checkInsIdentity failed: INSi did not confirm the identity: the birth name is not the matricule's"
                + " (INSI_TRAITS_DIFFER)", asOnTheCard.reason());
        InsVerification otherSystem = connector.verifyIns(new InsIdentity(new Ins(JEAN.ins().value(), InsSystem.INS_NIR,
                Ins.Status.RETRIEVED), JEAN.traits()));
        assertEquals("hl_checkInsIdentity failed: INSi did not confirm the identity: INSi knows no such matricule in that system"
                + " (INSI_UNKNOWN_INS)", otherSystem.reason());
    }

    @Test
    public void insiThatCannotBeReachedIsATransientFailureNeverANegativeAnswer() {
        sandbox.faults(0, 1, 0);
        for (ConnectorException down : new ConnectorException[] {
            assertThrows(ConnectorException.class, () -> connector.insFromVitaleCard(READER, 0)),
            assertThrows(ConnectorException.class, () -> connector.insFromTraits(JEAN.traits())),
            assertThrows(ConnectorException.class, () -> connector.verifyIns(JEAN))}) {
            assertTrue(down.getMessage(), down.isTransient());
            assertEquals("CurlErrors, CURLE_OPERATION_TIMEDOUT", "API_3_28", down.dmpCode());
        }
    }

    @Test
    public void withoutASessionOrAnInsiServerNothingIsSentToInsi() throws Exception {
        connector.closeSession();
        ConnectorException closed = assertThrows(ConnectorException.class, () -> connector.insFromTraits(JEAN.traits()));
        assertTrue(closed.isTransient());
        assertEquals(ConnectorException.NO_SESSION, closed.dmpCode());

        EfficienceConnector withoutInsi = new EfficienceConnector(address(), Duration.ofSeconds(5), Optional.empty());
        withoutInsi.openSession("1234".toCharArray());
        ConnectorException notConfigured = assertThrows(ConnectorException.class, () -> withoutInsi.verifyIns(JEAN));
        assertEquals(ConnectorException.Kind.PERMANENT, notConfigured.kind());
        assertEquals("INSI_NOT_CONFIGURED", notConfigured.dmpCode());
        assertEquals("the INSi connector is created with the first session only", Long.valueOf(1),
                sandbox.counts().get("hl_createInsiConnector"));
        assertEquals(null, sandbox.counts().get("hl_checkInsIdentity"));
    }

    private static InsTraits traits(String birthName, String firstNames, InsTraits.Sex sex, String birthDate, String birthplace) {
        return new InsTraits(birthName, firstNames, sex, birthDate, birthplace.isEmpty() ? Optional.empty() : Optional.of(birthplace));
    }
}
