package com.medialogis.dmp.record;

import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DocumentContent;
import com.medialogis.dmp.connector.DocumentEntry;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.queue.Deposit;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The practice's records as the DMP work needs them: its patients with their traits and
 * identifiers, the letters and documents they sent to the DMP with the deposit details, and the
 * DMP documents transferred into them with the reception details. Every change is on disk when
 * the method returns. Every method may be called from several threads at once. A driver for the
 * practice program's own database may replace the bridge's embedded one.
 */
@ProviderType
public interface PatientRecords {

    /** Writes a document's body as it arrives, never holding it whole: the DMP's answer to a retrieval. */
    @FunctionalInterface
    interface Body {
        /** @return the number of bytes written */
        long writeTo(OutputStream into) throws ConnectorException, IOException;
    }

    /**
     * Registers the patient, or updates his traits; his identifier, if any, is kept. New traits
     * undo a check of the old ones on an identity document, and an INS (INS-NIR, INS-NIA) INSi gave
     * for the old ones becomes provisional until INSi is asked again.
     */
    Patient save(String localId, Patient.Traits traits) throws RecordException;

    Optional<Patient> patient(String localId) throws RecordException;

    /**
     * @param nameStart the start of the name, any case; empty for all
     * @param limit at most that many, by name and first name
     */
    List<Patient> patients(String nameStart, int limit) throws RecordException;

    /** @return the patients holding that identifier (the same value, whatever its status) */
    List<Patient> withIdentifier(Ins identifier) throws RecordException;

    /**
     * Gives the patient his DMP identifier, replacing the one he had, if his traits are still the
     * ones the caller checked it against (in the same change).
     *
     * @throws RecordException CHANGED when his traits changed meanwhile: nothing changes
     */
    Patient attach(String localId, Ins identifier, Patient.Traits checked) throws RecordException;

    /**
     * Gives the patient his identifier as {@link #attach} does, unless another patient of the
     * practice holds it (a duplicate record, for staff to resolve): one change, conditional on both.
     *
     * @return the patient; empty when another patient holds the identifier: nothing changes
     * @throws RecordException CHANGED when his traits changed meanwhile: nothing changes
     * @since 1.2
     */
    Optional<Patient> attachUnlessHeld(String localId, Ins identifier, Patient.Traits checked) throws RecordException;

    /** Keeps that the practice's document was given to the queue for the patient. */
    SentDocument sent(String patientId, String documentId, String description, Deposit deposit) throws RecordException;

    /**
     * Brings the sent documents of that deposit up to date with it; a document whose deposit was
     * DONE or CANCELLED already is never changed.
     */
    void update(Deposit deposit) throws RecordException;

    /** @return the patient's sent documents, newest first */
    List<SentDocument> sentDocuments(String patientId) throws RecordException;

    /**
     * Files a DMP document under the patient: its body is written once, to disk, before the
     * document is recorded; a document the patient replaces in the DMP is marked replaced.
     *
     * @param holding the identifier of the DMP the document comes from: it is filed only under a
     *     patient who holds it when it is recorded
     * @throws RecordException ALREADY_RECEIVED when its unique id was received before (by any
     *     patient): nothing changes; CHANGED when the patient no longer holds the identifier;
     *     STORAGE when the body could not be kept
     * @throws ConnectorException when the DMP failed to give the body: nothing is kept
     */
    ReceivedDocument receive(String patientId, Ins holding, DocumentEntry entry, Body body) throws RecordException,
            ConnectorException;

    /** @return the received document with that DMP unique id, if any */
    Optional<ReceivedDocument> received(String dmpUniqueId) throws RecordException;

    /** @return for each of these DMP unique ids received already, the patient it was received into (one reading for a list) */
    Map<String, String> receivedInto(Collection<String> dmpUniqueIds) throws RecordException;

    /** @return the patient's received documents, the DMP's newest date first */
    List<ReceivedDocument> receivedDocuments(String patientId) throws RecordException;

    /** @return the body of a received document */
    DocumentContent content(ReceivedDocument document) throws RecordException;

    /**
     * Keeps that staff checked the patient's traits on an identity document, in one change
     * conditional on the traits still being the ones checked. The identity becomes validated: an
     * INS INSi returned (retrieved) becomes qualified, a typed one (provisional) validated; an INS
     * given later by INSi is qualified at once ({@link Patient#identityStatus()}). Only this check
     * makes an INS validated or qualified: {@link #attach} takes one so marked back a step without it.
     *
     * @param checked the traits staff compared with the document (as shown to them)
     *
     * @return the patient as he is now
     * @throws RecordException UNKNOWN_PATIENT, or CHANGED when his traits changed since they were checked
     * @since 1.2
     */
    Patient validate(String localId, IdentityDocument document, Patient.Traits checked) throws RecordException;

    /**
     * @return when the patient's DMP was last searched with the identifier he holds, if it was;
     *     empty for a patient never searched, one given another identifier since, or an unknown one
     * @since 1.1
     */
    Optional<Instant> lastSearch(String localId) throws RecordException;

    /**
     * Keeps that the patient's DMP was searched at that time, in one change conditional on the
     * patient still holding the identifier searched and on no later search being kept; otherwise
     * nothing changes. Giving the patient another identifier forgets it.
     *
     * @param searched the identifier the DMP was searched with
     * @param at when the search was asked, before the DMP answered
     * @since 1.1
     */
    void searched(String localId, Ins searched, Instant at) throws RecordException;
}
