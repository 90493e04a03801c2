package com.medialogis.dmp.sandbox.internal;

import com.medialogis.dmp.support.files.PrivateFiles;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A running sandbox: its simulated DMP (saved in its folder, which one sandbox at a time may use) served on a loopback address. Public (in a package no bundle exports)
 * so that the container component, the standalone process and other bundles' tests start it the
 * same way.
 */
public final class DmpSandbox implements AutoCloseable {

    private final SimulatedDmp dmp;
    private final Faults faults = new Faults();
    private final SimulatedReaders readers = new SimulatedReaders();
    private final SandboxServer server;
    private final SandboxMonitoring monitoring;
    /** Held while serving: two sandboxes never write the same DMP file. */
    private final FileChannel lockFile;

    private DmpSandbox(Path folder, InetSocketAddress address, InetSocketAddress monitoringAddress) throws IOException {
        PrivateFiles.folder(folder);
        this.lockFile = FileChannel.open(folder.resolve("dmp.lock"), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PrivateFiles.FILE));
        boolean locked;
        try {
            locked = locked(lockFile);
        } catch (IOException e) {
            lockFile.close();
            throw e;
        }
        if (!locked) {
            lockFile.close();
            throw new IOException("another sandbox already serves the DMP in " + folder);
        }
        try {
            this.dmp = SimulatedDmp.open(folder, Seed.patients(), Seed.documents());
            SandboxApi api = new SandboxApi(dmp, readers, faults);
            this.server = bound(address, () -> SandboxServer.create(address, api));
            try {
                this.monitoring = bound(monitoringAddress, () -> new SandboxMonitoring(monitoringAddress, api));
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            lockFile.close();
            throw e;
        }
        // Its reports first: a driver asking whether it talks to the sandbox is never told no by a sandbox.
        server.serve(SandboxAdmin.PATH, new SandboxAdmin(this));
        server.start();
    }

    /** How a card is moved: the words after sandbox:card or dmp-sandbox readers. */
    public static final String MOVE_USAGE = "insert cps|vitale [READER], or remove cps|vitale (READER: one of the readers listed;"
            + " when not named, the one holding the card, else its own, else an empty one)";

    /** A port of the sandbox another socket holds. */
    public static final class PortTaken extends BindException {
        private static final long serialVersionUID = 1L;
        private final int port;

        PortTaken(int port, BindException cause) {
            super("port " + port + " of 127.0.0.1 is taken");
            this.port = port;
            initCause(cause);
        }

        public int port() {
            return port;
        }
    }

    private interface Binding<T> {
        T bind() throws IOException;
    }

    /** @return what was bound to the address, or {@link PortTaken} naming its port */
    private static <T> T bound(InetSocketAddress address, Binding<T> binding) throws IOException {
        try {
            return binding.bind();
        } catch (BindException e) {
            throw new PortTaken(address.getPort(), e);
        }
    }

    /** @return whether this sandbox holds the folder's lock; another process, or another sandbox of this JVM, may */
    private static boolean locked(FileChannel lockFile) throws IOException {
        try {
            return lockFile.tryLock() != null;
        } catch (OverlappingFileLockException heldInThisJvm) {
            return false;
        }
    }

    /**
     * @param address a loopback address; port 0 picks a free one
     * @param monitoringAddress the loopback address of the card monitoring's WebSocket; port 0 picks a free one
     */
    public static DmpSandbox start(Path folder, InetSocketAddress address, InetSocketAddress monitoringAddress) throws IOException {
        return new DmpSandbox(folder, address, monitoringAddress);
    }

    /** A sandbox whose card monitoring takes a free port of the same address. */
    public static DmpSandbox start(Path folder, InetSocketAddress address) throws IOException {
        return new DmpSandbox(folder, address, new InetSocketAddress(address.getAddress(), 0));
    }

    public int port() {
        return server.port();
    }

    /** @return the port of the WebSocket serving the card monitoring commands */
    public int monitoringPort() {
        return monitoring.port();
    }

    /**
     * Moves a card as {@link #MOVE_USAGE} says: "insert" (a new card, the one there before taken out
     * first) or "remove", then "cps" or "vitale", then for an insertion the reader, whose name's words
     * may come apart (typed without quotes).
     */
    public void move(List<String> words) {
        if (words.size() < 2) {
            throw new IllegalArgumentException("expected insert or remove, then cps or vitale");
        }
        String card = words.get(1);
        Optional<String> reader = words.size() == 2 ? Optional.empty() : Optional.of(String.join(" ", words.subList(2, words.size())));
        switch (words.get(0)) {
            case "insert" -> reader.ifPresentOrElse(in -> readers.insert(card, in), () -> readers.insert(card));
            case "remove" -> {
                if (reader.isPresent()) {
                    throw new IllegalArgumentException("a card is removed from the reader holding it: name the card only");
                }
                remove(card);
            }
            default -> throw new IllegalArgumentException("no action '" + words.get(0) + "': insert or remove");
        }
    }

    /** Inserts a new card ("cps" or "vitale") in the reader holding it, else its own, else an empty one. */
    public void insert(String card) {
        readers.insert(card);
    }

    /** Takes the card ("cps" or "vitale") out of its reader. */
    public void remove(String card) {
        readers.remove(card);
    }

    /** @return one line per reader of the sandbox's Efficience service and what it holds */
    public List<String> readers() {
        return readers.report();
    }

    /** Injects latency and errors into the DMP commands from now on. */
    public void faults(long latencyMillis, double transientRate, double permanentRate) {
        faults.set(new Faults.Settings(latencyMillis, transientRate, permanentRate));
    }

    /** @return the commands received and the errors injected, by name */
    public Map<String, Long> counts() {
        return faults.counts();
    }

    /** @return one line per patient the simulated DMP knows: identifier, DMP, this doctor's authorization */
    public List<String> patients() {
        return dmp.patients().stream()
                .map(patient -> patient.ins() + "  " + patient.existence().name() + "  " + patient.authorization(Seed.DOCTOR).name())
                .toList();
    }

    /** @return one line per command received and per kind of error injected, then the documents held */
    public List<String> stats() {
        List<String> lines = new ArrayList<>();
        counts().forEach((name, count) -> lines.add(name + ": " + count));
        lines.add("documents held: " + documents());
        return lines;
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
        monitoring.close();
        server.close();
        try {
            lockFile.close();
        } catch (IOException e) {
            // the lock goes with the channel, closed or not
        }
    }
}
