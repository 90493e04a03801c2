package com.medialogis.dmp.support.files;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PrivateFilesTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    public void everyMissingLevelIsCreatedReadableByItsOwnerOnly() throws IOException {
        Path top = folder.getRoot().toPath();
        Files.setPosixFilePermissions(top, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path deep = top.resolve("data/queue/blobs");
        PrivateFiles.folder(deep);
        assertEquals("rwx------", mode(top.resolve("data")));
        assertEquals("rwx------", mode(top.resolve("data/queue")));
        assertEquals("rwx------", mode(deep));
        assertEquals("an existing parent is left as it is", "rwxr-xr-x", mode(top));
    }

    @Test
    public void anExistingFolderIsMadePrivate() throws IOException {
        Path data = Files.createDirectory(folder.getRoot().toPath().resolve("data"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxr-x")));
        PrivateFiles.folder(data);
        assertEquals("rwx------", mode(data));
    }

    @Test
    public void filesALibraryLeftReadableAreMadePrivate() throws IOException {
        Path data = PrivateFiles.folder(folder.getRoot().toPath().resolve("queue"));
        Path database = Files.writeString(data.resolve("deposits.mv.db"), "H2");
        Path trace = Files.writeString(data.resolve("deposits.trace.db"), "trace");
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(trace, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path inner = Files.createDirectory(data.resolve("inner"));
        Files.setPosixFilePermissions(inner, PosixFilePermissions.fromString("rwx--x---"));
        PrivateFiles.filesIn(data);
        assertEquals("rw-------", mode(database));
        assertEquals("rw-------", mode(trace));
        assertEquals("only files are changed", "rwx--x---", mode(inner));
    }
}
