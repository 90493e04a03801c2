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
import java.util.Arrays;
import java.util.List;

/**
 * {@code bin/dmp-shell COMMAND...}: runs one shell command in the running container and prints
 * its output. Exit status: 0 done, 1 the command failed, 2 no command given, 3 no container.
 * Runs with plain Java, outside OSGi; the socket path comes from {@code -Ddmp.shell.socket}.
 */
public final class ShellClient {

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
        if (words.isEmpty()) {
            err.println("usage: dmp-shell COMMAND [ARGUMENT...]   for example: dmp-shell ins:nir 1500815051040");
            err.println("       dmp-shell help   lists the commands");
            return ShellProtocol.USAGE;
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            if (isForbidden(socket)) {
                err.println("dmp-shell: cannot reach the container on " + socket + ": permission denied"
                        + " (run dmp-shell as the user who started the container)");
            } else {
                err.println("dmp-shell: no container is running (nothing answers on " + socket + ")");
            }
            return ShellProtocol.NO_CONTAINER;
        }
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
        return !Files.isExecutable(folder) || Files.exists(socket) && !Files.isWritable(socket);
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
