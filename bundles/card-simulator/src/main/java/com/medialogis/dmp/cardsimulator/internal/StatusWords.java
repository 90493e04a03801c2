package com.medialogis.dmp.cardsimulator.internal;

/** The ISO 7816-4 status words the virtual cards answer with. */
final class StatusWords {

    static final int OK = 0x9000;
    static final int WRONG_LENGTH = 0x6700;
    static final int AUTHENTICATION_BLOCKED = 0x6983;
    static final int CONDITIONS_NOT_SATISFIED = 0x6985;
    static final int FILE_NOT_FOUND = 0x6A82;
    static final int RECORD_NOT_FOUND = 0x6A83;
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

    static byte[] respond(int statusWord) {
        return respond(new byte[0], statusWord);
    }
}
