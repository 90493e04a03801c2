package com.medialogis.dmp.card.internal;

import com.medialogis.dmp.card.PresentCard;
import com.medialogis.dmp.card.UnknownCard;
import com.medialogis.dmp.card.VitaleBeneficiary;
import com.medialogis.dmp.card.VitaleCard;
import com.medialogis.dmp.card.VitaleCardSource;
import com.medialogis.dmp.card.internal.profile.CardDataException;
import com.medialogis.dmp.card.internal.profile.CardSession;
import com.medialogis.dmp.card.internal.profile.CpsIdentity;
import com.medialogis.dmp.card.internal.profile.CpsProfile;
import com.medialogis.dmp.card.internal.profile.KnownAtr;
import com.medialogis.dmp.card.internal.profile.VitaleProfile;
import com.medialogis.dmp.identity.Beneficiary;
import com.medialogis.dmp.identity.IdentityException;
import com.medialogis.dmp.identity.InsCalculator;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.smartcardio.CardException;

/** Tells what a freshly inserted card is and reads what can be read without PIN. */
final class CardReading {

    private final CpsProfile cpsProfile;
    private final VitaleProfile vitaleProfile;
    private final InsCalculator calculator;
    private final Supplier<List<VitaleCardSource>> sources;

    /** @param sources the second ways of reading a Vitale card, highest ranking first */
    CardReading(CpsProfile cpsProfile, VitaleProfile vitaleProfile, InsCalculator calculator,
            Supplier<List<VitaleCardSource>> sources) {
        this.cpsProfile = cpsProfile;
        this.vitaleProfile = vitaleProfile;
        this.calculator = calculator;
        this.sources = sources;
    }

    CpsProfile cpsProfile() {
        return cpsProfile;
    }

    /**
     * @param cps makes the {@link com.medialogis.dmp.card.CpsCard} of a CPS found in this session
     * @throws CardException when the card stops answering (pulled during the reading)
     */
    PresentCard read(CardSession session, CpsFactory cps) throws CardException {
        try {
            Optional<CpsIdentity> identity = cpsProfile.identify(session);
            if (identity.isPresent()) {
                return cps.create(identity.get());
            }
            Optional<List<Beneficiary>> beneficiaries = vitaleProfile.beneficiaries(session);
            if (beneficiaries.isPresent()) {
                return new VitaleCard(session.reader(), beneficiaries.get().stream().map(this::identify).toList());
            }
            return elsewhere(session, unknown(session.atr()));
        } catch (CardDataException e) {
            return elsewhere(session, "unreadable card: " + e.getMessage() + " (ATR " + KnownAtr.hex(session.atr()) + ")");
        }
    }

    /**
     * A Vitale card (by its ATR) the profiles could not read is read by the first source that can
     * (the DMP driver's service); otherwise it is an unknown card saying why, each source's reason
     * included.
     */
    private PresentCard elsewhere(CardSession session, String why) {
        Optional<KnownAtr> known = KnownAtr.of(session.atr());
        if (known.isEmpty() || known.get().isCps()) {
            return new UnknownCard(session.reader(), why);
        }
        StringBuilder reasons = new StringBuilder(why);
        for (VitaleCardSource source : sources.get()) {
            try {
                List<Beneficiary> beneficiaries = source.read(session.reader());
                if (!beneficiaries.isEmpty()) {
                    return new VitaleCard(session.reader(), beneficiaries.stream().map(this::identify).toList());
                }
                reasons.append("; ").append(source.name()).append(" read no beneficiary on it");
            } catch (IOException | RuntimeException e) {
                reasons.append("; ").append(source.name()).append(" could not read it: ").append(e.getMessage());
            }
        }
        return new UnknownCard(session.reader(), reasons.toString());
    }

    /** What the ATR tells of a card the profiles could not read. */
    static String unknown(byte[] atr) {
        String shown = "ATR " + KnownAtr.hex(atr);
        return KnownAtr.of(atr).map(known -> switch (known) {
            case VITALE_1 -> "a Vitale 1 card, whose files are not public: it cannot be read here (" + shown + ")";
            default -> "a " + known.label() + " card whose " + (known.isCps() ? "CPS" : "Vitale") + " application could not be read ("
                    + shown + ")";
        }).orElse("neither a CPS nor a Vitale card (" + shown + ")");
    }

    private VitaleBeneficiary identify(Beneficiary beneficiary) {
        try {
            return new VitaleBeneficiary(beneficiary, Optional.of(calculator.insc(beneficiary)), "");
        } catch (IdentityException e) {
            return new VitaleBeneficiary(beneficiary, Optional.empty(), e.getMessage());
        }
    }

    /** Makes the CPS handle of a card being read. */
    interface CpsFactory {
        PresentCard create(CpsIdentity identity);
    }
}
