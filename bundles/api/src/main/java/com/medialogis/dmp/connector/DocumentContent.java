package com.medialogis.dmp.connector;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The body of a document: its size, known before a byte is read, and its bytes, read as a stream
 * as many times as needed. Documents go from a file or the queue's copy to the DMP as streams,
 * never held whole in memory. Implementations are safe to open from several threads; callers
 * implement it for their own sources (an upload, a record's attachment).
 */
@ConsumerType
public interface DocumentContent {

    /** The largest document the bundle set deposits unless configured otherwise: 20 MB. */
    int DEFAULT_LARGEST = 20 * 1024 * 1024;

    /** The largest document a setting may allow: 100 MB. */
    int LARGEST_ALLOWED = 100 * 1024 * 1024;

    /** @return the number of bytes {@link #open()} gives */
    long size();

    /**
     * @return a new stream of exactly {@link #size()} bytes, which the caller closes
     * @throws IOException when the bytes cannot be read, or no longer have the size announced
     */
    InputStream open() throws IOException;

    /**
     * @param bytes the body; the array is not copied and must not change afterwards
     * @return a content read from memory, for small documents and tests
     */
    static DocumentContent of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new DocumentContent() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    /**
     * @param file a regular file, whose size is read now
     * @return a content read from the file each time it is opened; a read fails with an
     *     {@link IOException} naming the file when the file no longer has that size
     * @throws IOException when the file's size cannot be read
     */
    static DocumentContent of(Path file) throws IOException {
        return new FileContent(file, Files.size(file));
    }
}
