package com.medialogis.dmp.card.internal.profile;

import java.io.ByteArrayOutputStream;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/** ISO 7816-4 SELECT and READ BINARY, as both profiles use them. */
final class CardFiles {

    /** Larger than any file read here (a certificate is under 2 KB): a card that never ends is not read for ever. */
    static final int MAX_FILE = 16 * 1024;
    private static final int CHUNK = 256;
    private static final int END_OF_FILE = 0x6282;
    private static final int WRONG_OFFSET = 0x6B00;

    private CardFiles() {}

    /** @return the status word of SELECT of the application {@code aid}, with its FCI asked for */
    static int selectApplication(CardSession session, byte[] aid) throws CardException {
        return session.transmit(new CommandAPDU(0x00, 0xA4, 0x04, 0x00, aid, 256).getBytes()).getSW();
    }

    /** @return the status word of SELECT of the MF, {@code 00 A4 00 00 02 3F 00} as DOMAIN.md §6 gives it */
    static int selectMf(CardSession session) throws CardException {
        return session.transmit(new byte[] {0x00, (byte) 0xA4, 0x00, 0x00, 0x02, 0x3F, 0x00}).getSW();
    }

    /**
     * Selects the application, then the file by its path from there (SELECT {@code 00 A4 09 04}, as
     * OpenSC's IAS-ECC driver selects a CPx card's files), and reads it whole.
     *
     * @throws CardDataException when the file cannot be selected or read
     */
    static byte[] read(CardSession session, byte[] aid, byte[] path, String what) throws CardException, CardDataException {
        int sw = selectApplication(session, aid);
        if (sw == StatusWord.OK) {
            sw = session.transmit(new CommandAPDU(0x00, 0xA4, 0x09, 0x04, path, 256).getBytes()).getSW();
        }
        if (sw != StatusWord.OK) {
            throw new CardDataException(what + " could not be selected (" + StatusWord.describe(sw) + ")");
        }
        return readFrom(session, -1, what);
    }

    /**
     * Reads the file of short identifier {@code sfi} in the current DF whole (READ BINARY {@code 00 B0 8x}).
     *
     * @throws CardDataException when the file cannot be read
     */
    static byte[] readShortFile(CardSession session, int sfi, String what) throws CardException, CardDataException {
        return readFrom(session, sfi, what);
    }

    /** Reads 256 bytes at a time until a shorter answer, the end of the file, or 6Cxx giving the exact length. */
    private static byte[] readFrom(CardSession session, int sfi, String what) throws CardException, CardDataException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        while (true) {
            int offset = content.size();
            int p1 = sfi >= 0 && offset == 0 ? 0x80 | sfi : offset >> 8;
            int p2 = offset & 0xFF;
            ResponseAPDU answer = session.transmit(new CommandAPDU(0x00, 0xB0, p1, p2, CHUNK).getBytes());
            if (answer.getSW1() == 0x6C) {
                answer = session.transmit(new CommandAPDU(0x00, 0xB0, p1, p2, answer.getSW2() == 0 ? CHUNK : answer.getSW2()).getBytes());
            }
            int sw = answer.getSW();
            if (offset > 0 && (sw == WRONG_OFFSET || sw == END_OF_FILE && answer.getNr() == 0)) {
                return content.toByteArray();
            }
            if (sw != StatusWord.OK && sw != END_OF_FILE) {
                throw new CardDataException(what + " could not be read (" + StatusWord.describe(sw) + ")");
            }
            content.writeBytes(answer.getData());
            if (content.size() > MAX_FILE) {
                throw new CardDataException(what + " is longer than " + MAX_FILE + " bytes");
            }
            if (answer.getNr() < CHUNK || sw == END_OF_FILE) {
                return content.toByteArray();
            }
        }
    }
}
