package com.medialogis.dmp.identity;

import java.util.Arrays;
import java.util.Optional;

/** The identifier systems of the INS model, with the OIDs the DMP knows them by. */
public enum InsSystem {
    /** Legacy INS-C, computed from Vitale card data (22 digits). */
    INS_C("1.2.250.1.213.1.4.2"),
    /** Matricule INS from a NIR (15 characters with its key). */
    INS_NIR("1.2.250.1.213.1.4.8"),
    /** Matricule INS from a NIA, for people waiting for a NIR. */
    INS_NIA("1.2.250.1.213.1.4.9"),
    /** INS-NIR of a test identity. */
    INS_NIR_TEST("1.2.250.1.213.1.4.10"),
    /** INS-NIR of a demonstration identity. */
    INS_NIR_DEMO("1.2.250.1.213.1.4.11");

    private final String oid;

    InsSystem(String oid) {
        this.oid = oid;
    }

    /** @return the OID of this system, as sent to the DMP */
    public String oid() {
        return oid;
    }

    /**
     * @param oid an OID as received from outside
     * @return the system with that OID, or empty when the OID is not an INS system
     */
    public static Optional<InsSystem> ofOid(String oid) {
        return Arrays.stream(values()).filter(system -> system.oid.equals(oid)).findFirst();
    }
}
