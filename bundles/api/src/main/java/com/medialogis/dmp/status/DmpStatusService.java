package com.medialogis.dmp.status;

import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.PatientForm;
import com.medialogis.dmp.connector.SessionState;
import com.medialogis.dmp.identity.Ins;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The patient's DMP state for the practice program's toolbar, through the bound DMP connector.
 * Answers are cached per identifier and per DMP session for a short time (a few tens of seconds,
 * configurable) and say how old they are; the changes made through this service refresh them.
 * Every method may be called from several threads at once. While no connector is bound, calls
 * fail at once with the transient {@link ConnectorException#noConnector()}.
 */
@ProviderType
public interface DmpStatusService {

    /**
     * @param ins the patient's identifier, or empty when none could be computed
     * @return the state: NO_IDENTIFIER without asking the DMP when there is no identifier; from the
     *     cache when a fresh enough answer is there; otherwise from the DMP
     */
    PatientStatus status(Optional<Ins> ins) throws ConnectorException;

    /** @return the state as the DMP answers it now, which replaces the cached one */
    PatientStatus refresh(Ins ins) throws ConnectorException;

    /** Creates the patient's DMP (refused without consent); @return the state afterwards */
    PatientStatus create(Ins ins, PatientForm form) throws ConnectorException;

    /** Reactivates the patient's closed DMP (refused without consent); @return the state afterwards */
    PatientStatus reactivate(Ins ins, PatientForm form) throws ConnectorException;

    /** Adds ({@code granted}) or removes this doctor's authorization; @return the state afterwards */
    PatientStatus authorize(Ins ins, boolean granted) throws ConnectorException;

    /** {@link #checkSessionCanOpen}'s code: no CPS in a reader (transient). */
    String NO_CPS = "NO_CPS";
    /** {@link #checkSessionCanOpen}'s code: the CPS has one PIN try left and the user did not confirm spending it. */
    String LAST_TRY_NOT_CONFIRMED = "LAST_TRY_NOT_CONFIRMED";
    /** {@link #checkSessionCanOpen}'s code: the CPS is blocked, was removed, or failed when read. */
    String PIN_NOT_TRIED = "PIN_NOT_TRIED";
    /** {@link #openSession}'s code: the card said the PIN is wrong (the detail says the tries left). */
    String WRONG_PIN = "WRONG_PIN";
    /** {@link #openSession}'s code: the PIN typed is not 4 to 8 digits; the card was not tried. */
    String INVALID_PIN = "INVALID_PIN";
    /** {@link #checkSessionCanOpen}'s code: a real CPS and the DMP sandbox answering. */
    String SIMULATED_DMP = "SIMULATED_DMP";
    /** {@link #checkSessionCanOpen}'s code: a real CPS and a driver that could not tell which DMP answers (transient). */
    String DMP_ENVIRONMENT_UNKNOWN = "DMP_ENVIRONMENT_UNKNOWN";

    /**
     * Whether a DMP session may be opened now, before the user is asked for the PIN: the doctor's
     * CPS must be in a reader, not blocked, and have a try to spare (one try left only with the
     * user's explicit confirmation); a real CPS (not a test card) opens a session only on a DMP
     * the driver knows to be real ({@link com.medialogis.dmp.connector.DmpEnvironment#PRODUCTION}).
     * Without the card service (another container), the CPS is not checked.
     *
     * @param lastTryConfirmed the user said explicitly to spend the last try
     * @throws ConnectorException saying why not, with one of this interface's codes, or no driver bound
     */
    void checkSessionCanOpen(boolean lastTryConfirmed) throws ConnectorException;

    /**
     * Opens the DMP session of the bound driver, closing the one open before: checks again as
     * {@link #checkSessionCanOpen} does, then gives the PIN to the driver once, never retried. A CPS
     * whose holder is known only with the PIN (read through a service that owns the readers) is
     * given the PIN first: a wrong one ends there ({@link #WRONG_PIN}), and whether it is a real
     * card is checked then, before the driver has the PIN.
     *
     * @param pin the PIN as typed, wiped before this returns, whatever happens
     * @param lastTryConfirmed the user said explicitly to spend the last try
     * @return the session afterwards
     */
    SessionState openSession(char[] pin, boolean lastTryConfirmed) throws ConnectorException;
}
