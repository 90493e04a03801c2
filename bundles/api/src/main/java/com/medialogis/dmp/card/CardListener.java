package com.medialogis.dmp.card;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of card insertions and removals and of readers plugged or lost. Register an implementation
 * as a service (whiteboard); events arrive in order, on the card bundle's event thread, and a
 * listener that throws is logged and kept.
 */
@ConsumerType
public interface CardListener {

    /** @param event what happened; must return quickly (the next events wait) */
    void cardEvent(CardEvent event);
}
