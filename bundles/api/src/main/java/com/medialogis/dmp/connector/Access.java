package com.medialogis.dmp.connector;

import java.util.Objects;

/**
 * An access mode with its reason.
 *
 * @param mode how the DMP is opened
 * @param reason why: required, not blank, for {@link AccessMode#BRIS_DE_GLACE} and
 *     {@link AccessMode#CENTRE_15}; empty for {@link AccessMode#NORMAL}
 */
public record Access(AccessMode mode, String reason) {

    /** Normal access. */
    public static final Access NORMAL = new Access(AccessMode.NORMAL, "");

    public Access {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(reason, "reason");
        if (mode != AccessMode.NORMAL && reason.isBlank()) {
            throw new IllegalArgumentException(mode + " access requires a reason");
        }
    }
}
