package com.medialogis.dmp.card.internal;

import com.medialogis.dmp.card.CardEvent;
import com.medialogis.dmp.card.CardListener;
import com.medialogis.dmp.card.CardReaders;
import com.medialogis.dmp.card.CpsCard;
import com.medialogis.dmp.card.PresentCard;
import com.medialogis.dmp.card.Reader;
import com.medialogis.dmp.card.ReaderService;
import com.medialogis.dmp.card.ReaderStatus;
import com.medialogis.dmp.card.VitaleCard;
import com.medialogis.dmp.card.VitaleCardSource;
import com.medialogis.dmp.card.internal.profile.IasCpsProfile;
import com.medialogis.dmp.card.internal.profile.Vitale2Profile;
import com.medialogis.dmp.identity.InsCalculator;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.smartcardio.TerminalFactory;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CardReaders} over PC/SC, or over the card simulator's terminal factory while one is
 * registered, or through a {@link ReaderService} that owns the readers (Efficience, when the
 * practice lets it), which then wins: PC/SC is let go while it is there. Card events go to every
 * {@link CardListener} service, in order, on one thread.
 */
@Component(immediate = true, configurationPid = CardService.PID)
@Designate(ocd = CardService.Config.class)
public class CardService implements CardReaders {

    static final String PID = "com.medialogis.dmp.card";
    private static final Logger LOG = LoggerFactory.getLogger(CardService.class);
    private static final long SIMULATOR_GRACE_MILLIS = 1000;

    @ObjectClassDefinition(name = "DMP card readers", description = "How the card readers are watched.")
    public @interface Config {
        @AttributeDefinition(description = "Longest wait for a reader change between two passes, in"
                + " milliseconds (10 to 2000): a PIN command waits at most this long for the reader thread.")
        long poll_millis() default 100;

        @AttributeDefinition(description = "Use the PC/SC readers when no card simulator is running.")
        boolean pcsc_enabled() default true;

        @AttributeDefinition(description = "Accept test CPS cards (national identifier 8997…), as the demonstration and"
                + " the DMP's test servers need; a practice working on the real DMP sets it to false.")
        boolean test_cards_accepted() default true;
    }

    private final List<CardListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService eventThread = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "dmp-card-events");
        thread.setDaemon(true);
        return thread;
    });
    private final ReaderWatcher watcher;
    /** By their service references, which order them by their ranking as it stands (it may change while bound). */
    private final Map<ServiceReference<VitaleCardSource>, VitaleCardSource> vitaleSources = new ConcurrentHashMap<>();
    private volatile Optional<TerminalFactory> simulator = Optional.empty();
    private final CardReading reading;
    /** The readers of a reader service that owns them, while one is bound. */
    private final AtomicReference<OwnedReaders> owned = new AtomicReference<>();

    @Activate
    public CardService(@Reference InsCalculator calculator, Config config) {
        if (config.poll_millis() < 10 || config.poll_millis() > 2000) {
            throw new IllegalArgumentException(PID + ": poll.millis must be between 10 and 2000, not "
                    + config.poll_millis());
        }
        this.reading = new CardReading(new IasCpsProfile(), new Vitale2Profile(), calculator, this::vitaleSources,
                config.test_cards_accepted());
        Supplier<Optional<TerminalFactory>> pcsc = config.pcsc_enabled() ? new PcscSource() : Optional::empty;
        this.watcher = new ReaderWatcher(reading, () -> owned.get() != null ? Optional.empty() : simulator.or(pcsc),
                config.poll_millis(), this::publish);
    }

    /**
     * The PC/SC factory, made on the reader thread at its first use: loading the PC/SC library
     * fails where none is installed, which the reader thread reports as a status and retries.
     */
    private static final class PcscSource implements Supplier<Optional<TerminalFactory>> {
        private TerminalFactory factory;

        @Override
        public Optional<TerminalFactory> get() {
            if (factory == null) {
                factory = PcscTerminals.factory();
            }
            return Optional.of(factory);
        }
    }

    /**
     * Starts watching once the dynamic references are bound. Without a simulator yet, the first
     * pass waits a second: a simulator configured in load/ is registered by then, and PC/SC (a
     * native library and a connection to pcscd) is not opened for nothing at every start.
     */
    @Activate
    void start() {
        watcher.start(simulator.isPresent() ? 0 : SIMULATOR_GRACE_MILLIS);
    }

    @Deactivate
    void stop() {
        OwnedReaders last = owned.getAndSet(null);
        if (last != null) {
            last.close();
        }
        watcher.stop();
        eventThread.shutdown();
        try {
            eventThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(dmp.card.simulator=true)")
    void bindSimulator(TerminalFactory factory) {
        simulator = Optional.of(factory);
    }

    void unbindSimulator(TerminalFactory factory) {
        simulator = Optional.empty();
    }

    /**
     * A DMP driver's service that owns the readers: the cards are read through it from now on, and
     * the PC/SC readers let go at the reader thread's next pass.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + ReaderService.READERS_OWNED + "=true)")
    void bindReaderService(ReaderService owner) {
        LOG.info("The card readers belong to {}: the cards are read through it", owner.name());
        // A service replacing another (greedy): the one before stops being heard before this one speaks,
        // and PC/SC is not taken back in between; a watch that cannot start leaves the readers to PC/SC.
        OwnedReaders previous = owned.get();
        if (previous != null) {
            previous.close();
        }
        try {
            owned.set(new OwnedReaders(owner, reading, this::publish));
        } catch (RuntimeException e) {
            owned.compareAndSet(previous, null);
            throw e;
        }
    }

    void unbindReaderService(ReaderService owner) {
        // A service replacing this one (greedy) was bound before this one leaves: only this one's readers go.
        OwnedReaders current = owned.get();
        if (current != null && current.owner() == owner && owned.compareAndSet(current, null)) {
            LOG.info("The card readers no longer belong to {}", owner.name());
            current.close();
        }
    }

    /** A DMP driver's way of reading Vitale cards, asked for the cards the profiles cannot read. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addVitaleSource(ServiceReference<VitaleCardSource> reference, VitaleCardSource source) {
        vitaleSources.put(reference, source);
    }

    void removeVitaleSource(ServiceReference<VitaleCardSource> reference) {
        vitaleSources.remove(reference);
    }

    /** @return the sources, highest service ranking first, then the oldest (the service references' own order, reversed) */
    List<VitaleCardSource> vitaleSources() {
        return vitaleSources.keySet().stream().sorted(Comparator.reverseOrder()).map(vitaleSources::get)
                .filter(Objects::nonNull).toList();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(CardListener listener) {
        listeners.add(listener);
    }

    void removeListener(CardListener listener) {
        listeners.remove(listener);
    }

    @Override
    public List<Reader> readers() {
        OwnedReaders current = owned.get();
        return current != null ? current.readers() : watcher.readers();
    }

    @Override
    public ReaderStatus status() {
        OwnedReaders current = owned.get();
        return current != null ? current.status() : watcher.status();
    }

    @Override
    public Optional<CpsCard> cps() {
        return first(CpsCard.class);
    }

    @Override
    public Optional<VitaleCard> vitale() {
        return first(VitaleCard.class);
    }

    @Override
    public void retryVitaleSources() {
        watcher.retrySources();
    }

    private <T extends PresentCard> Optional<T> first(Class<T> type) {
        return readers().stream()
                .flatMap(reader -> reader.card().stream())
                .filter(type::isInstance)
                .map(type::cast)
                .findFirst();
    }

    private void publish(CardEvent event) {
        LOG.info("Card reader {}: {}{}", event.reader(), event.type(), event.card().map(card -> " " + CardKind.of(card)).orElse(""));
        eventThread.execute(() -> {
            for (CardListener listener : listeners) {
                try {
                    listener.cardEvent(event);
                } catch (RuntimeException e) {
                    LOG.warn("A card listener failed on {} {}: {}", event.type(), event.reader(), e.toString());
                }
            }
        });
    }
}
