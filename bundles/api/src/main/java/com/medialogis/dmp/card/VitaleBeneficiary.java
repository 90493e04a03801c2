package com.medialogis.dmp.card;

import com.medialogis.dmp.identity.Beneficiary;
import com.medialogis.dmp.identity.Ins;
import java.util.Objects;
import java.util.Optional;

/**
 * A beneficiary read on a Vitale card, with his INS-C when he can have one.
 *
 * @param traits the traits as read on the card
 * @param insc the INS-C computed from them, or empty
 * @param noInscReason why there is no INS-C (empty string when there is one)
 */
public record VitaleBeneficiary(Beneficiary traits, Optional<Ins> insc, String noInscReason) {

    public VitaleBeneficiary {
        Objects.requireNonNull(traits, "traits");
        Objects.requireNonNull(insc, "insc");
        Objects.requireNonNull(noInscReason, "noInscReason");
        if (insc.isPresent() == !noInscReason.isEmpty()) {
            throw new IllegalArgumentException("Either an INS-C or the reason why there is none");
        }
    }

    /** Names no trait: patient data never reaches a log through this method. */
    @Override
    public String toString() {
        return "VitaleBeneficiary[" + traits + (insc.isPresent() ? ", INS-C" : ", no INS-C") + "]";
    }
}
