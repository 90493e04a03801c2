package com.medialogis.dmp.card.internal.profile;

import com.medialogis.dmp.identity.Beneficiary;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.smartcardio.CardException;

/**
 * Vitale 2 cards, read through their public clear zones (DOMAIN.md §6, from cardpeek's
 * {@code vitale_2.lua}): under the MF, the file of short identifier 2 holds one template {@code 65}
 * per holder with {@code 80} surname, {@code 81} first name and {@code 82} birth date
 * ({@code YYYYMMDD}, lunar dates included); the same file in the {@code VITALE} application holds
 * one {@code 65} per holder, in the same order, with {@code 93} his NIR when he has one. Nothing
 * public says where the birth rank, the quality or the insured's NIR sit on the chip: they are left
 * unknown (0 and empty).
 */
public final class Vitale2Profile implements VitaleProfile {

    /** The {@code VITALE} application: D2 50 00 00 02 then "VITALE". */
    static final byte[] VITALE_AID = HexFormat.of().parseHex("D250000002564954414C45");
    static final int HOLDERS_FILE = 2;
    private static final int HOLDER = 0x65;
    /** More holders than any card carries: a card listing more is refused. */
    static final int MAX_HOLDERS = 16;

    @Override
    public Optional<List<Beneficiary>> beneficiaries(CardSession session) throws CardException, CardDataException {
        if (CardFiles.selectApplication(session, VITALE_AID) != StatusWord.OK) {
            return Optional.empty();
        }
        List<Ber> nirs = Ber.all(Ber.parse(CardFiles.readShortFile(session, HOLDERS_FILE, "the VITALE holders' file"),
                "the VITALE holders' file"), HOLDER);
        int sw = CardFiles.selectMf(session);
        if (sw != StatusWord.OK) {
            throw new CardDataException("the card's MF could not be selected (" + StatusWord.describe(sw) + ")");
        }
        List<Ber> holders = Ber.all(Ber.parse(CardFiles.readShortFile(session, HOLDERS_FILE, "the holders' file"),
                "the holders' file"), HOLDER);
        if (holders.isEmpty()) {
            throw new CardDataException("the card holds no beneficiary");
        }
        if (holders.size() > MAX_HOLDERS) {
            throw new CardDataException("the card lists more than " + MAX_HOLDERS + " beneficiaries");
        }
        if (nirs.size() != holders.size()) {
            throw new CardDataException("the card lists " + holders.size() + " holders but " + nirs.size()
                    + " NIR entries in its VITALE application");
        }
        List<Beneficiary> beneficiaries = new ArrayList<>();
        for (int i = 0; i < holders.size(); i++) {
            beneficiaries.add(beneficiary(holders.get(i), nirs.get(i), i + 1));
        }
        return Optional.of(beneficiaries);
    }

    private static Beneficiary beneficiary(Ber holder, Ber nirEntry, int number) throws CardDataException {
        String what = "beneficiary " + number;
        List<Ber> fields = holder.children(what);
        String name = Ber.required(fields, 0x80, what + ": the name").text();
        String firstName = Ber.required(fields, 0x81, what + ": the first name").text();
        String birthDate = Ber.required(fields, 0x82, what + ": the birth date").text(); // YYYYMMDD; the INS-C takes YYMMDD
        if (!birthDate.matches("[0-9]{8}")) {
            throw new CardDataException(what + ": the birth date is not 8 digits (YYYYMMDD)");
        }
        Optional<String> nir = Ber.first(nirEntry.children(what), 0x93).map(Ber::text).filter(value -> !value.isEmpty());
        return new Beneficiary(
                name,
                firstName,
                birthDate.substring(2),
                "",
                nir,
                0,
                "");
    }
}
