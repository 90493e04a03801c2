package com.medialogis.dmp.cardsimulator.internal;

import java.nio.ByteBuffer;
import java.security.Provider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import javax.smartcardio.TerminalFactory;
import javax.smartcardio.TerminalFactorySpi;

/**
 * A {@link TerminalFactory} whose terminals are the simulated readers, in memory: the same
 * javax.smartcardio calls as PC/SC, without pcscd. A pulled card fails its next command with a
 * {@link CardException}, as a real one does.
 */
final class SimulatedTerminalFactory {

    static final String TYPE = "DmpSimulated";

    private SimulatedTerminalFactory() {}

    static TerminalFactory create(SimulatedReaders readers) {
        Provider provider = new Provider("DmpCardSimulator", "1.0", "Virtual CPS and Vitale cards in memory") {
            private static final long serialVersionUID = 1L;

            {
                putService(new Service(this, "TerminalFactory", TYPE, Spi.class.getName(), null, null) {
                    @Override
                    public Object newInstance(Object parameter) {
                        return new Spi(readers);
                    }
                });
            }
        };
        try {
            return TerminalFactory.getInstance(TYPE, null, provider);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the simulator's own provider lacks its terminal factory", e);
        }
    }

    static final class Spi extends TerminalFactorySpi {
        private final SimulatedReaders readers;

        Spi(SimulatedReaders readers) {
            this.readers = readers;
        }

        @Override
        protected CardTerminals engineTerminals() {
            return new Terminals(readers);
        }
    }

    private static final class Terminals extends CardTerminals {
        private final SimulatedReaders readers;
        private long seenGeneration;
        /** The insertion held by each reader before and after the latest waitForChange. */
        private Map<String, Long> insertionsBefore;
        private Map<String, Long> insertionsAfter;

        Terminals(SimulatedReaders readers) {
            this.readers = readers;
            this.seenGeneration = readers.generation();
            this.insertionsAfter = insertions();
            this.insertionsBefore = insertionsAfter;
        }

        private Map<String, Long> insertions() {
            Map<String, Long> insertions = new HashMap<>();
            for (String name : readers.names()) {
                readers.slot(name).ifPresent(slot -> insertions.put(name, slot.insertion()));
            }
            return insertions;
        }

        /**
         * CARD_INSERTION and CARD_REMOVAL compare insertions, not mere presence: a card pulled and
         * another inserted during one wait count as both.
         */
        @Override
        public synchronized List<CardTerminal> list(State state) {
            Map<String, Long> present = insertions();
            List<CardTerminal> terminals = new ArrayList<>();
            for (String name : readers.names()) {
                Long before = insertionsBefore.get(name);
                Long after = insertionsAfter.get(name);
                boolean wanted = switch (state) {
                    case ALL -> true;
                    case CARD_PRESENT -> present.containsKey(name);
                    case CARD_ABSENT -> !present.containsKey(name);
                    case CARD_INSERTION -> after != null && !after.equals(before);
                    case CARD_REMOVAL -> before != null && !before.equals(after);
                };
                if (wanted) {
                    terminals.add(new Terminal(readers, name));
                }
            }
            return terminals;
        }

        @Override
        public boolean waitForChange(long timeout) throws CardException {
            if (timeout < 0) {
                throw new IllegalArgumentException("negative timeout " + timeout);
            }
            try {
                long seen;
                synchronized (this) {
                    seen = seenGeneration;
                }
                long now = readers.awaitChange(seen, timeout);
                synchronized (this) {
                    seenGeneration = now;
                    insertionsBefore = insertionsAfter;
                    insertionsAfter = insertions();
                }
                return now != seen;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CardException("interrupted while waiting for a card change", e);
            }
        }
    }

    private static final class Terminal extends CardTerminal {
        private final SimulatedReaders readers;
        private final String name;

        Terminal(SimulatedReaders readers, String name) {
            this.readers = readers;
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Card connect(String protocol) throws CardException {
            Optional<SimulatedReaders.Slot> slot = readers.slot(name);
            if (slot.isEmpty()) {
                throw new CardNotPresentException("no card in " + name);
            }
            return new SimulatedCard(readers, name, slot.get());
        }

        @Override
        public boolean isCardPresent() {
            return readers.slot(name).isPresent();
        }

        @Override
        public boolean waitForCardPresent(long timeout) throws CardException {
            return waitFor(true, timeout);
        }

        @Override
        public boolean waitForCardAbsent(long timeout) throws CardException {
            return waitFor(false, timeout);
        }

        private boolean waitFor(boolean present, long timeout) throws CardException {
            long deadline = System.currentTimeMillis() + timeout;
            try {
                long generation = readers.generation();
                while (isCardPresent() != present) {
                    long left = deadline - System.currentTimeMillis();
                    if (timeout != 0 && left <= 0) {
                        return false;
                    }
                    generation = readers.awaitChange(generation, timeout == 0 ? 0 : left);
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CardException("interrupted while waiting for a card", e);
            }
        }
    }

    private static final class SimulatedCard extends Card {
        private final SimulatedReaders readers;
        private final String reader;
        private final SimulatedReaders.Slot slot;
        private final CardChannel basic = new Channel(this);
        private volatile boolean disconnected;

        SimulatedCard(SimulatedReaders readers, String reader, SimulatedReaders.Slot slot) {
            this.readers = readers;
            this.reader = reader;
            this.slot = slot;
        }

        byte[] transmit(byte[] command) throws CardException {
            if (disconnected) {
                throw new IllegalStateException("card disconnected");
            }
            Optional<SimulatedReaders.Slot> now = readers.slot(reader);
            if (now.isEmpty() || now.get().insertion() != slot.insertion()) {
                throw new CardException("the card was removed from " + reader);
            }
            return slot.card().process(command);
        }

        @Override
        public ATR getATR() {
            return new ATR(slot.card().atr());
        }

        @Override
        public String getProtocol() {
            return "T=1";
        }

        @Override
        public CardChannel getBasicChannel() {
            return basic;
        }

        @Override
        public CardChannel openLogicalChannel() throws CardException {
            throw new CardException("the virtual cards have only their basic channel");
        }

        @Override
        public void beginExclusive() {
            // One card object per connection: nothing to lock.
        }

        @Override
        public void endExclusive() {
            // See beginExclusive.
        }

        @Override
        public byte[] transmitControlCommand(int controlCode, byte[] command) throws CardException {
            throw new CardException("the simulated readers take no control command");
        }

        @Override
        public void disconnect(boolean reset) {
            if (reset) {
                slot.card().powerOff();
            }
            disconnected = true;
        }
    }

    private static final class Channel extends CardChannel {
        private final SimulatedCard card;

        Channel(SimulatedCard card) {
            this.card = card;
        }

        @Override
        public Card getCard() {
            return card;
        }

        @Override
        public int getChannelNumber() {
            return 0;
        }

        @Override
        public ResponseAPDU transmit(CommandAPDU command) throws CardException {
            return new ResponseAPDU(card.transmit(command.getBytes()));
        }

        @Override
        public int transmit(ByteBuffer command, ByteBuffer response) throws CardException {
            byte[] bytes = new byte[command.remaining()];
            command.get(bytes);
            byte[] answer = card.transmit(bytes);
            response.put(answer);
            return answer.length;
        }

        @Override
        public void close() throws CardException {
            throw new IllegalStateException("the basic channel cannot be closed");
        }
    }
}
