package com.medialogis.dmp.shell.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;

/**
 * A command's standard input, fetched from the dmp-shell client one line at a time, only when the
 * command reads it: a command that never reads never makes the client touch its input.
 */
final class RemoteInput extends InputStream {

    /** How long a person may take to type a line (a PIN) that a command asks for. */
    private static final Duration TYPING_TIMEOUT = Duration.ofMinutes(5);

    private final DataInputStream in;
    private final DataOutputStream out;
    private final IoTimeout timeout;
    private byte[] line = new byte[0];
    private int position;
    private boolean ended;

    RemoteInput(DataInputStream in, DataOutputStream out, IoTimeout timeout) {
        this.in = in;
        this.out = out;
        this.timeout = timeout;
    }

    @Override
    public synchronized int read() throws IOException {
        if (position == line.length && !fetch()) {
            return -1;
        }
        return line[position++] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == line.length && !fetch()) {
            return -1;
        }
        int count = Math.min(length, line.length - position);
        System.arraycopy(line, position, buffer, offset, count);
        position += count;
        return count;
    }

    /** The line just consumed may be a PIN: it is wiped before the next one is asked for. */
    private boolean fetch() throws IOException {
        if (ended) {
            return false;
        }
        Arrays.fill(line, (byte) 0);
        synchronized (out) {
            ShellProtocol.writeFrame(out, ShellProtocol.READ, new byte[0], 0, 0);
        }
        line = timeout.within(TYPING_TIMEOUT, () -> ShellProtocol.readInput(in));
        position = 0;
        ended = line.length == 0;
        return !ended;
    }

    @Override
    public synchronized void close() {
        Arrays.fill(line, (byte) 0);
    }
}
