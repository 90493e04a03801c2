package com.medialogis.dmp.card.internal.profile;

import com.medialogis.dmp.card.CpsCategory;
import com.medialogis.dmp.card.CpsHolder;

/** What a CPS tells without PIN: its holder, category, and whether it is a test card. */
public record CpsIdentity(CpsHolder holder, CpsCategory category, boolean test) {}
