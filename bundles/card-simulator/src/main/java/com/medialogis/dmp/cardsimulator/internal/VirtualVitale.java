package com.medialogis.dmp.cardsimulator.internal;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.smartcardio.CommandAPDU;

/**
 * A virtual Vitale 2 card with the public layout of a real one (DOMAIN.md §6, cardpeek's
 * {@code vitale_2.lua}): the Vitale 2 ATR; under the MF (also selected as the {@code MF_VITALE}
 * application), the file of short identifier 2 holds one template {@code 65} per holder with
 * {@code 80} surname, {@code 81} first name and {@code 82} birth date {@code YYYYMMDD}; in the
 * {@code VITALE} application the same file holds one {@code 65} per holder, in the same order, with
 * {@code 93} his NIR when he has one. What is not public (rank, quality, the insured's NIR, the
 * other files) is not on this card.
 */
final class VirtualVitale implements VirtualCard {

    static final byte[] VITALE_AID = HexFormat.of().parseHex("D250000002564954414C45");
    static final byte[] MF_VITALE_AID = HexFormat.of().parseHex("D2500000024D465F564954414C45");
    /** A Vitale 2's (DOMAIN.md §6: {@code 3B 75 13 00 00 4x 09 EA 90 00}, here x = 0). */
    static final byte[] ATR = HexFormat.of().parseHex("3B751300004009EA9000");
    private static final int HOLDERS_FILE = 2;

    /** A holder as the chip's clear zones show him; ownNir is empty for one without his own NIR. */
    record Holder(String name, String firstName, String birthDate, String ownNir) {}

    private final byte[] holders;
    private final byte[] nirs;
    private boolean inVitale;
    private byte[] current;

    VirtualVitale(List<Holder> list) {
        Tlv holders = new Tlv();
        Tlv nirs = new Tlv();
        for (Holder holder : list) {
            holders.add(0x65, new Tlv().add(0x80, holder.name()).add(0x81, holder.firstName()).add(0x82, holder.birthDate()).toBytes());
            nirs.add(0x65, holder.ownNir().isEmpty() ? new byte[0] : new Tlv().add(0x93, holder.ownNir()).toBytes());
        }
        this.holders = holders.toBytes();
        this.nirs = nirs.toBytes();
    }

    /**
     * The simulator's default card: an insured adult, his spouse with her own NIR (ASIP's public
     * demonstration identity), a child without one, and a grandmother born on a lunar date.
     */
    static VirtualVitale family() {
        return new VirtualVitale(List.of(
                new Holder("MARTIN", "JEAN", "19500801", "150081505104018"),
                new Holder("DESMAUX", "NATHALIE", "19550615", "255069999999934"),
                new Holder("MARTIN", "LEO", "20150301", ""),
                new Holder("MARTIN", "ROSE", "19290200", "229029912345634")));
    }

    @Override
    public byte[] atr() {
        return ATR.clone();
    }

    @Override
    public String label() {
        return "virtual Vitale card";
    }

    @Override
    public synchronized void powerOff() {
        inVitale = false;
        current = null;
    }

    @Override
    public synchronized byte[] process(byte[] bytes) {
        CommandAPDU command = new CommandAPDU(bytes);
        if (command.getCLA() != 0x00) {
            return StatusWords.respond(StatusWords.CLASS_NOT_SUPPORTED);
        }
        if (command.getINS() == 0xA4) {
            return select(command);
        }
        if (command.getINS() == 0xB0) {
            if ((command.getP1() & 0x80) != 0) {
                if ((command.getP1() & 0x1F) != HOLDERS_FILE) {
                    return StatusWords.respond(StatusWords.FILE_NOT_FOUND);
                }
                current = inVitale ? nirs : holders;
            }
            return current == null ? StatusWords.respond(StatusWords.COMMAND_NOT_ALLOWED_NO_EF)
                    : StatusWords.readBinary(current, command);
        }
        return StatusWords.respond(StatusWords.INSTRUCTION_NOT_SUPPORTED);
    }

    private byte[] select(CommandAPDU command) {
        byte[] data = command.getData();
        boolean mf = command.getP1() == 0x00 && Arrays.equals(data, new byte[] {0x3F, 0x00})
                || command.getP1() == 0x04 && Arrays.equals(data, MF_VITALE_AID);
        boolean vitale = command.getP1() == 0x04 && Arrays.equals(data, VITALE_AID);
        if (!mf && !vitale) {
            return StatusWords.respond(StatusWords.FILE_NOT_FOUND);
        }
        inVitale = vitale;
        current = null;
        return StatusWords.respond(StatusWords.OK);
    }
}
