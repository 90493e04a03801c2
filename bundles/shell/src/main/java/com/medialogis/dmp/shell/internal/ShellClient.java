package com.medialogis.dmp.shell.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/dmp-shell [--wait-ready[=SECONDS]] COMMAND...}: runs one shell command in the running
 * container and prints its output; with {@code --wait-ready}, once {@value #READY_COMMAND} says the
 * container is ready (polled every {@link #READY_POLL}), or without a command only waits for it.
 * Exit status: 0 done, 1 the command failed, 2 wrong arguments, 3 no container, 4 not ready in time.
 * Runs with plain Java, outside OSGi; the socket path comes from {@code -Ddmp.shell.socket}.
 */
public final class ShellClient {

    static final String WAIT_READY = "--wait-ready";
    static final String READY_COMMAND = "dmp:ready";
    static final Duration READY_POLL = Duration.ofMillis(50);
    static final int DEFAULT_READY_SECONDS = 60;
    private static final Pattern WAIT_READY_OPTION = Pattern.compile(WAIT_READY + "(=([1-9]\\d{0,5}))?");

    private ShellClient() {}

    public static void main(String[] args) {
        String socket = System.getProperty("dmp.shell.socket");
        if (socket == null || socket.isBlank()) {
            System.err.println("dmp-shell: the socket path is not set (-Ddmp.shell.socket)");
            System.exit(ShellProtocol.USAGE);
        }
        System.exit(run(Arrays.asList(args), Path.of(socket), ShellClient::readLine, System.out, System.err));
    }

    /** Where a command's input comes from when it asks for a line. */
    interface LineSource {
        /** @return one line with its newline, or no bytes at the end of the input */
        byte[] readLine() throws IOException;
    }

    /**
     * From a terminal, the line is read without echo (it may be a PIN); otherwise from standard
     * input, up to its newline.
     */
    static byte[] readLine() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword();
            if (typed == null) {
                return new byte[0];
            }
            ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(typed));
            byte[] line = new byte[encoded.remaining() + 1];
            encoded.get(line, 0, line.length - 1);
            line[line.length - 1] = '\n';
            Arrays.fill(typed, '\0');
            Arrays.fill(encoded.array(), (byte) 0);
            return line;
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while (line.size() < ShellProtocol.MAX_INPUT_BYTES && (b = System.in.read()) != -1) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.toByteArray();
    }

    static int run(List<String> words, Path socket, LineSource input, PrintStream out, PrintStream err) {
        List<String> command = words;
        if (!words.isEmpty() && words.get(0).startsWith(WAIT_READY)) {
            Matcher option = WAIT_READY_OPTION.matcher(words.get(0));
            if (!option.matches()) {
                printUsage(err);
                return ShellProtocol.USAGE;
            }
            Duration patience = Duration.ofSeconds(option.group(2) == null ? DEFAULT_READY_SECONDS : Integer.parseInt(option.group(2)));
            int waited = waitReady(socket, patience, err);
            command = words.subList(1, words.size());
            if (waited != ShellProtocol.OK || command.isEmpty()) {
                return waited;
            }
        }
        if (command.isEmpty()) {
            printUsage(err);
            return ShellProtocol.USAGE;
        }
        SocketChannel channel;
        try {
            channel = connect(socket);
        } catch (NoContainer e) {
            err.println("dmp-shell: " + e.getMessage());
            return ShellProtocol.NO_CONTAINER;
        }
        return converse(channel, command, input, out, err);
    }

    private static void printUsage(PrintStream err) {
        err.println("usage: dmp-shell [--wait-ready[=SECONDS]] COMMAND [ARGUMENT...]   for example: dmp-shell ins:nir 1500815051040");
        err.println("       dmp-shell --wait-ready[=SECONDS]   waits until the container is ready (dmp:ready), "
                + DEFAULT_READY_SECONDS + " s at most");
        err.println("       dmp-shell help   lists the commands");
    }

    /**
     * Asks {@value #READY_COMMAND} every {@link #READY_POLL} until it answers 0, within the patience
     * given (no container answering counts as not ready yet).
     *
     * @return {@link ShellProtocol#OK} once ready, or {@link ShellProtocol#NOT_READY} having printed
     *         the last reasons given
     */
    static int waitReady(Path socket, Duration patience, PrintStream err) {
        Instant deadline = Instant.now().plus(patience);
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "dmp-shell-deadline");
            thread.setDaemon(true);
            return thread;
        });
        try {
            String reasons;
            while (true) {
                ReadyAnswer answer = askReady(socket, deadline, watchdog);
                if (answer.ready()) {
                    return ShellProtocol.OK;
                }
                reasons = answer.reasons();
                if (!Instant.now().plus(READY_POLL).isBefore(deadline)) {
                    break;
                }
                Thread.sleep(READY_POLL.toMillis());
            }
            err.println("dmp-shell: the container is not ready after " + patience.toSeconds() + " s: " + reasons.strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("dmp-shell: interrupted while waiting for the container to be ready");
        } finally {
            watchdog.shutdownNow();
        }
        return ShellProtocol.NOT_READY;
    }

    /** Whether {@value #READY_COMMAND} answered 0, or why not; an answer not in by the deadline is cut off. */
    private static ReadyAnswer askReady(Path socket, Instant deadline, ScheduledExecutorService watchdog) {
        SocketChannel channel;
        try {
            channel = connect(socket);
        } catch (NoContainer e) {
            return new ReadyAnswer(false, e.getMessage());
        }
        ScheduledFuture<?> cutOff = watchdog.schedule(() -> closeQuietly(channel),
                Math.max(0, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = converse(channel, List.of(READY_COMMAND), () -> new byte[0],
                new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        boolean answerCutOff = !cutOff.cancel(false);
        if (status == ShellProtocol.OK) {
            return new ReadyAnswer(true, "");
        }
        if (answerCutOff) {
            return new ReadyAnswer(false, READY_COMMAND + " did not answer in time");
        }
        String said = err.toString(StandardCharsets.UTF_8).strip();
        return new ReadyAnswer(false, said.isEmpty() ? READY_COMMAND + " gave status " + status
                : READY_COMMAND + " said:\n" + said.indent(2));
    }

    private record ReadyAnswer(boolean ready, String reasons) {}

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the attempt it cuts off fails, which is the point
        }
    }

    private static SocketChannel connect(Path socket) throws NoContainer {
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return channel;
        } catch (IOException e) {
            if (isForbidden(socket)) {
                throw new NoContainer("cannot reach the container on " + socket + ": permission denied"
                        + " (run dmp-shell as the user who started the container)");
            }
            throw new NoContainer("no container is running (nothing answers on " + socket + ")");
        }
    }

    /** Why no container answered, as dmp-shell says it. */
    private static final class NoContainer extends Exception {
        NoContainer(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Sends the command on the connection and relays its answer; closes the connection. */
    private static int converse(SocketChannel channel, List<String> words, LineSource input, PrintStream out, PrintStream err) {
        try (channel;
                DataOutputStream request = new DataOutputStream(Channels.newOutputStream(channel));
                DataInputStream answer = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)))) {
            sendRequest(request, words);
            return readAnswer(answer, request, input, out, err);
        } catch (EOFException e) {
            err.println("dmp-shell: the container closed the connection before the command ended");
            return ShellProtocol.FAILED;
        } catch (IOException e) {
            err.println("dmp-shell: " + e.getMessage());
            return ShellProtocol.FAILED;
        }
    }

    /**
     * A container that refuses the connection (another user, too many commands) answers and
     * closes without reading the request: writing it may then fail, and the answer says why.
     */
    private static void sendRequest(DataOutputStream request, List<String> words) {
        try {
            ShellProtocol.writeRequest(request, new ShellProtocol.Request(Path.of("").toAbsolutePath(), words));
        } catch (IOException refusedUnread) {
            // the answer, read next, gives the reason, or its absence says the container went away
        }
    }

    private static boolean isForbidden(Path socket) {
        Path folder = socket.toAbsolutePath().getParent();
        return Files.exists(folder) && !Files.isExecutable(folder) || Files.exists(socket) && !Files.isWritable(socket);
    }

    static int readAnswer(DataInputStream answer, DataOutputStream request, LineSource input, OutputStream out,
            OutputStream err) throws IOException {
        while (true) {
            byte type = answer.readByte();
            int length = answer.readInt();
            if (length < 0) {
                throw new IOException("malformed answer from the container (frame of " + length + " bytes)");
            }
            byte[] payload = answer.readNBytes(length);
            switch (type) {
                case ShellProtocol.OUT -> out.write(payload);
                case ShellProtocol.ERR -> err.write(payload);
                case ShellProtocol.READ -> {
                    out.flush();
                    byte[] line = input.readLine();
                    ShellProtocol.writeFrame(request, ShellProtocol.INPUT, line, 0, line.length);
                    Arrays.fill(line, (byte) 0);
                }
                case ShellProtocol.EXIT -> {
                    if (payload.length != 4) {
                        throw new IOException("malformed answer from the container (exit frame of " + length + " bytes)");
                    }
                    out.flush();
                    err.flush();
                    return ByteBuffer.wrap(payload).getInt();
                }
                default -> throw new IOException("malformed answer from the container (frame type " + type + ")");
            }
        }
    }
}
