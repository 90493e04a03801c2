package com.medialogis.dmp.cardsimulator.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A virtual card plugged into one vpcd reader: a TCP connection to the port the vpcd driver of
 * pcscd listens on. Messages both ways are a 2-byte big-endian length then the bytes; from vpcd,
 * a 1-byte message is a control (00 power off, 01 power on, 02 reset, 04 get the ATR), anything
 * longer a command APDU to answer. While pcscd is down the card waits and connects again every
 * second, so it comes back by itself when pcscd does.
 */
final class VpcdConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VpcdConnection.class);
    private static final long RETRY_MILLIS = 1000;
    private static final int POWER_OFF = 0x00;
    private static final int RESET = 0x02;
    private static final int GET_ATR = 0x04;

    private final String host;
    private final int port;
    private final VirtualCard card;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;
    private volatile Socket socket;

    private VpcdConnection(String host, int port, VirtualCard card) {
        this.host = host;
        this.port = port;
        this.card = card;
        this.thread = new Thread(this::run, "dmp-vpcd-" + port);
        thread.setDaemon(true);
    }

    static VpcdConnection open(String host, int port, VirtualCard card) {
        VpcdConnection connection = new VpcdConnection(host, port, card);
        connection.thread.start();
        return connection;
    }

    VirtualCard card() {
        return card;
    }

    private void run() {
        boolean announced = false;
        while (!closed.get()) {
            try (Socket connected = new Socket()) {
                connected.connect(new InetSocketAddress(host, port), 1000);
                connected.setTcpNoDelay(true);
                socket = connected;
                LOG.info("{} plugged into vpcd on {}:{}", card.label(), host, port);
                announced = false;
                serve(connected);
            } catch (IOException e) {
                if (!closed.get() && !announced) {
                    LOG.info("vpcd on {}:{} does not answer ({}); {} retries every second", host, port,
                            e.getMessage(), card.label());
                    announced = true;
                }
            } finally {
                card.powerOff();
            }
            pause();
        }
    }

    private void serve(Socket connected) throws IOException {
        DataInputStream in = new DataInputStream(connected.getInputStream());
        OutputStream out = connected.getOutputStream();
        while (!closed.get()) {
            // Without a quick ACK before each read, every APDU waits ~40 ms for the delayed ACK.
            connected.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
            int length = in.readUnsignedShort();
            byte[] message = in.readNBytes(length);
            if (message.length != length) {
                throw new IOException("vpcd closed the connection");
            }
            if (length == 1) {
                switch (message[0]) {
                    case POWER_OFF, RESET -> card.powerOff();
                    case GET_ATR -> send(out, card.atr());
                    default -> { } // power on: nothing to do
                }
            } else {
                send(out, card.process(message));
            }
        }
    }

    /** Length and bytes in one write: two writes would cost a delayed ACK each time. */
    private static void send(OutputStream out, byte[] payload) throws IOException {
        byte[] message = new byte[payload.length + 2];
        message[0] = (byte) (payload.length >> 8);
        message[1] = (byte) payload.length;
        System.arraycopy(payload, 0, message, 2, payload.length);
        out.write(message);
        out.flush();
    }

    private void pause() {
        synchronized (closed) {
            if (!closed.get()) {
                try {
                    closed.wait(RETRY_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closed.set(true);
                }
            }
        }
    }

    @Override
    public void close() {
        synchronized (closed) {
            closed.set(true);
            closed.notifyAll();
        }
        Socket current = socket;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                LOG.debug("Closing the vpcd connection: {}", e.getMessage());
            }
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
