package com.medialogis.dmp.card.internal;

import com.medialogis.dmp.card.internal.profile.CardSession;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.ResponseAPDU;
import jnasmartcardio.Smartcardio;

/** A {@link CardSession} over a javax.smartcardio channel. */
final class ChannelSession implements CardSession {

    private static final int MAX_RESPONSE = 258;
    private static final long SCARD_E_NOT_TRANSACTED = 0x80100016L;
    private static final long SCARD_W_REMOVED_CARD = 0x80100069L;
    private static final long SCARD_E_NO_SMARTCARD = 0x8010000CL;

    private final String reader;
    private final CardChannel channel;
    private final byte[] atr;

    ChannelSession(String reader, CardChannel channel, byte[] atr) {
        this.reader = reader;
        this.channel = channel;
        this.atr = atr.clone();
    }

    @Override
    public String reader() {
        return reader;
    }

    @Override
    public byte[] atr() {
        return atr.clone();
    }

    /**
     * A card pulled during a command shows as an unchecked exception from the provider (a virtual
     * reader answers "success, 0 bytes"), then as PC/SC's "not transacted", "removed card" or "no
     * smart card": those become a {@link CardRemovedException}, any other failure a {@link CardException}.
     */
    @Override
    public ResponseAPDU transmit(byte[] command) throws CardException {
        ByteBuffer response = ByteBuffer.allocate(MAX_RESPONSE);
        try {
            int length = channel.transmit(ByteBuffer.wrap(command), response);
            return new ResponseAPDU(Arrays.copyOf(response.array(), length));
        } catch (RuntimeException e) {
            throw new CardRemovedException("the card left " + reader + " during a command", e);
        } catch (Smartcardio.JnaPCSCException e) {
            if (e.code == SCARD_E_NOT_TRANSACTED || e.code == SCARD_W_REMOVED_CARD || e.code == SCARD_E_NO_SMARTCARD) {
                throw new CardRemovedException("the card left " + reader + " during a command", e);
            }
            throw e;
        } finally {
            Arrays.fill(response.array(), (byte) 0);
        }
    }
}
