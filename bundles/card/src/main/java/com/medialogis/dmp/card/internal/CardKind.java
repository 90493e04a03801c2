package com.medialogis.dmp.card.internal;

import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.PresentCard;
import com.medialogis.dmp.card.UnknownCard;
import com.medialogis.dmp.card.VitaleCard;

/** The kind of a card in words, naming nobody: for the log and the shell. */
public final class CardKind {

    private CardKind() {}

    /** @return "CPS", "CPE (test card)", "Vitale card" or "unknown card (why)" */
    public static String of(PresentCard card) {
        if (card instanceof CpsCard cps) {
            return cps.category() + (cps.isTest() ? " (test card)" : "");
        }
        if (card instanceof VitaleCard) {
            return "Vitale card";
        }
        return "unknown card (" + ((UnknownCard) card).reason() + ")";
    }

    /** @return the holder's name and first name, or that he is not known until the PIN is verified */
    public static String holderName(CpsCard cps) {
        return cps.holder().map(holder -> holder.name() + " " + holder.firstName())
                .orElse("a holder read with the PIN");
    }
}
