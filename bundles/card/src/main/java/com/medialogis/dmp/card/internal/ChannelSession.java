package com.medialogis.dmp.card.internal;

import com.medialogis.dmp.card.internal.profile.CardSession;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.ResponseAPDU;

/** A {@link CardSession} over a javax.smartcardio channel. */
final class ChannelSession implements CardSession {

    private static final int MAX_RESPONSE = 258;

    private final String reader;
    private final CardChannel channel;

    ChannelSession(String reader, CardChannel channel) {
        this.reader = reader;
        this.channel = channel;
    }

    @Override
    public String reader() {
        return reader;
    }

    /**
     * Providers throw unchecked exceptions when a card is pulled during a command (a virtual reader
     * answers "success, 0 bytes"): every failure becomes a {@link CardException}.
     */
    @Override
    public ResponseAPDU transmit(byte[] command) throws CardException {
        ByteBuffer response = ByteBuffer.allocate(MAX_RESPONSE);
        try {
            int length = channel.transmit(ByteBuffer.wrap(command), response);
            return new ResponseAPDU(Arrays.copyOf(response.array(), length));
        } catch (RuntimeException e) {
            throw new CardException("the card in " + reader + " did not answer: " + e.getMessage(), e);
        } finally {
            Arrays.fill(response.array(), (byte) 0);
        }
    }
}
