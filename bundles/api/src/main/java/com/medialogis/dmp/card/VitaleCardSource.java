package com.medialogis.dmp.card;

import com.medialogis.dmp.identity.Beneficiary;
import java.io.IOException;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A second way of reading a Vitale card, for the cards the card service cannot read itself (a
 * Vitale 1, whose files are not public): a DMP driver whose service reads Vitale cards
 * (Efficience's {@code hl_readVitaleCard}) registers one beside its {@code DmpConnector}. The card
 * service asks the sources by their {@code service.ranking}, highest first, until one reads the card.
 */
@ConsumerType
public interface VitaleCardSource {

    /** @return the source's name for the user and the logs, for example "Efficience" */
    String name();

    /**
     * Reads the card in the reader.
     *
     * @param reader the PC/SC name of the reader holding the card
     * @return the card's beneficiaries, as read (a birth rank of 0 and an empty quality when the
     *     source does not give them)
     * @throws IOException saying why the card could not be read (no DMP session, the service
     *     refused, the card is not a Vitale card…)
     */
    List<Beneficiary> read(String reader) throws IOException;
}
