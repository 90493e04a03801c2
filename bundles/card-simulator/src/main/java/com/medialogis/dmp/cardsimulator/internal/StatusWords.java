package com.medialogis.dmp.cardsimulator.internal;

import java.util.Arrays;
import javax.smartcardio.CommandAPDU;

/** The ISO 7816-4 status words the virtual cards answer with. */
final class StatusWords {

    static final int OK = 0x9000;
    /** The file ends before the length asked for. */
    static final int END_OF_FILE = 0x6282;
    static final int WRONG_LENGTH = 0x6700;
    static final int AUTHENTICATION_BLOCKED = 0x6983;
    static final int CONDITIONS_NOT_SATISFIED = 0x6985;
    static final int COMMAND_NOT_ALLOWED_NO_EF = 0x6986;
    static final int FILE_NOT_FOUND = 0x6A82;
    static final int WRONG_P1_P2 = 0x6A86;
    static final int REFERENCE_NOT_FOUND = 0x6A88;
    static final int WRONG_OFFSET = 0x6B00;
    static final int INSTRUCTION_NOT_SUPPORTED = 0x6D00;
    static final int CLASS_NOT_SUPPORTED = 0x6E00;
    /** 63Cx: verification failed, x tries left. */
    static final int TRIES_LEFT = 0x63C0;

    private StatusWords() {}

    /** @return the data followed by the two status bytes */
    static byte[] respond(byte[] data, int statusWord) {
        byte[] response = new byte[data.length + 2];
        System.arraycopy(data, 0, response, 0, data.length);
        response[data.length] = (byte) (statusWord >> 8);
        response[data.length + 1] = (byte) statusWord;
        return response;
    }

    /** READ BINARY of {@code file} at the command's offset: at most Ne bytes, 6282 when the file ends first. */
    static byte[] readBinary(byte[] file, CommandAPDU command) {
        int offset = (command.getP1() & 0x80) != 0 ? 0 : (command.getP1() << 8) | command.getP2();
        if (offset >= file.length) {
            return respond(WRONG_OFFSET);
        }
        int wanted = command.getNe() == 0 ? 256 : command.getNe();
        int length = Math.min(wanted, file.length - offset);
        return respond(Arrays.copyOfRange(file, offset, offset + length), length < wanted ? END_OF_FILE : OK);
    }

    static byte[] respond(int statusWord) {
        return respond(new byte[0], statusWord);
    }
}
