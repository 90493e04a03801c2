package com.medialogis.dmp.support.command;

import com.medialogis.dmp.connector.DocumentContent;
import com.medialogis.dmp.connector.DocumentFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A file an integrator deposits from a command: a PDF (starting with {@code %PDF-}) or UTF-8 text,
 * not empty and not larger than the caller allows. Its size is checked before it is read, and it
 * is read as a stream (the PDF's first bytes, the text once through a UTF-8 decoder), never whole.
 *
 * @param title the file's name without its extension
 * @param format PDF or text, from the extension, checked against the content
 * @param content the file, read again when it is deposited
 */
public record DocumentFile(String title, DocumentFormat format, DocumentContent content) {

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);

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
        DocumentContent content = DocumentContent.of(file);
        if (content.size() == 0) {
            throw new IOException(file + " is empty");
        }
        if (content.size() > largest) {
            throw new IOException(file + " has " + content.size() + " bytes; at most " + largest + " can be deposited");
        }
        try (InputStream in = content.open()) {
            if (format == DocumentFormat.PDF && !Arrays.equals(in.readNBytes(PDF_MAGIC.length), PDF_MAGIC)) {
                throw new IOException(file + " is not a PDF: it does not start with %PDF-");
            }
            if (format == DocumentFormat.TEXT) {
                requireUtf8(in, file);
            }
        }
        return new DocumentFile(name.substring(0, dot), format, content);
    }

    private static void requireUtf8(InputStream in, Path file) throws IOException {
        Reader text = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        char[] buffer = new char[8192];
        try {
            while (text.read(buffer) >= 0) {
                // decoded and dropped: only whether it decodes matters
            }
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not UTF-8 text");
        }
    }
}
