package com.medialogis.dmp.card.internal.profile;

import com.medialogis.dmp.card.CpsCategory;
import com.medialogis.dmp.card.CpsHolder;
import com.medialogis.dmp.card.PinOutcome;
import java.util.Arrays;
import java.util.Optional;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * The layout of this project's virtual CPS (README, "Card layouts"). The PIN commands are ISO
 * 7816-4 VERIFY: without data it reads the tries left (63Cx) without spending one; with the PIN
 * padded with FF to 8 bytes it presents it. Holder data: GET DATA 80 CA 00 01, tags C0 category,
 * C1 test flag, C2 national id, C3 name, C4 first name, C5 profession, C6 specialty.
 */
public final class SimulatorCpsProfile implements CpsProfile {

    static final byte[] AID = {(byte) 0xF0, 'D', 'M', 'P', 'C', 'P', 'S'};
    private static final int PIN_REFERENCE = 0x81;
    private static final int PADDED_PIN_LENGTH = 8;

    @Override
    public Optional<CpsIdentity> identify(CardSession session) throws CardException, CardDataException {
        ResponseAPDU select = session.transmit(new CommandAPDU(0x00, 0xA4, 0x04, 0x00, AID).getBytes());
        if (select.getSW() != StatusWord.OK) {
            return Optional.empty();
        }
        ResponseAPDU answer = session.transmit(new CommandAPDU(0x80, 0xCA, 0x00, 0x01, 256).getBytes());
        if (answer.getSW() != StatusWord.OK) {
            throw new CardDataException("the CPS refused its holder data (" + StatusWord.describe(answer.getSW()) + ")");
        }
        Tlv data = Tlv.parse(answer.getData(), "CPS holder data");
        String categoryText = data.requiredText(0xC0, "the card category");
        CpsCategory category;
        try {
            category = CpsCategory.valueOf(categoryText);
        } catch (IllegalArgumentException e) {
            throw new CardDataException("unknown card category '" + categoryText + "'");
        }
        byte[] test = data.requiredBytes(0xC1, "the test flag");
        if (test.length != 1) {
            throw new CardDataException("the test flag has " + test.length + " bytes instead of 1");
        }
        CpsHolder holder = new CpsHolder(
                data.requiredText(0xC3, "the holder's name"),
                data.requiredText(0xC4, "the holder's first name"),
                data.requiredText(0xC2, "the national identifier"),
                data.requiredText(0xC5, "the profession"),
                data.text(0xC6).filter(specialty -> !specialty.isEmpty()));
        return Optional.of(new CpsIdentity(holder, category, test[0] != 0));
    }

    @Override
    public PinOutcome triesLeft(CardSession session) throws CardException {
        Optional<Integer> refused = select(session);
        if (refused.isPresent()) {
            return StatusWord.pinOutcome(refused.get(), false);
        }
        return StatusWord.pinOutcome(
                session.transmit(new CommandAPDU(0x00, 0x20, 0x00, PIN_REFERENCE).getBytes()).getSW(), false);
    }

    @Override
    public PinOutcome verify(CardSession session, byte[] pin) throws CardException {
        Optional<Integer> refused = select(session);
        if (refused.isPresent()) {
            return StatusWord.pinOutcome(refused.get(), true);
        }
        byte[] command = new byte[5 + PADDED_PIN_LENGTH];
        try {
            command[1] = 0x20;
            command[3] = (byte) PIN_REFERENCE;
            command[4] = PADDED_PIN_LENGTH;
            Arrays.fill(command, 5, command.length, (byte) 0xFF);
            System.arraycopy(pin, 0, command, 5, pin.length);
            return StatusWord.pinOutcome(session.transmit(command).getSW(), true);
        } finally {
            Arrays.fill(command, (byte) 0);
        }
    }

    /** @return the status word when the application could not be selected */
    private static Optional<Integer> select(CardSession session) throws CardException {
        int sw = session.transmit(new CommandAPDU(0x00, 0xA4, 0x04, 0x00, AID).getBytes()).getSW();
        return sw == StatusWord.OK ? Optional.empty() : Optional.of(sw);
    }
}
