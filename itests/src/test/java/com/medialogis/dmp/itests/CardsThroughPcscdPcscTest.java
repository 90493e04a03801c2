package com.medialogis.dmp.itests;

import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.card.CardReaders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * The distribution reading the simulator's cards as a practice's container reads real ones: the
 * simulator plugs them into the vpcd readers of the pcscd that {@code .ci/run} starts, and the card
 * service reads them through PC/SC with the profiles of the real layouts (Maven profile pcsc).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CardsThroughPcscdPcscTest {

    @Inject
    private BundleContext context;

    @Inject
    private CommandProcessor commandProcessor;

    @Configuration
    public Option[] config() throws IOException {
        Path home = Files.createTempDirectory(Path.of("target"), "container-pcscd-").toAbsolutePath();
        Option[] options = Distribution.containerOptions(home);
        Path simulator = home.resolve("load/com.medialogis.dmp.cardsimulator.cfg");
        Files.writeString(simulator, Files.readString(simulator) + "transport = vpcd\n");
        return options;
    }

    @Test
    public void cardListShowsTheCpsFromItsCertificateAndTheVitaleHoldersFromTheClearZones() throws InterruptedException {
        CardReaders readers = context.getService(context.getServiceReference(CardReaders.class));
        Poll.until(Duration.ofSeconds(20), () -> readers.cps().isPresent() && readers.vitale().isPresent());
        String list = Distribution.execute(commandProcessor, "card:list", "").out();
        assertTrue(list, list.contains("Virtual PCD 00 00: CPS (test card) DUPONT JEANNE, national id 899700000001,"
                + " profession Médecin, specialty unknown, card 802500000100012345; 3 tries left"));
        assertTrue(list, list.contains("Virtual PCD 00 01: Vitale card, 4 beneficiaries"));
        assertTrue(list, list.contains("MARTIN JEAN, born 500801, rank unknown, quality unknown: INS-C 1541187387477485562488"));
        assertTrue(list, list.contains("MARTIN ROSE, born 290200, rank unknown, quality unknown: INS-C"));
    }
}
