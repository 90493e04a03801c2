package com.medialogis.dmp.support.net;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Test;

public class PortHolderTest {

    @Test
    public void theProcessListeningOnAPortIsNamedAndAFreePortHasNone() throws IOException {
        assumeTrue("needs Linux's /proc", Files.isReadable(Path.of("/proc/net/tcp")));
        int port;
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = listening.getLocalPort();
            String holder = PortHolder.of(port).orElseThrow();
            assertTrue(holder, holder.startsWith("pid " + ProcessHandle.current().pid() + ": "));
            assertTrue(holder, holder.contains("java"));
        }
        assertEquals(Optional.empty(), PortHolder.of(port));
    }

    /**
     * A busy process closes and opens files while its files are looked at: those gone are passed over, not taken for
     * its end. The files are opened before the socket, so that their numbers come first in the process's list.
     */
    @Test
    public void theHolderIsFoundWhileItClosesAndOpensOtherFiles() throws Exception {
        assumeTrue("needs Linux's /proc", Files.isReadable(Path.of("/proc/net/tcp")));
        Path file = Files.createTempFile("port-holder", ".txt");
        List<FileChannel> open = openFiles(file);
        AtomicBoolean busy = new AtomicBoolean(true);
        AtomicReference<RuntimeException> churnFailure = new AtomicReference<>();
        Thread churn = new Thread(() -> {
            try {
                while (busy.get()) {
                    open.forEach(PortHolderTest::close);
                    open.clear();
                    open.addAll(openFiles(file));
                }
            } catch (RuntimeException e) {
                churnFailure.set(e);
            }
        });
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            churn.start();
            int looks = 0;
            int missed = 0;
            // Two seconds of looks: each one reads every process's files, so their count depends on the machine.
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < until) {
                looks++;
                if (PortHolder.of(listening.getLocalPort()).isEmpty()) {
                    missed++;
                }
            }
            assertEquals("looks (of " + looks + ") that did not find this process", 0, missed);
        } finally {
            busy.set(false);
            churn.join();
            open.forEach(PortHolderTest::close);
            Files.delete(file);
        }
        assertEquals("the files were closed and opened all along", null, churnFailure.get());
    }

    private static List<FileChannel> openFiles(Path file) {
        List<FileChannel> open = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                open.add(FileChannel.open(file));
            }
        } catch (IOException e) {
            open.forEach(PortHolderTest::close);
            throw new UncheckedIOException(e);
        }
        return open;
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
