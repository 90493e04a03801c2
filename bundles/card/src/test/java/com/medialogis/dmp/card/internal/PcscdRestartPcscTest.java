package com.medialogis.dmp.card.internal;

import static com.medialogis.dmp.card.internal.PcscStack.await;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.card.ReaderStatus;
import com.medialogis.dmp.cardsimulator.internal.VirtualCards;
import com.medialogis.dmp.identity.internal.AsipInsCalculator;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * pcscd stopped and started again under a running card service (as Linux desktops do): the
 * readers are lost, the status says so, and the cards are seen again within a few seconds,
 * without restarting anything. The pcscd this test starts keeps running; .ci/run stops it.
 */
public class PcscdRestartPcscTest {

    private VirtualCards cards;
    private CardService service;

    @BeforeClass
    public static void pcscdRuns() {
        PcscStack.requirePcscd();
    }

    @After
    public void stop() {
        if (service != null) {
            service.stop();
        }
        if (cards != null) {
            cards.close();
        }
    }

    @Test
    public void cardsAreSeenAgainAfterPcscdRestartsWithoutRestartingTheService() throws Exception {
        cards = VirtualCards.overVpcd(PcscStack.HOST, PcscStack.VPCD_PORT);
        service = new CardService(new AsipInsCalculator(), CardServiceTest.config(100, true));
        service.start();
        cards.insert("cps", Optional.empty());
        await("CPS seen", Duration.ofSeconds(2), () -> service.cps().isPresent());

        run("pkill", "-x", "pcscd");
        try {
            await("pcscd gone", Duration.ofSeconds(5), () -> !new File("/run/pcscd/pcscd.comm").exists());
            await("readers lost", Duration.ofSeconds(3), () -> service.readers().isEmpty());
            await("status says why", Duration.ofSeconds(3),
                    () -> service.status().state() == ReaderStatus.State.NO_SERVICE);
        } finally {
            startPcscd();
        }
        await("CPS seen again", Duration.ofSeconds(5), () -> service.cps().isPresent());
        await("running again", Duration.ofSeconds(1), () -> service.status().state() == ReaderStatus.State.RUNNING);
        assertTrue(service.cps().orElseThrow().pinTries().triesLeft() > 0);
    }

    /** A pcscd of our own, left running for what follows; .ci/run stops every pcscd at the end. */
    private static void startPcscd() throws IOException {
        new ProcessBuilder("pcscd", "--foreground")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
