package com.medialogis.dmp.card.internal;

import static org.junit.Assert.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import javax.smartcardio.TerminalFactory;

/** What the tests of the real PC/SC stack (pcscd + vpcd, Maven profile pcsc) share. */
final class PcscStack {

    static final String HOST = "127.0.0.1";
    static final int VPCD_PORT = 35963;
    static final String CPS_READER = "Virtual PCD 00 00";

    private PcscStack() {}

    /** Fails at once, saying what to do, when no pcscd answers. */
    static void requirePcscd() {
        try {
            TerminalFactory.getInstance("PC/SC", null).terminals().list();
        } catch (Exception | LinkageError e) {
            fail("these tests need pcscd with the vsmartcard vpcd driver (.ci/run starts it): " + e);
        }
    }

    /** Polls until the condition holds, failing after the deadline. */
    static void await(String what, Duration deadline, BooleanSupplier condition) {
        Instant end = Instant.now().plus(deadline);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError(what + ": not within " + deadline.toMillis() + " ms");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(what + ": interrupted");
            }
        }
    }
}
