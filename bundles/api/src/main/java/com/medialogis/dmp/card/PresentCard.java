package com.medialogis.dmp.card;

/** A card in a reader: a CPS, a Vitale card, or one this program does not know. */
public sealed interface PresentCard permits CpsCard, VitaleCard, UnknownCard {

    /** @return the name of the reader holding the card */
    String reader();
}
