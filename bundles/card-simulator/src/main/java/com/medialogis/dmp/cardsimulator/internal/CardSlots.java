package com.medialogis.dmp.cardsimulator.internal;

import java.util.List;
import java.util.Optional;

/** Readers the virtual cards can be put in: in memory, or the vpcd readers of a real pcscd. */
interface CardSlots extends AutoCloseable {

    /** @return the readers' names, in order */
    List<String> names();

    /**
     * @return the card in the reader, if any
     * @throws IllegalArgumentException naming the reader when there is no such reader
     */
    Optional<VirtualCard> card(String reader);

    /** Inserts a card, replacing the one the reader held. */
    void insert(String reader, VirtualCard card);

    /** @return true when a card was there */
    boolean remove(String reader);

    /** Takes every card out and releases what the readers hold. */
    @Override
    void close();
}
