package com.medialogis.dmp.card.internal;

import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.CpsHolder;
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
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.smartcardio.CardException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells what a freshly inserted card is and reads what can be read without PIN. */
final class CardReading {

    private static final Logger LOG = LoggerFactory.getLogger(CardReading.class);

    private final CpsProfile cpsProfile;
    private final VitaleProfile vitaleProfile;
    private final InsCalculator calculator;
    private final Supplier<List<VitaleCardSource>> sources;
    private final boolean testCardsAccepted;

    /** Why a test CPS is not taken. */
    static final String TEST_CARD_REFUSED = "a test CPS (national identifier " + CpsHolder.TEST_ID_PREFIX
            + "…), refused by this installation's setting (test.cards.accepted = false)";

    /**
     * @param sources the second ways of reading a Vitale card, highest ranking first
     * @param testCardsAccepted false when a test CPS must be refused (a practice's production setting)
     */
    CardReading(CpsProfile cpsProfile, VitaleProfile vitaleProfile, InsCalculator calculator,
            Supplier<List<VitaleCardSource>> sources, boolean testCardsAccepted) {
        this.cpsProfile = cpsProfile;
        this.vitaleProfile = vitaleProfile;
        this.calculator = calculator;
        this.sources = sources;
        this.testCardsAccepted = testCardsAccepted;
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
                if (identity.get().test() && !testCardsAccepted) {
                    return refusedTestCard(session.reader());
                }
                return cps.create(identity.get());
            }
            Optional<List<Beneficiary>> beneficiaries = vitaleProfile.beneficiaries(session);
            if (beneficiaries.isPresent()) {
                return vitaleCard(session.reader(), beneficiaries.get());
            }
            return new UnknownCard(session.reader(), unknown(session.atr()));
        } catch (CardDataException e) {
            return new UnknownCard(session.reader(), "unreadable card: " + e.getMessage() + " (ATR " + KnownAtr.hex(session.atr()) + ")");
        }
    }

    /**
     * A card a reader service read, as this installation takes it: a test CPS is refused when test
     * cards are, at once when its holder is known, else when its PIN shows it.
     *
     * @param refused told of a CPS its PIN showed to be a test card, to be replaced by {@link #refusedTestCard}
     */
    PresentCard fromService(PresentCard card, Consumer<CpsCard> refused) {
        if (testCardsAccepted || !(card instanceof CpsCard cps)) {
            return card;
        }
        return cps.isTest() ? refusedTestCard(cps.reader()) : new ProductionOnlyCps(cps, refused);
    }

    static UnknownCard refusedTestCard(String reader) {
        return new UnknownCard(reader, TEST_CARD_REFUSED);
    }

    /** @return whether a card the profiles could not read is one the Vitale sources may read (its ATR says Vitale) */
    boolean forSources(byte[] atr, PresentCard read) {
        return read instanceof UnknownCard && KnownAtr.of(atr).filter(known -> !known.isCps()).isPresent();
    }

    /**
     * A Vitale card (by its ATR) the profiles could not read, read by the first source that can (the
     * DMP driver's service): called off the reader thread, as a source may take seconds. Otherwise
     * the unknown card says why, each source's reason included.
     */
    PresentCard fromSources(String reader, UnknownCard unread) {
        StringBuilder reasons = new StringBuilder(unread.reason());
        for (VitaleCardSource source : sources.get()) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            List<Beneficiary> beneficiaries;
            try {
                beneficiaries = source.read(reader);
            } catch (IOException e) {
                reasons.append("; ").append(source.name()).append(" could not read it: ").append(e.getMessage());
                continue;
            } catch (RuntimeException e) {
                LOG.warn("The Vitale source {} failed ({})", source.name(), e.getClass().getName());
                reasons.append("; ").append(source.name()).append(" failed");
                continue;
            }
            if (!beneficiaries.isEmpty()) {
                return vitaleCard(reader, beneficiaries);
            }
            reasons.append("; ").append(source.name()).append(" read no beneficiary on it");
        }
        return new UnknownCard(reader, reasons.toString());
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

    /** @return the Vitale card with each beneficiary's INS-C, or why he has none */
    VitaleCard vitaleCard(String reader, List<Beneficiary> beneficiaries) {
        return new VitaleCard(reader, beneficiaries.stream().map(this::identify).toList());
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
