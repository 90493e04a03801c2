/**
 * Smart cards read through PC/SC: the doctor's CPS and the patient's Vitale card.
 *
 * <p>{@link com.medialogis.dmp.card.CardReaders} is the service; {@link com.medialogis.dmp.card.CardListener}s
 * registered as services are told of insertions, removals and lost readers (whiteboard). When the
 * practice lets a DMP driver's service own the readers (Efficience), the driver registers a
 * {@link com.medialogis.dmp.card.ReaderService} and the card bundle reads the cards through it
 * instead of PC/SC. A PIN
 * travels as a {@code char[]} that the card bundle wipes after use; it is never retried by the
 * program, and a card with one try left is not tried without the caller's explicit confirmation.
 */
@Export
@Version("2.0.0")
package com.medialogis.dmp.card;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
