package com.medialogis.dmp.support.secret;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.felix.service.command.CommandSession;

/**
 * Asks for a secret (a CPS PIN) in a Gogo command: without echo at the console, through the
 * console's JLine terminal; otherwise one line of the command's input, which dmp-shell reads
 * without echo from its terminal. The secret is kept in a char array, never in a String.
 */
public final class SecretPrompt {

    private SecretPrompt() {}

    /**
     * @param session the command's session
     * @param prompt what to print before reading, for example "PIN: "
     * @param longest the longest secret kept; longer input is cut
     * @return what was typed, or null when the user cancelled or the input ended
     * @throws IOException when the input could not be read
     */
    public static char[] read(CommandSession session, String prompt, int longest) throws IOException {
        Object terminal = session.get(".terminal");
        return terminal != null && ConsoleSecret.isTerminal(terminal) ? ConsoleSecret.read(terminal, prompt, longest)
                : readLine(System.in, prompt, longest);
    }

    /** Reads one line into a char array; null at the end of the input. */
    static char[] readLine(InputStream in, String prompt, int longest) throws IOException {
        System.out.print(prompt);
        System.out.flush();
        char[] line = new char[longest];
        int length = 0;
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r' && length < line.length) {
                line[length++] = (char) b;
            }
        }
        if (b == -1 && length == 0) {
            return null;
        }
        char[] secret = Arrays.copyOf(line, length);
        Arrays.fill(line, '\0');
        return secret;
    }
}
