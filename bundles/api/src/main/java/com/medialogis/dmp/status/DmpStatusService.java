package com.medialogis.dmp.status;

import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.PatientForm;
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
}
