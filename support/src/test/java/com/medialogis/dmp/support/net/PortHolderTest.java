package com.medialogis.dmp.support.net;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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
}
