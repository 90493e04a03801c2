package com.medialogis.dmp.bridge.internal.licence;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;

/**
 * A Médialogis licence code's content, once its signature is checked.
 *
 * @param practice the practice it was issued for
 * @param options the options it holds, such as {@value #EFFICIENCE}
 * @param issued when it was issued
 * @param expires its last valid day
 * @param demo signed with a demonstration key: for the demo container, never a practice's
 */
public record Licence(String practice, Set<String> options, LocalDate issued, LocalDate expires, boolean demo) {

    /** The option of the DMP's Efficience actions, as the manual names it. */
    public static final String EFFICIENCE = "DMP – Efficience";

    public Licence {
        Objects.requireNonNull(practice, "practice");
        options = Set.copyOf(options);
        Objects.requireNonNull(issued, "issued");
        Objects.requireNonNull(expires, "expires");
    }
}
