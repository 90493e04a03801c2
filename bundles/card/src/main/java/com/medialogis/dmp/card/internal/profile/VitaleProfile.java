package com.medialogis.dmp.card.internal.profile;

import com.medialogis.dmp.identity.Beneficiary;
import java.util.List;
import java.util.Optional;
import javax.smartcardio.CardException;

/** How a Vitale card's beneficiaries are read. */
public interface VitaleProfile {

    /**
     * @return every beneficiary in the card's order, or empty when the card is not a Vitale card of this profile
     * @throws CardDataException when it is one but its data does not follow the layout
     */
    Optional<List<Beneficiary>> beneficiaries(CardSession session) throws CardException, CardDataException;
}
