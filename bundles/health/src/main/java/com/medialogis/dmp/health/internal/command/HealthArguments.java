package com.medialogis.dmp.health.internal.command;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The arguments of {@code dmp:health}: tags, {@code --json}, {@code --strict}. */
record HealthArguments(List<String> tags, boolean json, boolean strict) {

    static final String USAGE = "usage: dmp:health [TAG...] [--json] [--strict]   (no TAG: every check tagged dmp;"
            + " a WARN of a check tagged demo fails only with --strict)";
    /** Tags go into the executor's service filter: no filter syntax. */
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** @throws IllegalArgumentException saying which argument is wrong */
    static HealthArguments parse(List<String> args) {
        List<String> tags = new ArrayList<>();
        boolean json = false;
        boolean strict = false;
        for (String arg : args) {
            switch (arg) {
                case "--json" -> json = true;
                case "--strict" -> strict = true;
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    if (!TAG.matcher(arg).matches()) {
                        throw new IllegalArgumentException("not a tag: '" + arg + "' (letters, digits, '.', '_' and '-')");
                    }
                    tags.add(arg);
                }
            }
        }
        return new HealthArguments(List.copyOf(tags), json, strict);
    }
}
