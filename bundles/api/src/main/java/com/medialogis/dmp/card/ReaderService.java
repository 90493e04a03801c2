package com.medialogis.dmp.card;

import com.medialogis.dmp.identity.Beneficiary;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A service that owns the workstation's card readers and reads the cards for this program: a DMP
 * driver whose service holds the readers (Efficience, when the practice lets it) registers one with
 * the service property {@value #READERS_OWNED}{@code =true}. While one is registered, the card
 * service leaves PC/SC alone and shows the readers and cards this one tells of; it keeps the events
 * and the INS-C of Vitale beneficiaries. The {@link CpsCard}s a reader service gives keep the rules
 * of every CpsCard: the PIN never retried, the last try never spent unconfirmed, even by two callers
 * at once.
 */
@ConsumerType
public interface ReaderService {

    /** The service property of a reader service that owns the readers now. */
    String READERS_OWNED = "readers.owned";

    /** @return the service's name for the user and the logs, for example "Efficience" */
    String name();

    /**
     * Starts watching the readers. The observer is told, on the service's own thread and in order,
     * of what it finds first, then of each change, until the returned watch is closed; when the
     * service cannot be reached it says so and keeps trying by itself.
     *
     * @param observer told of the readers and cards
     * @return closing it stops the watch and releases what it holds
     */
    AutoCloseable watch(Observer observer);

    /** What a reader service tells of its readers; implemented by the card service. */
    @ProviderType
    interface Observer {

        /**
         * @param names every reader the service sees now (when its watch starts, at least): one not
         *     named before was plugged in, one no longer named is lost
         */
        void readers(List<String> names);

        /** @param card a CPS, or a card that is not one the service can read, inserted in its reader */
        void inserted(PresentCard card);

        /**
         * @param reader the reader holding the card
         * @param beneficiaries a Vitale card's beneficiaries, as the service read them
         */
        void vitaleInserted(String reader, List<Beneficiary> beneficiaries);

        /** @param reader the reader whose card was removed */
        void removed(String reader);

        /** @param why the service cannot be reached or refuses: every reader is forgotten until it answers again */
        void unavailable(String why);
    }
}
