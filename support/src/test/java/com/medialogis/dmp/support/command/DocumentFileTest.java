package com.medialogis.dmp.support.command;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.connector.DocumentFormat;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DocumentFileTest {

    private static final long LARGEST = 20L * 1024 * 1024;

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(folder.getRoot().toPath().resolve(name), content);
    }

    private String refusal(Path file) {
        return assertThrows(IOException.class, () -> DocumentFile.read(file, LARGEST)).getMessage();
    }

    @Test
    public void aPdfAndAUtf8TextAreRead() throws IOException {
        byte[] pdf = "%PDF-1.7\n...".getBytes(StandardCharsets.US_ASCII);
        DocumentFile letter = DocumentFile.read(file("Lettre Dupont.pdf", pdf), LARGEST);
        assertEquals("Lettre Dupont", letter.title());
        assertEquals(DocumentFormat.PDF, letter.format());
        assertEquals(pdf.length, letter.content().size());
        try (var in = letter.content().open()) {
            assertArrayEquals(pdf, in.readAllBytes());
        }
        assertEquals(DocumentFormat.TEXT, DocumentFile.read(file("note.TXT", "Compte rendu é".getBytes(StandardCharsets.UTF_8)), LARGEST).format());
    }

    @Test
    public void everyOtherFileIsRefusedWithItsReason() throws IOException {
        assertTrue(refusal(file("letter.docx", new byte[] {1})).endsWith("only .pdf and .txt files can be deposited"));
        assertTrue(refusal(folder.getRoot().toPath().resolve("absent.pdf")).endsWith("no such file"));
        assertTrue(refusal(file("empty.txt", new byte[0])).endsWith("is empty"));
        assertTrue(refusal(file("fake.pdf", "hello".getBytes(StandardCharsets.US_ASCII))).endsWith("does not start with %PDF-"));
        assertTrue(refusal(file("latin1.txt", new byte[] {'c', 'a', 'f', (byte) 0xE9})).endsWith("is not UTF-8 text"));
        Path large = folder.getRoot().toPath().resolve("large.pdf");
        try (RandomAccessFile sparse = new RandomAccessFile(large.toFile(), "rw")) {
            sparse.setLength(LARGEST + 1);
        }
        assertTrue(refusal(large).endsWith("at most 20971520 can be deposited"));
    }

    @Test
    public void aFileChangedAfterItWasCheckedIsNotReadAsIfItHadNot() throws IOException {
        Path note = file("note.txt", "Compte rendu\n".getBytes(StandardCharsets.UTF_8));
        DocumentFile checked = DocumentFile.read(note, LARGEST);
        Files.writeString(note, "Compte rendu, corrigé depuis\n");
        IOException changed = assertThrows(IOException.class, () -> {
            try (var in = checked.content().open()) {
                in.readAllBytes();
            }
        });
        assertTrue(changed.getMessage(), changed.getMessage().endsWith("changed while it was read: it no longer has 13 bytes"));
    }

    @Test
    public void aLargeTextIsCheckedAsItIsReadNotLoadedWhole() throws IOException {
        Path large = folder.getRoot().toPath().resolve("long.txt");
        byte[] line = "Ligne é\n".getBytes(StandardCharsets.UTF_8);
        try (var out = Files.newOutputStream(large)) {
            for (int i = 0; i < 200_000; i++) {
                out.write(line);
            }
            out.write(0xFF);
        }
        assertTrue(refusal(large).endsWith("is not UTF-8 text"));
    }
}
