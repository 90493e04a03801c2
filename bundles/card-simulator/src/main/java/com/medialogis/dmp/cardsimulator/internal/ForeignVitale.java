package com.medialogis.dmp.cardsimulator.internal;

/**
 * A Vitale 2 card (its real ATR) whose files are not the simulator's: the card service's own
 * profile cannot read it, as it cannot read a real card's, so it asks the DMP driver's service
 * (Efficience's {@code hl_readVitaleCard}), which the DMP sandbox answers from its seed. Every
 * command is answered "file not found".
 */
final class ForeignVitale implements VirtualCard {

    @Override
    public byte[] atr() {
        return VirtualVitale.ATR.clone();
    }

    @Override
    public byte[] process(byte[] command) {
        return StatusWords.respond(StatusWords.FILE_NOT_FOUND);
    }

    @Override
    public void powerOff() {
        // no state
    }

    @Override
    public String label() {
        return "virtual Vitale card of another layout";
    }
}
