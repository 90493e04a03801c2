package com.medialogis.dmp.card;

import java.util.Objects;
import java.util.Optional;

/**
 * A card reader and what it holds.
 *
 * @param name the reader's PC/SC name
 * @param card the card in it, read when it was inserted; empty when the reader is empty
 */
public record Reader(String name, Optional<PresentCard> card) {

    public Reader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(card, "card");
    }
}
