package com.medialogis.dmp.card;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The card readers of the workstation and the cards in them. A service; every method is safe to
 * call from any thread and returns at once from what the reader thread last saw, except the PIN
 * methods of {@link CpsCard}, which talk to the card.
 */
@ProviderType
public interface CardReaders {

    /** @return the readers present now, in name order, each with the card it holds */
    List<Reader> readers();

    /** @return how the reader subsystem is doing (PC/SC service reachable or not, and since when) */
    ReaderStatus status();

    /** @return the first CPS found in a reader, if any */
    Optional<CpsCard> cps();

    /** @return the first Vitale card found in a reader, if any */
    Optional<VitaleCard> vitale();

    /**
     * Asks the {@link VitaleCardSource} services again for each Vitale card they could not read, for
     * example because the DMP session they read through was not open yet: what they read now
     * replaces the unknown card (an INSERTED event). Returns at once; an implementation without
     * sources does nothing.
     */
    default void retryVitaleSources() {
        // no source to ask
    }
}
