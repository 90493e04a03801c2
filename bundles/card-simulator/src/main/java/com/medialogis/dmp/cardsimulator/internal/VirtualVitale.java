package com.medialogis.dmp.cardsimulator.internal;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.smartcardio.CommandAPDU;

/**
 * A virtual Vitale card. After SELECT of its application, READ RECORD {@code 00 B2 n 04} returns
 * beneficiary n (from 1) as a template 65 holding 80 name, 81 first name, 82 birth date AAMMJJ, 83
 * birth rank, 84 quality, 90 the insured's NIR and, when the beneficiary has one, 93 his own NIR;
 * 6A83 past the last one.
 */
final class VirtualVitale implements VirtualCard {

    static final byte[] AID = {(byte) 0xF0, 'V', 'I', 'T', 'A', 'L', 'E'};
    /** A Vitale 2's (DOMAIN.md §6: {@code 3B 75 13 00 00 4x 09 EA 90 00}, here x = 0). */
    static final byte[] ATR = HexFormat.of().parseHex("3B751300004009EA9000");

    /** A beneficiary as the card stores it; ownNir is empty for one without his own NIR. */
    record Holder(String name, String firstName, String birthDate, int birthRank, String quality,
            String insuredNir, String ownNir) {}

    private final List<byte[]> records;
    private boolean selected;

    VirtualVitale(List<Holder> holders) {
        this.records = holders.stream().map(VirtualVitale::record).toList();
    }

    /**
     * The simulator's default card: an insured adult, his spouse with her own NIR (ASIP's public
     * demonstration identity), a child without one, and a grandmother born on a lunar date.
     */
    static VirtualVitale family() {
        String insured = "150081505104018";
        return new VirtualVitale(List.of(
                new Holder("MARTIN", "JEAN", "500801", 1, "00", insured, insured),
                new Holder("DESMAUX", "NATHALIE", "550615", 1, "02", insured, "255069999999934"),
                new Holder("MARTIN", "LEO", "150301", 1, "06", insured, ""),
                new Holder("MARTIN", "ROSE", "290200", 1, "09", insured, "229029912345634")));
    }

    private static byte[] record(Holder holder) {
        Tlv fields = new Tlv()
                .add(0x80, holder.name())
                .add(0x81, holder.firstName())
                .add(0x82, holder.birthDate())
                .add(0x83, new byte[] {(byte) holder.birthRank()})
                .add(0x84, holder.quality())
                .add(0x90, holder.insuredNir());
        if (!holder.ownNir().isEmpty()) {
            fields.add(0x93, holder.ownNir());
        }
        return new Tlv().add(0x65, fields.toBytes()).toBytes();
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
        selected = false;
    }

    @Override
    public synchronized byte[] process(byte[] bytes) {
        CommandAPDU command = new CommandAPDU(bytes);
        if (command.getCLA() != 0x00) {
            return StatusWords.respond(StatusWords.CLASS_NOT_SUPPORTED);
        }
        if (command.getINS() == 0xA4 && command.getP1() == 0x04) {
            selected = Arrays.equals(command.getData(), AID);
            return StatusWords.respond(selected ? StatusWords.OK : StatusWords.FILE_NOT_FOUND);
        }
        if (!selected) {
            return StatusWords.respond(StatusWords.CONDITIONS_NOT_SATISFIED);
        }
        if (command.getINS() == 0xB2 && command.getP2() == 0x04) {
            int number = command.getP1();
            return number >= 1 && number <= records.size()
                    ? StatusWords.respond(records.get(number - 1), StatusWords.OK)
                    : StatusWords.respond(StatusWords.RECORD_NOT_FOUND);
        }
        return StatusWords.respond(StatusWords.INSTRUCTION_NOT_SUPPORTED);
    }
}
