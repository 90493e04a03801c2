package com.medialogis.dmp.card.internal;

import javax.smartcardio.CardException;

/** The card left its reader during a command. */
final class CardRemovedException extends CardException {

    private static final long serialVersionUID = 1L;

    CardRemovedException(String message, Throwable cause) {
        super(message, cause);
    }
}
