package com.medialogis.dmp.card.internal;

import java.security.NoSuchAlgorithmException;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;
import jnasmartcardio.Smartcardio;

/**
 * PC/SC through jnasmartcardio (JNA) rather than the JDK's provider: the JDK fixes its PC/SC
 * context once per JVM and never recovers when pcscd starts late or restarts, whereas each
 * {@code terminals()} here opens a new context. A context given up must be released: pcscd
 * allows 200 per machine.
 */
final class PcscTerminals {

    private PcscTerminals() {}

    static TerminalFactory factory() {
        try {
            return TerminalFactory.getInstance("PC/SC", null, new Smartcardio());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("jnasmartcardio offers no PC/SC terminal factory", e);
        }
    }

    /** Releases the PC/SC context behind these terminals, when they have one. */
    static void close(CardTerminals terminals) {
        if (terminals instanceof Smartcardio.JnaCardTerminals pcsc) {
            try {
                pcsc.close();
            } catch (RuntimeException | Smartcardio.JnaPCSCException e) {
                // the service is gone: nothing left to release
            }
        }
    }
}
