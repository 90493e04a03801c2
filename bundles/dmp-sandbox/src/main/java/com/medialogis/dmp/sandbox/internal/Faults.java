package com.medialogis.dmp.sandbox.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/** Latency and errors injected into the DMP commands, and the counts of what was received. */
final class Faults {

    /** What to inject: a delay, and the share of DMP commands failing transiently or permanently. */
    record Settings(long latencyMillis, double transientRate, double permanentRate) {
        Settings {
            if (latencyMillis < 0) {
                throw new IllegalArgumentException("latency must be 0 or more milliseconds, not " + latencyMillis);
            }
            if (transientRate < 0 || permanentRate < 0 || transientRate + permanentRate > 1) {
                throw new IllegalArgumentException("error rates are between 0 and 1 and add up to 1 at most, not "
                        + transientRate + " and " + permanentRate);
            }
        }
    }

    /** What an injection decided for one command. */
    enum Injected { NONE, TRANSIENT, PERMANENT }

    private volatile Settings settings = new Settings(0, 0, 0);
    private final Map<String, LongAdder> received = new ConcurrentHashMap<>();
    private final Map<Injected, LongAdder> injected = new ConcurrentHashMap<>();

    Settings settings() {
        return settings;
    }

    void set(Settings newSettings) {
        settings = newSettings;
    }

    void count(String command) {
        received.computeIfAbsent(command, name -> new LongAdder()).increment();
    }

    /** Waits the latency, then draws whether this DMP command fails. */
    Injected draw() throws InterruptedException {
        Settings current = settings;
        if (current.latencyMillis() > 0) {
            Thread.sleep(current.latencyMillis());
        }
        double draw = ThreadLocalRandom.current().nextDouble();
        Injected outcome = draw < current.transientRate() ? Injected.TRANSIENT
                : draw < current.transientRate() + current.permanentRate() ? Injected.PERMANENT : Injected.NONE;
        if (outcome != Injected.NONE) {
            injected.computeIfAbsent(outcome, kind -> new LongAdder()).increment();
        }
        return outcome;
    }

    /** @return the commands received and the errors injected, by name */
    Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        received.forEach((command, count) -> counts.put(command, count.sum()));
        injected.forEach((kind, count) -> counts.put("injected " + kind.name().toLowerCase(), count.sum()));
        return counts;
    }
}
