package com.medialogis.dmp.cardsimulator.internal;

/**
 * A card's side of the APDU exchange, with the layout of this project's simulator (README,
 * "Card layouts"). Implementations are thread-safe: a reader may be polled while a command runs.
 */
interface VirtualCard {

    /** @return the Answer To Reset sent when the card is powered */
    byte[] atr();

    /** @return the response to one command APDU: data then SW1 SW2 */
    byte[] process(byte[] command);

    /** The card loses power (removed or reset): a verified PIN must be presented again. */
    void powerOff();

    /** @return a short label for the shell and the log, naming nobody ("virtual CPS") */
    String label();
}
