package com.medialogis.dmp.card.internal.profile;

import com.medialogis.dmp.card.CpsCategory;
import com.medialogis.dmp.card.CpsHolder;

/**
 * What a CPS tells without PIN: its holder, category, whether it is a test card, its number, and
 * how its PIN is presented.
 */
public record CpsIdentity(CpsHolder holder, CpsCategory category, String cardNumber, PinPolicy pin) {

    /** @return whether it is a test card (its holder's national identifier says so) */
    public boolean test() {
        return holder.onTestCard();
    }
}
