package com.medialogis.dmp.card;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened in a reader.
 *
 * @param type what happened
 * @param reader the reader's name
 * @param card the card inserted (for {@link Type#INSERTED}); empty otherwise
 * @param when when the reader thread saw it
 */
public record CardEvent(Type type, String reader, Optional<PresentCard> card, Instant when) {

    /** The kinds of events. */
    public enum Type {
        /** A card was inserted and read. */
        INSERTED,
        /** The card was removed. */
        REMOVED,
        /** A reader was plugged in. */
        READER_ADDED,
        /** The reader was unplugged, or the PC/SC service lost it. */
        READER_LOST
    }

    public CardEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(when, "when");
    }
}
