package com.medialogis.dmp.connector;

import com.medialogis.dmp.identity.Ins;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A certified DMP driver, one service per driver bundle. Consumers bind it optional, dynamic and
 * greedy, so that a driver bundle can be replaced while the container runs; the active driver is
 * the highest {@code service.ranking}, or the one a consumer names in its
 * {@code connector.target} property. Every method may be called from several threads at once and
 * fails with a {@link ConnectorException} saying whether to retry.
 *
 * <p>Methods added after version 3.0 of this package are default methods that fail with
 * {@link ConnectorException#notSupported}, so that a driver that does not implement them still
 * binds. The type is a consumer type for that reason: a driver imports the package up to its next
 * major version, not only its minor one.
 */
@ConsumerType
public interface DmpConnector {

    /** @return the driver's name for the shell and the logs, for example "Efficience" */
    String name();

    /** @return the session state now */
    SessionState session();

    /**
     * @return which DMP the calls reach, as far as the driver can tell; may ask the service it
     *     talks to (milliseconds on the workstation), never opening a session
     */
    DmpEnvironment environment();

    /**
     * Opens a DMP session with the CPS in its reader, closing the one open before, if any. The PIN
     * ({@link com.medialogis.dmp.card.CpsCard#SHORTEST_PIN} to
     * {@link com.medialogis.dmp.card.CpsCard#LONGEST_PIN} digits) is wiped before this returns, never
     * copied into a {@code String}, and never retried: a wrong PIN is a permanent failure saying so.
     */
    void openSession(char[] pin) throws ConnectorException;

    /** Closes the session; closing a closed session does nothing. */
    void closeSession() throws ConnectorException;

    /** @return the patient's DMP state for this doctor (TD0.2) */
    DmpStatus status(Ins ins) throws ConnectorException;

    /** Creates the DMP (TD1.1); refused, permanently, without the patient's consent. */
    void create(Ins ins, PatientForm form) throws ConnectorException;

    /** Reactivates a closed DMP (TD1.2); refused, permanently, without the patient's consent. */
    void reactivate(Ins ins, PatientForm form) throws ConnectorException;

    /** Adds ({@code granted}) or removes this doctor's authorization (TD0.3). */
    void authorize(Ins ins, boolean granted) throws ConnectorException;

    /**
     * Sets how this doctor opens this patient's DMP for the next calls on it, until set back to
     * normal or the session ends; calls on other patients are not affected.
     */
    void access(Ins ins, Access access) throws ConnectorException;

    /** @return the documents matching the query, newest first (TD3.1) */
    List<DocumentEntry> find(Ins ins, DocumentQuery query) throws ConnectorException;

    /**
     * Writes the body of one document (TD3.2) to {@code into} as it arrives, never holding it whole.
     * After any failure, what was written to {@code into} is incomplete and must be discarded.
     *
     * @return the number of bytes written
     * @throws IOException when {@code into} could not be written
     */
    long retrieve(Ins ins, String uniqueId, OutputStream into) throws ConnectorException, IOException;

    /**
     * Deposits a document (TD2.1). A unique id the DMP already holds is refused permanently, as a
     * registry does: a sender that is not sure whether an earlier attempt arrived looks for it
     * with {@link #find} first. The content is read as a stream while it is sent, once per call;
     * a content that cannot be read, or no longer has its size, fails the call permanently.
     */
    DepositReceipt deposit(Ins ins, DocumentMetadata metadata, DocumentContent content) throws ConnectorException;

    /**
     * Changes who sees a document this doctor deposited (TD3.3). The DMP refuses it, permanently,
     * for another author's document.
     *
     * @param uniqueId the document's unique id in the DMP
     * @param confidentiality the new flags; empty for a document visible to all. {@link Confidentiality#MASQUE_PS}
     *     does not combine with the others: a driver refuses it permanently before asking the DMP
     * @throws ConnectorException permanent {@link ConnectorException#DOCUMENT_NOT_FOUND} when the
     *     patient's DMP has no such document
     * @since 3.1
     */
    default void changeVisibility(Ins ins, String uniqueId, Set<Confidentiality> confidentiality) throws ConnectorException {
        throw ConnectorException.notSupported(name(), "changing a document's visibility");
    }

    /**
     * Archives a document this doctor deposited ({@code archived}), or brings an archived one back
     * (TD3.3): an archived document is still in the DMP, listed only when archived documents are asked
     * for. A document already in the state asked for is left as it is. The DMP refuses it,
     * permanently, for another author's document or a replaced one.
     *
     * @throws ConnectorException permanent {@link ConnectorException#DOCUMENT_NOT_FOUND} when the
     *     patient's DMP has no such document
     * @since 3.1
     */
    default void archive(Ins ins, String uniqueId, boolean archived) throws ConnectorException {
        throw ConnectorException.notSupported(name(), "archiving a document");
    }

    /**
     * Deletes a document this doctor deposited from the patient's DMP (TD3.3); it is no longer
     * listed nor retrieved. The DMP refuses it, permanently, for another author's document or one it
     * does not hold.
     *
     * @since 3.1
     */
    default void delete(Ins ins, String uniqueId) throws ConnectorException {
        throw ConnectorException.notSupported(name(), "deleting a document");
    }

    /**
     * Looks up the INS of a beneficiary of the Vitale card in a reader through the INSi teleservice
     * (its first web service). The driver has the card read first, in the open session.
     *
     * @param reader the PC/SC name of the reader holding the Vitale card
     * @param beneficiary the beneficiary's place on the card, from 0, in the card's order
     * @return the identity INSi found, or that it found none or several
     * @throws ConnectorException transient when INSi cannot be reached or no session is open;
     *     permanent when there is no such beneficiary or no INSi access was set up
     * @since 3.2
     */
    default InsLookupResult insFromVitaleCard(String reader, int beneficiary) throws ConnectorException {
        throw ConnectorException.notSupported(name(), "looking up an INS from a Vitale card");
    }

    /**
     * Looks up an INS from typed traits through the INSi teleservice (its second web service). The
     * traits are sent {@linkplain InsTraits#normalized() normalized}; traits that cannot be are
     * refused, permanently, before INSi is asked.
     *
     * @return the identity INSi found, or that it found none or several
     * @throws ConnectorException transient when INSi cannot be reached or no session is open
     * @since 3.2
     */
    default InsLookupResult insFromTraits(InsTraits traits) throws ConnectorException {
        throw ConnectorException.notSupported(name(), "looking up an INS from traits");
    }

    /**
     * Checks a stored INS with its traits against the INSi teleservice (its third web service), as
     * the identity-vigilance rules ask before an INS is used again. The traits are sent
     * {@linkplain InsTraits#normalized() normalized}, or refused as {@link #insFromTraits} refuses them.
     *
     * @return whether INSi confirmed the identity, and why not
     * @throws ConnectorException transient when INSi cannot be reached or no session is open
     * @since 3.2
     */
    default InsVerification verifyIns(InsIdentity identity) throws ConnectorException {
        throw ConnectorException.notSupported(name(), "checking an INS");
    }
}
