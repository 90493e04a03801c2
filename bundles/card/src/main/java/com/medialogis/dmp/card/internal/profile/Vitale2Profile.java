package com.medialogis.dmp.card.internal.profile;

import com.medialogis.dmp.identity.Beneficiary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * Vitale beneficiaries as templates 65 holding 80 name, 81 first name, 82 birth date and 93 NIR
 * (the public Vitale 2 structure), plus this project's simulator fields 83 birth rank, 84
 * quality and 90 the insured's NIR, read by READ RECORD {@code 00 B2 n 04} from the application
 * selected by {@link #AID} until 6A83.
 */
public final class Vitale2Profile implements VitaleProfile {

    static final byte[] AID = {(byte) 0xF0, 'V', 'I', 'T', 'A', 'L', 'E'};
    /** More beneficiaries than any card holds: a card that never says 6A83 is not read for ever. */
    static final int MAX_BENEFICIARIES = 16;

    @Override
    public Optional<List<Beneficiary>> beneficiaries(CardSession session) throws CardException, CardDataException {
        ResponseAPDU select = session.transmit(new CommandAPDU(0x00, 0xA4, 0x04, 0x00, AID).getBytes());
        if (select.getSW() != StatusWord.OK) {
            return Optional.empty();
        }
        List<Beneficiary> beneficiaries = new ArrayList<>();
        for (int number = 1; ; number++) {
            ResponseAPDU record = session.transmit(new CommandAPDU(0x00, 0xB2, number, 0x04, 256).getBytes());
            if (record.getSW() == StatusWord.RECORD_NOT_FOUND) {
                break;
            }
            if (record.getSW() != StatusWord.OK) {
                throw new CardDataException("beneficiary " + number + " could not be read ("
                        + StatusWord.describe(record.getSW()) + ")");
            }
            if (number > MAX_BENEFICIARIES) {
                throw new CardDataException("the card lists more than " + MAX_BENEFICIARIES + " beneficiaries");
            }
            beneficiaries.add(beneficiary(record.getData(), number));
        }
        if (beneficiaries.isEmpty()) {
            throw new CardDataException("the card holds no beneficiary");
        }
        return Optional.of(beneficiaries);
    }

    private static Beneficiary beneficiary(byte[] record, int number) throws CardDataException {
        String what = "beneficiary " + number;
        Tlv template = Tlv.parse(record, what);
        Tlv fields = Tlv.parse(template.requiredBytes(0x65, what + ": template 65"), what);
        byte[] rank = fields.bytes(0x83).orElse(new byte[] {1});
        if (rank.length != 1) {
            throw new CardDataException(what + ": the birth rank has " + rank.length + " bytes instead of 1");
        }
        return new Beneficiary(
                fields.requiredText(0x80, what + ": the name"),
                fields.requiredText(0x81, what + ": the first name"),
                fields.requiredText(0x82, what + ": the birth date"),
                fields.requiredText(0x90, what + ": the insured's NIR"),
                fields.text(0x93).filter(nir -> !nir.isEmpty()),
                rank[0] & 0xFF,
                fields.text(0x84).orElse(""));
    }
}
