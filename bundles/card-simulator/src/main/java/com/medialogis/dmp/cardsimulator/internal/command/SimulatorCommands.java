package com.medialogis.dmp.cardsimulator.internal.command;

import com.medialogis.dmp.cardsimulator.internal.VirtualCards;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code card:sim-insert cps|vitale|vitale1 [READER]} and {@code card:sim-remove cps|vitale|vitale1|READER}. Gogo
 * calls {@link #_main} with the command name first, which allows the hyphenated names. They never
 * throw: a reason and the usage go to the error stream.
 */
public final class SimulatorCommands {

    private static final String USAGE = "usage: card:sim-insert cps|vitale|vitale1 [READER]   card:sim-remove cps|vitale|vitale1|READER";

    private final VirtualCards cards;

    public SimulatorCommands(VirtualCards cards) {
        this.cards = cards;
    }

    public void _main(String... args) {
        List<String> words = Arrays.asList(args);
        try {
            if (words.size() >= 2 && words.size() <= 3 && words.get(0).equals("sim-insert")) {
                System.out.println(cards.insert(words.get(1), words.size() == 3 ? Optional.of(words.get(2)) : Optional.empty()));
            } else if (words.size() == 2 && words.get(0).equals("sim-remove")) {
                System.out.println(cards.remove(words.get(1)));
            } else {
                System.err.println(USAGE);
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "; readers: " + String.join(", ", cards.readerNames()));
            System.err.println(USAGE);
        }
    }
}
