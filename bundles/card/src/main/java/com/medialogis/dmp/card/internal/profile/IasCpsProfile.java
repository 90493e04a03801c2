package com.medialogis.dmp.card.internal.profile;

import com.medialogis.dmp.card.CpsCategory;
import com.medialogis.dmp.card.CpsHolder;
import com.medialogis.dmp.card.PinOutcome;
import com.medialogis.dmp.card.PinOutcome.Status;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * CPS3 and CPS4 cards, read through their public IAS-ECC and PKCS#15 layout (DOMAIN.md §6, from the
 * ANS's Cryptolib sources and OpenSC's IAS-ECC driver): the IAS application, the card number in
 * {@code 3F00/D003}, the PKCS#15 application {@code 3F00/0001} whose ODF points at the certificates
 * (CDF) and the PINs (AODF), the holder from the authentication certificate's subject, the PIN tries
 * from the PIN's security data object, and VERIFY as the AODF describes the PIN.
 */
public final class IasCpsProfile implements CpsProfile {

    /** The IAS application of a CPS3 or CPS4 in a contact reader. */
    static final byte[] CONTACT_AID = hex("E828BD080F8025000001FF0010");
    /** The same application through the contactless interface. */
    static final byte[] CONTACTLESS_AID = hex("E828BD080F8025000001FF0020");
    static final byte[] CARD_NUMBER_FILE = {(byte) 0xD0, 0x03};
    static final byte[] PKCS15_APPLICATION = {0x00, 0x01};
    static final byte[] ODF = {0x00, 0x01, 0x50, 0x31};
    static final String AUTHENTICATION_CERTIFICATE = "Certificat d'Authentification CPS";
    /** The ANS as the cards' issuer: the start of every CPS number. */
    static final String ISSUER = "8025000001";

    @Override
    public Optional<CpsIdentity> identify(CardSession session) throws CardException, CardDataException {
        Optional<byte[]> aid = application(session);
        if (aid.isEmpty()) {
            return Optional.empty();
        }
        String cardNumber = cardNumber(CardFiles.read(session, aid.get(), CARD_NUMBER_FILE, "the card number (D003)"));
        byte[] odf = CardFiles.read(session, aid.get(), ODF, "the PKCS#15 object directory (ODF)");
        byte[] cdf = CardFiles.read(session, aid.get(), Pkcs15.directory(odf, Pkcs15.CDF, PKCS15_APPLICATION),
                "the certificates directory (CDF)");
        Optional<byte[]> certificatePath = Pkcs15.certificate(cdf, AUTHENTICATION_CERTIFICATE, PKCS15_APPLICATION);
        if (certificatePath.isEmpty()) {
            throw new CardDataException("the CDF lists no \"" + AUTHENTICATION_CERTIFICATE + "\"");
        }
        CpsCertificate.Subject subject = CpsCertificate.subject(
                CardFiles.read(session, aid.get(), certificatePath.get(), "the authentication certificate"));
        PinPolicy pin = Pkcs15.userPin(CardFiles.read(session, aid.get(), Pkcs15.directory(odf, Pkcs15.AODF, PKCS15_APPLICATION),
                "the authentication objects directory (AODF)"));
        String nationalId = subject.nationalId();
        if (!nationalId.matches("8[0-9]{11}|0[0-9A-Z]{9}")) {
            throw new CardDataException("the national identifier is not a health professional's (8 + RPPS or 0 + ADELI):"
                    + " a CPE or CPA, whose category the certificate does not tell, is not read here");
        }
        CpsHolder holder = new CpsHolder(subject.surname(), subject.givenName(), nationalId, subject.title(), Optional.empty());
        return Optional.of(new CpsIdentity(holder, CpsCategory.CPS, cardNumber, pin));
    }

    @Override
    public PinOutcome triesLeft(CardSession session, PinPolicy pin) throws CardException {
        int selected = CardFiles.selectMf(session);
        if (selected != StatusWord.OK) {
            return new PinOutcome(Status.CARD_ERROR, -1, "the MF could not be selected (" + StatusWord.describe(selected) + ")");
        }
        int object = pin.reference() & 0x7F;
        byte[] query = {0x4D, 0x08, 0x70, 0x06, (byte) 0xBF, (byte) 0x81, (byte) object, 0x02, (byte) 0xA0, (byte) 0x80};
        ResponseAPDU answer = session.transmit(new CommandAPDU(0x00, 0xCB, 0x3F, 0xFF, query, 256).getBytes());
        if (answer.getSW() != StatusWord.OK) {
            return StatusWord.pinOutcome(answer.getSW(), false);
        }
        Optional<Ber> remaining;
        try {
            List<Ber> data = Ber.parse(answer.getData(), "the PIN object");
            Optional<Ber> template = Ber.first(data, 0x70);
            if (template.isPresent()) {
                data = template.get().children("the PIN object");
            }
            remaining = Ber.find(data, "the PIN object", 0xBF8100 | object, 0xA0, 0x9B);
            if (remaining.isPresent()) {
                return StatusWord.triesLeft(remaining.get().number("the PIN tries remaining"));
            }
        } catch (CardDataException e) {
            return new PinOutcome(Status.CARD_ERROR, -1, e.getMessage());
        }
        return new PinOutcome(Status.CARD_ERROR, -1, "the PIN object gives no tries remaining (tag 9B)");
    }

    @Override
    public PinOutcome verify(CardSession session, PinPolicy pin, byte[] digits) throws CardException {
        if (!pin.asciiDigits()) {
            return new PinOutcome(Status.CARD_ERROR, -1, "the card's PIN encoding is not one this program sends: the card was not tried");
        }
        if (digits.length < pin.minLength() || digits.length > pin.maxLength()) {
            return new PinOutcome(Status.INVALID_PIN, -1, "this card's PIN has " + pin.minLength() + " to " + pin.maxLength()
                    + " digits: the card was not tried");
        }
        if (application(session).isEmpty()) {
            return new PinOutcome(Status.CARD_ERROR, -1, "the CPS application could not be selected: the PIN was not sent");
        }
        int length = pin.padTo().orElse(digits.length);
        byte[] command = new byte[5 + length];
        try {
            command[1] = 0x20;
            command[3] = (byte) pin.reference();
            command[4] = (byte) length;
            Arrays.fill(command, 5, command.length, pin.padChar());
            System.arraycopy(digits, 0, command, 5, digits.length);
            return StatusWord.pinOutcome(session.transmit(command).getSW(), true);
        } finally {
            Arrays.fill(command, (byte) 0);
        }
    }

    /** @return the AID of the IAS application selected: the contact interface's, else the contactless one's */
    private static Optional<byte[]> application(CardSession session) throws CardException {
        for (byte[] aid : new byte[][] {CONTACT_AID, CONTACTLESS_AID}) {
            if (CardFiles.selectApplication(session, aid) == StatusWord.OK) {
                return Optional.of(aid);
            }
        }
        return Optional.empty();
    }

    /**
     * @param file {@code 5A 0A} and the card's PAN in BCD, padded with F
     * @return the PAN without its Luhn digit
     */
    static String cardNumber(byte[] file) throws CardDataException {
        Ber pan = Ber.required(Ber.parse(file, "the card number file"), 0x5A, "the card number");
        String digits = HexFormat.of().withUpperCase().formatHex(pan.value()).replaceFirst("F+$", "");
        if (!digits.matches("[0-9]{12,19}")) {
            throw new CardDataException("the card number is not 12 to 19 decimal digits");
        }
        if (!digits.startsWith(ISSUER)) {
            throw new CardDataException("the card number does not start with the ANS's issuer number " + ISSUER);
        }
        if (!luhn(digits)) {
            throw new CardDataException("the card number fails its Luhn check");
        }
        return digits.substring(0, digits.length() - 1);
    }

    static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
