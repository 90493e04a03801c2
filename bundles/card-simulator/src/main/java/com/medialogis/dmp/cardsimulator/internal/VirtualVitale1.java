package com.medialogis.dmp.cardsimulator.internal;

import java.util.HexFormat;

/**
 * A Vitale 1 card: its ATR (inverse convention, one of the Vitale lines of pcsc-tools'
 * {@code smartcard_list.txt}) and nothing else, since no public description of its files exists.
 * The card service cannot read it and asks the DMP driver's service (Efficience's
 * {@code hl_readVitaleCard}), which the DMP sandbox answers from its seed. Every command is refused
 * with "class not supported".
 */
final class VirtualVitale1 implements VirtualCard {

    static final byte[] ATR = HexFormat.of().parseHex("3F65250052096A9000");

    @Override
    public byte[] atr() {
        return ATR.clone();
    }

    @Override
    public byte[] process(byte[] command) {
        return StatusWords.respond(StatusWords.CLASS_NOT_SUPPORTED);
    }

    @Override
    public void powerOff() {
        // no state
    }

    @Override
    public String label() {
        return "virtual Vitale 1 card";
    }
}
