package com.medialogis.dmp.support.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Folders and files that hold patient data, documents or secrets: readable by the container's
 * user only (folders 700, files 600), set by the code itself, whatever the umask and whichever
 * launcher started the container. On a file system without POSIX permissions nothing is changed.
 */
public final class PrivateFiles {

    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /**
     * A folder that belongs to the bundle: created with its missing parents, each with mode 700; a
     * folder that exists already is set to 700 (the folder itself, not its existing parents).
     *
     * @return the folder
     */
    public static Path folder(Path folder) throws IOException {
        restrict(createMissing(folder), FOLDER);
        return folder;
    }

    /**
     * A folder that may be shared (where a setting puts a file): the missing levels are created
     * with mode 700, the existing ones are left as they are.
     *
     * @return the folder, absolute
     */
    public static Path createMissing(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath();
        Deque<Path> missing = new ArrayDeque<>();
        for (Path level = absolute; level != null && !Files.isDirectory(level); level = level.getParent()) {
            missing.push(level);
        }
        for (Path level : missing) {
            try {
                Files.createDirectory(level);
            } catch (FileAlreadyExistsException raced) {
                if (!Files.isDirectory(level)) {
                    throw raced;
                }
            }
            restrict(level, FOLDER);
        }
        return absolute;
    }

    /** Sets an existing file to mode 600. */
    public static Path file(Path file) throws IOException {
        return restrict(file, FILE);
    }

    /** Sets every regular file directly in the folder to 600 (files a library created there). */
    public static void filesIn(Path folder) throws IOException {
        try (var files = Files.newDirectoryStream(folder, entry -> Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS))) {
            for (Path file : files) {
                restrict(file, FILE);
            }
        }
    }

    /**
     * Replaces the file's content at once: written to a private file beside it (mode 600 from its
     * creation), forced to the disk, then moved in place, so that a reader or a crash sees the
     * former content or the new one, never a part.
     */
    public static void replace(Path file, byte[] content) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.deleteIfExists(next);
        written(file, next, channel -> {
            ByteBuffer bytes = ByteBuffer.wrap(content);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            return null;
        }, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The suffix of a file being written by {@link #create}: a stop may leave one, which its folder's owner deletes at start. */
    public static final String PART = ".part";

    /**
     * Writes what a new file holds through its channel.
     *
     * @param <T> what the writing tells (a size, say)
     * @param <E> what the writing may throw besides an {@link IOException}
     */
    @FunctionalInterface
    public interface Writing<T, E extends Exception> {
        T writeTo(FileChannel channel) throws IOException, E;
    }

    /**
     * A new private file, whole or absent: written to the file's name and {@link #PART} (created
     * with mode 600, never replacing one), forced to the disk, then renamed in place. The part is
     * deleted when anything fails. The caller syncs the folder when the name must be durable.
     *
     * @return what the writing told
     */
    public static <T, E extends Exception> T create(Path file, Writing<T, E> writing) throws IOException, E {
        return written(file, file.resolveSibling(file.getFileName() + PART), writing, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Writes a new private file (mode 600 from its creation) under a temporary name, forces it,
     * then moves it to its name; the temporary file is deleted when anything fails.
     */
    private static <T, E extends Exception> T written(Path file, Path temporary, Writing<T, E> writing, StandardCopyOption... move)
            throws IOException, E {
        try {
            T written;
            try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(FILE))) {
                written = writing.writeTo(channel);
                channel.force(false);
            }
            Files.move(temporary, file, move);
            return written;
        } catch (Exception e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException left) {
                e.addSuppressed(left);
            }
            throw e;
        }
    }

    /** Makes the names of the files created or renamed in the folder durable. */
    public static void syncFolder(Path folder) throws IOException {
        try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    private static Path restrict(Path path, Set<PosixFilePermission> mode) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view != null && !view.readAttributes().permissions().equals(mode)) {
            view.setPermissions(mode);
        }
        return path;
    }
}
