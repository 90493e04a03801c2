package com.medialogis.dmp.shell;

import com.medialogis.dmp.connector.DocumentFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A file an integrator deposits from a command: a PDF (starting with {@code %PDF-}) or UTF-8 text,
 * not empty and not larger than the caller allows.
 *
 * @param title the file's name without its extension
 * @param format PDF or text, from the extension, checked against the content
 * @param content the bytes
 */
public record DocumentFile(String title, DocumentFormat format, byte[] content) {

    /**
     * @param file the file, as resolved against the command's current folder
     * @param largest the most bytes accepted
     * @return the document
     * @throws IOException naming the file and what is wrong with it
     */
    public static DocumentFile read(Path file, long largest) throws IOException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        DocumentFormat format = switch (extension) {
            case "pdf" -> DocumentFormat.PDF;
            case "txt" -> DocumentFormat.TEXT;
            default -> throw new IOException(file + ": only .pdf and .txt files can be deposited");
        };
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        long size = Files.size(file);
        if (size == 0) {
            throw new IOException(file + " is empty");
        }
        if (size > largest) {
            throw new IOException(file + " has " + size + " bytes; at most " + largest + " can be deposited");
        }
        byte[] content = Files.readAllBytes(file);
        if (format == DocumentFormat.PDF && !startsWith(content, "%PDF-")) {
            throw new IOException(file + " is not a PDF: it does not start with %PDF-");
        }
        if (format == DocumentFormat.TEXT) {
            try {
                StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content));
            } catch (CharacterCodingException e) {
                throw new IOException(file + " is not UTF-8 text");
            }
        }
        return new DocumentFile(name.substring(0, dot), format, content);
    }

    private static boolean startsWith(byte[] content, String prefix) {
        byte[] expected = prefix.getBytes(StandardCharsets.US_ASCII);
        return content.length >= expected.length
                && Arrays.equals(content, 0, expected.length, expected, 0, expected.length);
    }
}
