package com.medialogis.dmp.card.internal.profile;

/** The card answered, but with data that does not follow its layout. The message says what. */
public class CardDataException extends Exception {

    private static final long serialVersionUID = 1L;

    public CardDataException(String message) {
        super(message);
    }
}
