package com.medialogis.dmp.card.internal.profile;

import javax.smartcardio.CardException;
import javax.smartcardio.ResponseAPDU;

/**
 * A connection to the card in one reader, used on the reader thread only. An APDU profile sends
 * commands through it; a PKCS#11 profile would only use the reader's name.
 */
public interface CardSession {

    /** @return the reader's PC/SC name */
    String reader();

    /** @return the card's answer to reset */
    byte[] atr();

    /**
     * Sends one command APDU. The array is not kept, so a caller may wipe it afterwards.
     *
     * @throws CardException when the card is gone or the reader fails
     */
    ResponseAPDU transmit(byte[] command) throws CardException;
}
