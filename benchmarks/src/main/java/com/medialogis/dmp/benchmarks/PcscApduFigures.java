package com.medialogis.dmp.benchmarks;

import com.medialogis.dmp.cardsimulator.internal.VirtualCards;
import java.util.Arrays;
import java.util.Optional;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.TerminalFactory;
import jnasmartcardio.Smartcardio;

/**
 * The round trip of one APDU through the real stack: jnasmartcardio, pcscd, the vpcd driver and
 * the virtual CPS over TCP. Needs pcscd with vsmartcard-vpcd running (see .ci/run).
 *
 * <p>Run: java -cp benchmarks/target/benchmarks.jar com.medialogis.dmp.benchmarks.PcscApduFigures
 */
public final class PcscApduFigures {

    private static final int WARM_UP = 1_000;
    private static final int MEASURED = 5_000;

    private PcscApduFigures() {}

    public static void main(String[] args) throws Exception {
        VirtualCards cards = VirtualCards.overVpcd("127.0.0.1", 35963);
        try {
            cards.insert("cps", Optional.empty());
            CardTerminal terminal = TerminalFactory.getInstance("PC/SC", null, new Smartcardio())
                    .terminals().getTerminal("Virtual PCD 00 00");
            if (terminal == null || !terminal.waitForCardPresent(5_000)) {
                throw new IllegalStateException("no card in Virtual PCD 00 00: is pcscd running with vpcd?");
            }
            Card card = terminal.connect("*");
            CardChannel channel = card.getBasicChannel();
            byte[] aid = {(byte) 0xF0, 'D', 'M', 'P', 'C', 'P', 'S'};
            channel.transmit(new CommandAPDU(0x00, 0xA4, 0x04, 0x00, aid));
            CommandAPDU triesLeft = new CommandAPDU(0x00, 0x20, 0x00, 0x81);
            for (int i = 0; i < WARM_UP; i++) {
                channel.transmit(triesLeft);
            }
            long[] nanos = new long[MEASURED];
            for (int i = 0; i < MEASURED; i++) {
                long start = System.nanoTime();
                channel.transmit(triesLeft);
                nanos[i] = System.nanoTime() - start;
            }
            card.disconnect(false);
            long[] insertions = new long[10];
            long[] removals = new long[10];
            for (int i = 0; i < insertions.length; i++) {
                long start = System.nanoTime();
                cards.remove("cps");
                while (terminal.isCardPresent()) {
                    Thread.sleep(1);
                }
                removals[i] = System.nanoTime() - start;
                start = System.nanoTime();
                cards.insert("cps", Optional.empty());
                while (!terminal.isCardPresent()) {
                    Thread.sleep(1);
                }
                insertions[i] = System.nanoTime() - start;
            }
            Arrays.sort(insertions);
            Arrays.sort(removals);
            Arrays.sort(nanos);
            System.out.printf("machine: %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            System.out.printf("APDU round trip through pcscd + vpcd, %d VERIFY (tries left) after %d warm-up:%n",
                    MEASURED, WARM_UP);
            System.out.printf("  mean %.3f ms, median %.3f ms, p99 %.3f ms, max %.3f ms%n",
                    Arrays.stream(nanos).average().orElseThrow() / 1e6, nanos[MEASURED / 2] / 1e6,
                    nanos[MEASURED * 99 / 100] / 1e6, nanos[MEASURED - 1] / 1e6);
            System.out.printf("card seen by pcscd (isCardPresent polled every 1 ms), 10 cycles:%n");
            System.out.printf("  insertion median %.0f ms, max %.0f ms; removal median %.0f ms, max %.0f ms%n",
                    insertions[5] / 1e6, insertions[9] / 1e6, removals[5] / 1e6, removals[9] / 1e6);
        } finally {
            cards.close();
        }
    }
}
