package com.medialogis.dmp.queue.internal;

import com.medialogis.dmp.connector.DocumentContent;
import com.medialogis.dmp.queue.QueueException;
import com.medialogis.dmp.queue.QueueException.Problem;
import com.medialogis.dmp.support.files.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue's copies of the documents: one file per deposit, named by its DMP unique id, in a
 * folder readable by the container's user only. A document is copied as it is read, never whole in
 * memory, digested on the way and checked to have its announced size; the copy's data is synced
 * (with its size, which is what reading it back needs), then renamed in place, and the folder
 * synced before its deposit is committed. A copy whose deposit
 * was not stored, is DONE or is CANCELLED is deleted.
 */
final class DocumentFiles {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentFiles.class);
    private static final int BUFFER = 64 * 1024;

    /** A document copied for a deposit: its content's SHA-256 in hexadecimal and its size in bytes. */
    record Copy(String uniqueId, String sha256, long size) {}

    private final Path folder;

    /** Copies a stop interrupted are deleted. */
    DocumentFiles(Path folder) throws IOException {
        this.folder = PrivateFiles.folder(folder);
        try (var parts = Files.newDirectoryStream(folder, "*" + PrivateFiles.PART)) {
            for (Path part : parts) {
                Files.delete(part);
            }
        }
    }

    /**
     * @throws QueueException UNREADABLE_CONTENT when the content cannot be read or does not have its
     *     announced size; STORAGE when the copy cannot be written. Nothing is left behind.
     */
    Copy copy(DocumentContent content, String uniqueId) throws QueueException {
        InputStream in;
        try {
            in = content.open();
        } catch (IOException | RuntimeException e) {
            throw new QueueException(Problem.UNREADABLE_CONTENT, "the document could not be read: " + e.getMessage(), e);
        }
        MessageDigest digest = sha256();
        try {
            PrivateFiles.create(file(uniqueId), out -> {
                copy(in, out, digest, content.size());
                return null;
            });
            return new Copy(uniqueId, HexFormat.of().formatHex(digest.digest()), content.size());
        } catch (Unreadable e) {
            throw new QueueException(Problem.UNREADABLE_CONTENT, e.getMessage(), e.getCause());
        } catch (IOException e) {
            throw new QueueException(Problem.STORAGE, "the queue could not keep its copy of the document, nothing was"
                    + " stored: " + e.getMessage(), e);
        } finally {
            closeQuietly(in);
        }
    }

    /** The document could not be read from its source: the request's fault, not the queue's. */
    private static final class Unreadable extends IOException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static void copy(InputStream in, FileChannel out, MessageDigest digest, long size) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long copied = 0;
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException | RuntimeException e) {
                throw new Unreadable("the document could not be read: " + e.getMessage(), e);
            }
            if (n < 0) {
                break;
            }
            copied += n;
            if (copied > size) {
                break;
            }
            digest.update(buffer, 0, n);
            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        }
        if (copied != size) {
            throw new Unreadable("the document changed while it was read: it does not have " + size + " bytes", null);
        }
    }

    /** Makes the names of the copies renamed in place durable: run before their deposits are committed. */
    void sync() throws IOException {
        PrivateFiles.syncFolder(folder);
    }

    /** @return the deposit's document, read from the queue's copy */
    DocumentContent content(String uniqueId) throws IOException {
        return DocumentContent.of(file(uniqueId));
    }

    /** Deletes a copy no deposit needs any more; a failure is logged, the file is deleted at the next start. */
    void delete(String uniqueId) {
        deleteQuietly(file(uniqueId));
    }

    /**
     * Deletes every file but the copies of the deposits still to send or to retry: copies a stop
     * interrupted, copies of deposits that were not stored, that are DONE or CANCELLED.
     *
     * @return how many were deleted
     */
    int keepOnly(Set<String> needed) throws IOException {
        int deleted = 0;
        try (var files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                if (!needed.contains(file.getFileName().toString())) {
                    Files.delete(file);
                    deleted++;
                }
            }
        }
        return deleted;
    }

    private Path file(String uniqueId) {
        return folder.resolve(uniqueId);
    }

    /** The copy is made or refused already: a source that fails to close changes nothing. */
    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("A document's source could not be closed: {}", e.toString());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("A document copy no deposit needs could not be deleted ({}); it is deleted at the next start", e.toString());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
