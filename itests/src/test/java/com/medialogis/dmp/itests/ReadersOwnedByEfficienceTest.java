package com.medialogis.dmp.itests;

import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.itests.Distribution.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The distribution's container with the readers owned by the Efficience service (its sandbox
 * here): set by the driver's settings alone, the card service follows the driver's reader service
 * (its service property from the settings), leaves the virtual cards' readers, shows the service's
 * CPS without a holder until its PIN opens a DMP session, and follows a card taken out.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReadersOwnedByEfficienceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    private ConfigurationAdmin configurations;

    @Inject
    private CommandProcessor commandProcessor;

    @Configuration
    public Option[] config() throws IOException {
        return Distribution.containerOptions(Files.createTempDirectory(Path.of("target"), "readers-").toAbsolutePath());
    }

    private Output execute(String commandLine, String input) {
        return Distribution.execute(commandProcessor, commandLine, input);
    }

    private String awaitList(String saying) throws InterruptedException {
        String list = Poll.until(DEADLINE, () -> execute("card:list", "").out(), out -> out.contains(saying));
        assertTrue("card:list should say " + saying + ": " + list, list.contains(saying));
        return list;
    }

    @Test
    public void theCardsAreReadThroughTheServiceOnceThePracticeLetsItOwnTheReaders() throws Exception {
        awaitList("DMP simulated reader 0");
        Object monitoring = configurations.getConfiguration("com.medialogis.dmp.sandbox", "?").getProperties().get("monitoring.port");
        org.osgi.service.cm.Configuration driver = configurations.getConfiguration("com.medialogis.dmp.connector.efficience", "?");
        Dictionary<String, Object> settings = driver.getProperties() == null ? new Hashtable<>() : driver.getProperties();
        settings.put("readers.owned", Boolean.TRUE);
        settings.put("monitoring.address", "ws://127.0.0.1:" + monitoring);
        driver.update(settings);

        String owned = awaitList("Virtual PCD 00 01: Vitale card");
        assertTrue(owned, owned.contains("Virtual PCD 00 00: CPS (holder read with the PIN: card:pin)"));
        assertTrue("the virtual cards' readers are let go: " + owned, !owned.contains("DMP simulated reader"));
        assertTrue("the INS-C computed by the card service: " + owned, owned.contains("INS-C 1541187387477485562488"));
        String readers = execute("card:readers", "").out();
        assertTrue(readers, readers.contains("belong to Efficience"));

        Output opened = execute("dmp:session open", "1234\n");
        assertTrue(opened.out() + opened.err(), opened.out().contains("Efficience session OPEN"));
        awaitList("DUPONT JEANNE, national id 899700000001, profession Médecin, specialty SM26");

        execute("sandbox:card remove vitale", "");
        String removed = Poll.until(DEADLINE, () -> execute("card:list", "").out(), out -> !out.contains("Vitale card"));
        assertTrue("the Vitale card taken out: " + removed, !removed.contains("Vitale card"));
    }
}
