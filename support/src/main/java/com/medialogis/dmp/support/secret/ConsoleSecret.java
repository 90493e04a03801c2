package com.medialogis.dmp.support.secret;

import java.io.IOException;
import java.util.Arrays;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;

/**
 * Reads a secret at the Gogo console without echo, through the console's JLine terminal (the
 * session variable {@code .terminal}). Loaded only when that variable exists, so that a bundle
 * using it runs without JLine (headless, or in another container).
 */
final class ConsoleSecret {

    private static final int ENTER = '\r';
    private static final int NEWLINE = '\n';
    private static final int CTRL_C = 3;
    private static final int CTRL_D = 4;
    private static final int BACKSPACE = 8;
    private static final int DELETE = 127;

    private ConsoleSecret() {}

    /** @return whether the session variable is a JLine terminal this class can read from */
    static boolean isTerminal(Object console) {
        return console instanceof Terminal;
    }

    /** @return what was typed, or null when the user cancelled (Ctrl-C, Ctrl-D) */
    static char[] read(Object console, String prompt, int longest) throws IOException {
        Terminal terminal = (Terminal) console;
        char[] typed = new char[longest];
        int length = 0;
        Attributes saved = terminal.enterRawMode();
        try {
            terminal.writer().print(prompt);
            terminal.flush();
            while (true) {
                int c = terminal.reader().read();
                if (c == -1 || c == CTRL_C || c == CTRL_D) {
                    return null;
                }
                if (c == ENTER || c == NEWLINE) {
                    return Arrays.copyOf(typed, length);
                }
                if (c == BACKSPACE || c == DELETE) {
                    length = Math.max(0, length - 1);
                } else if (length < typed.length) {
                    typed[length++] = (char) c;
                }
            }
        } finally {
            Arrays.fill(typed, '\0');
            terminal.setAttributes(saved);
            terminal.writer().println();
            terminal.flush();
        }
    }
}
