package com.medialogis.dmp.support.secret;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class SecretPromptTest {

    private static char[] read(String input, int longest) throws IOException {
        return SecretPrompt.readLine(new ByteArrayInputStream(input.getBytes(StandardCharsets.US_ASCII)), "PIN: ", longest);
    }

    @Test
    public void readsOneLineWithoutItsEnd() throws IOException {
        assertArrayEquals("1234".toCharArray(), read("1234\r\nnext line\n", 9));
    }

    @Test
    public void aLastLineWithoutNewlineIsRead() throws IOException {
        assertArrayEquals("98".toCharArray(), read("98", 9));
    }

    @Test
    public void anEmptyLineIsAnEmptySecret() throws IOException {
        assertArrayEquals(new char[0], read("\n", 9));
    }

    @Test
    public void theEndOfTheInputIsNoSecret() throws IOException {
        assertNull(read("", 9));
    }

    @Test
    public void longerInputIsCut() throws IOException {
        assertArrayEquals("12345".toCharArray(), read("123456789\n", 5));
    }
}
