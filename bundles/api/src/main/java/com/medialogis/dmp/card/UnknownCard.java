package com.medialogis.dmp.card;

import java.util.Objects;

/**
 * A card that is neither a CPS nor a Vitale card, or that could not be read.
 *
 * @param reader the reader holding it
 * @param reason what was found, for the user (for example "no CPS or Vitale application")
 */
public record UnknownCard(String reader, String reason) implements PresentCard {

    public UnknownCard {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(reason, "reason");
    }
}
