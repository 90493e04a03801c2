package com.medialogis.dmp.connector;

/** Which DMP a driver's calls reach. */
public enum DmpEnvironment {
    /** The national DMP: a real doctor's CPS, real patients. */
    PRODUCTION,
    /**
     * A simulation on this workstation (the project's DMP sandbox): nothing reaches a DMP. A real
     * doctor's CPS must not open a session on it: his deposits would be shown as done and reach
     * no one.
     */
    SIMULATED,
    /**
     * The driver could not tell (the service did not answer in time): a real doctor's CPS is
     * treated as on a simulation until it can.
     */
    UNKNOWN
}
