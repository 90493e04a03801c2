package com.medialogis.dmp.sandbox.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A running sandbox: its simulated DMP (saved in {@code dmp.json} of its folder) served on a
 * loopback address. Public (in a package no bundle exports) so that the container component, the
 * standalone process and other bundles' tests start it the same way.
 */
public final class DmpSandbox implements AutoCloseable {

    private final SimulatedDmp dmp;
    private final Faults faults = new Faults();
    private final SandboxServer server;

    private DmpSandbox(Path folder, InetSocketAddress address) throws IOException {
        this.dmp = SimulatedDmp.open(folder.resolve("dmp.json"), Seed.state());
        this.server = SandboxServer.start(address, dmp, faults);
    }

    /** @param address a loopback address; port 0 picks a free one */
    public static DmpSandbox start(Path folder, InetSocketAddress address) throws IOException {
        return new DmpSandbox(folder, address);
    }

    public int port() {
        return server.port();
    }

    /** Injects latency and errors into the DMP commands from now on. */
    public void faults(long latencyMillis, double transientRate, double permanentRate) {
        faults.set(new Faults.Settings(latencyMillis, transientRate, permanentRate));
    }

    /** @return the commands received and the errors injected, by name */
    public Map<String, Long> counts() {
        return faults.counts();
    }

    /** A seeded or created patient: his identifier, his DMP and this doctor's authorization. */
    public record PatientSummary(String ins, String dmp, String authorization) {}

    /** @return every patient the simulated DMP knows */
    public List<PatientSummary> patients() {
        return dmp.patients().stream()
                .map(patient -> new PatientSummary(patient.ins(), patient.existence().name(),
                        patient.authorization(Seed.DOCTOR).name()))
                .toList();
    }

    /** @return the injected latency and error rates */
    public String faults() {
        Faults.Settings settings = faults.settings();
        return "latency " + settings.latencyMillis() + " ms, transient errors " + settings.transientRate()
                + ", permanent errors " + settings.permanentRate();
    }

    /** @return how many documents the simulated DMP holds */
    public int documents() {
        return dmp.documentCount();
    }

    @Override
    public void close() {
        server.close();
    }
}
