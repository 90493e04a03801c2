package com.medialogis.dmp.connector;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A document read from a file each time it is opened; a read fails when the file's size changed. */
final class FileContent implements DocumentContent {

    private final Path file;
    private final long size;

    FileContent(Path file, long size) {
        this.file = file;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream open() throws IOException {
        return new ExactLength(Files.newInputStream(file));
    }

    /** Fails unless the file gives exactly the size it had when this content was made. */
    private final class ExactLength extends FilterInputStream {
        private long read;

        ExactLength(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            count(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            count(skipped);
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void count(long n) throws IOException {
            if (n < 0 ? read < size : read + n > size) {
                throw new IOException(file + " changed while it was read: it no longer has " + size + " bytes");
            }
            read += Math.max(n, 0);
        }
    }
}
