package com.medialogis.dmp.shell.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The dmp-shell wire format, over a Unix domain socket. The client sends one request: a version,
 * its working folder (the command's current folder, for relative file names), the number of
 * words, then each word (each text as length + UTF-8). The server answers with frames: a type
 * byte, a length and the bytes: {@link #OUT} and {@link #ERR} carry the command's output as it
 * comes, {@link #EXIT} ends the answer with the exit status as an int. When the command reads its
 * input, the server sends {@link #READ} and the client answers with one {@link #INPUT} frame: a
 * line (read without echo from a terminal), or no bytes at the end of its input.
 */
final class ShellProtocol {

    static final int VERSION = 2;
    static final byte OUT = 'O';
    static final byte ERR = 'E';
    static final byte EXIT = 'X';
    static final byte READ = 'R';
    static final byte INPUT = 'I';
    /** The longest input line a command is given. */
    static final int MAX_INPUT_BYTES = 4096;

    /** The command ran and reported nothing on its error stream. */
    static final int OK = 0;
    /** The command reported an error, threw, or does not exist. */
    static final int FAILED = 1;
    /** dmp-shell was called without a command, or with a malformed option. */
    static final int USAGE = 2;
    /** No container answered. */
    static final int NO_CONTAINER = 3;
    /** dmp-shell --wait-ready: the container was not ready (or did not answer) in the time given. */
    static final int NOT_READY = 4;

    static final int MAX_WORDS = 256;
    static final int MAX_WORD_BYTES = 64 * 1024;

    private ShellProtocol() {}

    /** A command line and the folder it was typed in. */
    record Request(Path workingFolder, List<String> words) {}

    static void writeRequest(DataOutputStream out, Request request) throws IOException {
        out.writeInt(VERSION);
        writeText(out, request.workingFolder().toString());
        out.writeInt(request.words().size());
        for (String word : request.words()) {
            writeText(out, word);
        }
        out.flush();
    }

    /** Reads a request, refusing with a clear message anything that is not one. */
    static Request readRequest(DataInputStream in) throws IOException {
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("unsupported dmp-shell protocol version " + version + ", expected " + VERSION);
        }
        Path folder;
        try {
            folder = Path.of(readText(in, "the working folder"));
        } catch (InvalidPathException e) {
            throw new IOException("the working folder is not a path: " + e.getMessage());
        }
        if (!folder.isAbsolute()) {
            throw new IOException("the working folder must be an absolute path");
        }
        int count = in.readInt();
        if (count < 1 || count > MAX_WORDS) {
            throw new IOException("a request has 1 to " + MAX_WORDS + " words, not " + count);
        }
        List<String> words = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            words.add(readText(in, "word " + (i + 1)));
        }
        return new Request(folder, words);
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(DataInputStream in, String what) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_WORD_BYTES) {
            throw new IOException(what + " has " + length + " bytes; at most " + MAX_WORD_BYTES + " are accepted");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    static void writeFrame(DataOutputStream out, byte type, byte[] bytes, int offset, int length)
            throws IOException {
        out.writeByte(type);
        out.writeInt(length);
        out.write(bytes, offset, length);
        out.flush();
    }

    /** Reads the client's answer to a {@link #READ}: the line, or an empty array at the end of input. */
    static byte[] readInput(DataInputStream in) throws IOException {
        byte type = in.readByte();
        int length = in.readInt();
        if (type != INPUT || length < 0 || length > MAX_INPUT_BYTES) {
            throw new IOException("expected an input frame of at most " + MAX_INPUT_BYTES + " bytes");
        }
        return in.readNBytes(length);
    }

    static void writeExit(DataOutputStream out, int status) throws IOException {
        out.writeByte(EXIT);
        out.writeInt(4);
        out.writeInt(status);
        out.flush();
    }
}
