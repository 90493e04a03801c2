package com.medialogis.dmp.efficience.internal;

import java.io.IOException;
import java.io.InputStream;

/** A stream made one chunk at a time as it is read: a document's base64, an answer's fragments. */
abstract class ChunkedStream extends InputStream {

    private byte[] chunk = new byte[0];
    private int position;
    private boolean ended;

    /** @return the next chunk (maybe empty), or null at the stream's end */
    protected abstract byte[] next() throws IOException;

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == chunk.length) {
            byte[] next = ended ? null : next();
            if (next == null) {
                ended = true;
                return -1;
            }
            chunk = next;
            position = 0;
        }
        int n = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, buffer, offset, n);
        position += n;
        return n;
    }
}
