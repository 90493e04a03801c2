package com.medialogis.dmp.shell.internal;

import java.util.List;
import java.util.regex.Pattern;

/** Turns the words given to dmp-shell into one Gogo command line, each word kept literally. */
final class GogoCommandLine {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_:./,+=@%-]+");

    private GogoCommandLine() {}

    static String of(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(quote(word));
        }
        return line.toString();
    }

    /** Single quotes keep everything literal in Gogo, as in a POSIX shell; a quote is written '\''. */
    static String quote(String word) {
        if (PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
