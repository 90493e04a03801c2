package com.medialogis.dmp.efficience.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.medialogis.dmp.card.ReaderService;
import com.medialogis.dmp.card.UnknownCard;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.identity.Beneficiary;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workstation's readers as the Efficience service owns them (EFFICIENCE-API.md §2.3, §2.4,
 * §1.1): a session of their own (opened without PIN, apart from the DMP session, which the user
 * closes and opens again), {@code hl_getPcscReaders}, the CPx and Vitale objects taken in their
 * readers, and the two monitoring commands on WebSockets kept open, whose pushes become what the
 * observer is told. The readers are listed again at each checking interval (which keeps the
 * session active): a reader plugged in or out, or a card put in another reader than the one
 * watched for it, starts the watch again. Everything runs on one thread; a failure (the service
 * stopped, a socket closed, a command refused) is told, everything let go, and the watch starts
 * again a few seconds later.
 */
final class ServiceReaders implements AutoCloseable {

    /** What the watch asks of the driver: its calls to the service, in the driver's forms. */
    interface Service {
        /** {@code hl_openSession} with the driver's settings; @return the session's id */
        String openSession() throws ConnectorException;

        /** Closes a session; a failure is only logged, the service closes it after its timeout. */
        void closeSession(String id);

        /** Sends one small command of the session (its s_sessionId set by the caller). */
        JsonNode call(String command, ObjectNode request) throws ConnectorException;

        /** Sends a command whose last field is the PIN, from an array the caller wipes. */
        JsonNode callWithPin(String command, ObjectNode request, char[] pin) throws ConnectorException;
    }

    /**
     * Where the readers are watched.
     *
     * @param monitoring the WebSocket address of the monitoring commands
     * @param cpsReader the CPS reader's name, or empty: the first holding a CPS, else the first
     * @param vitaleReader the Vitale reader's name, or empty: the first holding a Vitale card, else another than the CPS's
     * @param checkingInterval how often the service checks the cards
     * @param retry how long after a failure the watch starts again
     */
    record Settings(URI monitoring, String cpsReader, String vitaleReader, Duration checkingInterval, Duration retry) {}

    private static final Logger LOG = LoggerFactory.getLogger(ServiceReaders.class);
    private static final ObjectMapper JSON = EfficienceConnector.Json.MAPPER;
    /** A push is a status, or a Vitale card's few beneficiaries: a longer one ends the socket. */
    private static final int LONGEST_PUSH = 1024 * 1024;
    /** Listings of the readers that may fail in a row before the watch starts again. */
    private static final int RELISTING_FAILURES = 3;
    /** The longest wait for a monitoring socket to open. */
    private static final Duration SOCKET_OPENING = Duration.ofSeconds(10);
    /** ReaderSlotType (EFFICIENCE-API.md §2.3). */
    private static final int ST_NO_CARD = 1;
    private static final int ST_VITALE_CARD = 2;
    private static final int ST_CPS_CARD = 3;
    /** CPx monitoring i_cardStatus (EFFICIENCE-API.md §3.12). */
    private static final int VALID_CARD_INSERTED = 1;
    private static final int NO_CARD_INSERTED = 2;
    private static final int UNKNOWN_CARD_INSERTED = 3;
    private static final int CARD_STATUS_CHANGED = 4;
    private static final int CARD_IS_BLOCKED = 5;
    private static final int CARD_IS_EXPIRED = 6;
    private static final int CPX_READER_ERROR = 7;
    /** Vitale monitoring i_cardStatus (EFFICIENCE-API.md §3.14). */
    private static final int READ_ERROR = 1;
    private static final int NEW_CARD_FOUND = 2;
    private static final int CARD_MISSING = 4;

    private final Service service;
    private final ServiceClient client;
    private final Settings settings;
    private final ReaderService.Observer observer;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread watcher = new Thread(task, "dmp-efficience-readers");
        watcher.setDaemon(true);
        return watcher;
    });

    /** Set once by {@link #close}: nothing starts again, every task ends at once. */
    private volatile boolean closed;
    /** The reader the CPS is watched in, for the DMP session's CPx object; empty between two rounds. */
    private volatile Optional<String> cpsReaderNow = Optional.empty();
    /**
     * Held while a CPS of this watch reads its tries then presents its PIN: two presentations never
     * both see the tries before either spends one (the last try is never spent unconfirmed).
     */
    private final ReentrantLock pins = new ReentrantLock();

    // Touched on the watch's thread only, but the sockets, which close() aborts from its caller's.
    private Optional<String> session = Optional.empty();
    private Optional<ScheduledFuture<?>> retry = Optional.empty();
    private Optional<ScheduledFuture<?>> relisting = Optional.empty();
    /** The readers as this round listed them. */
    private Set<String> listed = Set.of();
    /** Listings failed in a row: a few are let pass, the monitoring's sockets telling a service gone. */
    private int relistingFailures;
    private Optional<ServiceCps> cps = Optional.empty();
    private String cpsReader = "";
    private String vitaleReader = "";
    private final List<WebSocket> sockets = new CopyOnWriteArrayList<>();
    /** Counts the watch's starts: a push from the sockets of an earlier one is dropped. */
    private int round;

    private ServiceReaders(Service service, ServiceClient client, Settings settings, ReaderService.Observer observer) {
        this.service = service;
        this.client = client;
        this.settings = settings;
        this.observer = observer;
    }

    /** @return the watch, started on its own thread */
    static ServiceReaders start(Service service, ServiceClient client, Settings settings, ReaderService.Observer observer) {
        ServiceReaders watch = new ServiceReaders(service, client, settings, observer);
        watch.thread.execute(watch::begin);
        return watch;
    }

    /** Opens the session, lists the readers, takes the CPx and Vitale objects and starts monitoring them. */
    private void begin() {
        if (closed) {
            return;
        }
        try {
            start();
        } catch (ConnectorException | IOException | RuntimeException e) {
            fail(message(e));
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** The readers as {@code hl_getPcscReaders} lists them, in its order, each with its ReaderSlotType. */
    private record Listing(Map<String, Integer> slots) {
        List<String> names() {
            return List.copyOf(slots.keySet());
        }

        /** @return the first reader holding a card of this ReaderSlotType */
        Optional<String> holding(int type) {
            return slots.entrySet().stream().filter(slot -> slot.getValue() == type).map(Map.Entry::getKey).findFirst();
        }
    }

    private Listing list() throws ConnectorException {
        Answer readers = new Answer("hl_getPcscReaders", service.call("hl_getPcscReaders", inSession()));
        Map<String, Integer> slots = new LinkedHashMap<>();
        for (Answer reader : readers.items("Readers")) {
            slots.putIfAbsent(reader.text("s_name"), reader.integer("i_slotType"));
        }
        return new Listing(slots);
    }

    /** @throws IOException why the watch cannot start, when the service answered but the readers do not serve */
    private void start() throws ConnectorException, IOException {
        String id = service.openSession();
        session = Optional.of(id);
        Listing listing = list();
        List<String> names = listing.names();
        listed = Set.copyOf(names);
        relistingFailures = 0;
        observer.readers(names);
        // A card taken out while the watch started again (its last push dropped with its round) is told out now.
        listing.slots().forEach((name, slot) -> {
            if (slot == ST_NO_CARD) {
                observer.removed(name);
            }
        });
        if (names.isEmpty()) {
            throw new IOException("the Efficience service sees no card reader");
        }
        Optional<String> cpsIn = chosen(settings.cpsReader(), names, listing.holding(ST_CPS_CARD), names.get(0));
        if (cpsIn.isEmpty()) {
            throw new IOException("the reader '" + settings.cpsReader() + "' of the settings (cps.reader) is not among the service's"
                    + " readers " + names);
        }
        cpsReader = cpsIn.get();
        String another = names.stream().filter(name -> !name.equals(cpsReader)).findFirst().orElse(cpsReader);
        Optional<String> vitaleIn = chosen(settings.vitaleReader(), names, listing.holding(ST_VITALE_CARD), another);
        if (vitaleIn.isEmpty()) {
            throw new IOException("the reader '" + settings.vitaleReader() + "' of the settings (vitale.reader) is not among the"
                    + " service's readers " + names);
        }
        vitaleReader = vitaleIn.get();
        service.call("hl_getCpxCard", inSession().put("s_readerName", cpsReader));
        cpsReaderNow = Optional.of(cpsReader);
        monitor("hl_startCpxCardMonitoring", this::cpxStatus);
        service.call("hl_getVitaleCard", inSession().put("s_readerName", vitaleReader));
        monitor("hl_startVitaleCardMonitoring", this::vitaleStatus);
        int started = round;
        long interval = settings.checkingInterval().toMillis();
        relisting = Optional.of(thread.scheduleWithFixedDelay(() -> relist(started), interval, interval, TimeUnit.MILLISECONDS));
    }

    /**
     * Lists the readers again: the watch starts again when what it watches is no longer where the
     * cards are, but not while a PIN is being presented in its session (it waits for the next listing).
     */
    private void relist(int started) {
        if (closed || round != started) {
            return;
        }
        Optional<String> moved;
        try {
            moved = moved(list());
            relistingFailures = 0;
        } catch (ConnectorException | RuntimeException e) {
            if (++relistingFailures >= RELISTING_FAILURES) {
                fail(RELISTING_FAILURES + " listings of the readers failed in a row: " + message(e));
            }
            return;
        }
        if (moved.isEmpty() || !pins.tryLock()) {
            return;
        }
        try {
            LOG.info("The watch of the Efficience service's readers starts again: {}", moved.get());
            letGo();
        } finally {
            pins.unlock();
        }
        begin();
    }

    /**
     * @return why the readers watched are no longer the right ones: the readers changed, or a card
     * is in another reader than the one watched for it, which holds none (when the settings name none)
     */
    private Optional<String> moved(Listing now) {
        if (!now.slots().keySet().equals(listed)) {
            return Optional.of("the readers are now " + now.names());
        }
        return elsewhere(now, ST_CPS_CARD, settings.cpsReader(), cpsReader).map(in -> "a CPS is in " + in + ", not in " + cpsReader)
                .or(() -> elsewhere(now, ST_VITALE_CARD, settings.vitaleReader(), vitaleReader)
                        .map(in -> "a Vitale card is in " + in + ", not in " + vitaleReader));
    }

    /** @return the reader holding a card of this type when the one watched for it holds none and the settings name none */
    private static Optional<String> elsewhere(Listing now, int type, String configured, String watched) {
        return configured.isEmpty() && now.slots().get(watched) != type ? now.holding(type) : Optional.empty();
    }

    /** @return the reader the CPS is watched in now, for the DMP session's CPx object, if the watch runs */
    Optional<String> cpsReader() {
        return cpsReaderNow;
    }

    /** @return the reader named in the settings if the service lists it (else empty), or the one holding the card, or another */
    private static Optional<String> chosen(String configured, List<String> names, Optional<String> holding, String otherwise) {
        if (!configured.isEmpty()) {
            return names.contains(configured) ? Optional.of(configured) : Optional.empty();
        }
        return Optional.of(holding.orElse(otherwise));
    }

    private ObjectNode inSession() {
        return JSON.createObjectNode().put("s_sessionId", session.orElseThrow());
    }

    /** Something failed: say so, let everything go and start again later. */
    private void fail(String why) {
        if (closed) {
            return;
        }
        observer.unavailable(why);
        letGo();
        try {
            retry = Optional.of(thread.schedule(this::begin, settings.retry().toMillis(), TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException closing) {
            // the watch is closed
        }
    }

    private void letGo() {
        round++;
        relisting.ifPresent(pending -> pending.cancel(false));
        relisting = Optional.empty();
        cpsReaderNow = Optional.empty();
        forgetCps();
        sockets.forEach(WebSocket::abort);
        sockets.clear();
        session.ifPresent(service::closeSession);
        session = Optional.empty();
    }

    /** A push of a monitoring socket, handled on the watch's thread. */
    private interface Push {
        void handle(Answer push) throws ConnectorException, IOException;
    }

    /**
     * Starts a monitoring command on a WebSocket kept open: its acknowledgement first, then its
     * pushes, each handled on the watch's thread while this round lasts.
     */
    private void monitor(String command, Push push) throws IOException {
        ObjectNode request = inSession().put("s_commandName", command)
                .put("i_checkingInterval", settings.checkingInterval().toSeconds());
        int started = round;
        Monitoring listener = new Monitoring(message -> {
            try {
                thread.execute(() -> {
                    if (round == started) {
                        received(command, message, push);
                    }
                });
            } catch (RejectedExecutionException closing) {
                // the watch is closed
            }
        });
        HttpClient http = client.get();
        CompletableFuture<WebSocket> opening = http.newWebSocketBuilder().connectTimeout(SOCKET_OPENING)
                .buildAsync(settings.monitoring(), listener);
        WebSocket socket;
        try {
            socket = opening.get(SOCKET_OPENING.toSeconds() + 1, TimeUnit.SECONDS);
            sockets.add(socket);
            socket.sendText(JSON.writeValueAsString(request), true).get(SOCKET_OPENING.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opening.thenAccept(WebSocket::abort);
            throw new IOException("interrupted while the monitoring socket opened");
        } catch (ExecutionException | TimeoutException e) {
            // A socket opening after the wait is closed as soon as it opens.
            opening.thenAccept(WebSocket::abort);
            throw new IOException("the monitoring WebSocket " + settings.monitoring() + " did not take " + command + ": "
                    + (e.getCause() == null ? e : e.getCause()), e);
        }
    }

    /** A message of a monitoring socket: the acknowledgement, a push, an error, or why the socket ended. */
    private void received(String command, Message message, Push push) {
        if (closed) {
            return;
        }
        if (message.ended().isPresent()) {
            fail("the socket of " + command + " ended: " + message.ended().get());
            return;
        }
        try {
            JsonNode fields = JSON.readTree(message.text());
            if (!"OK".equals(fields.path("s_status").asText())) {
                fail(command + " failed: " + EfficienceConnector.description(fields));
                return;
            }
            if (fields.has("i_cardStatus")) {
                push.handle(new Answer(command, fields));
            }
        } catch (ConnectorException | IOException | RuntimeException e) {
            fail(command + ": " + e.getMessage());
        }
    }

    /**
     * The CPx monitoring's status (EFFICIENCE-API.md §3.12). A valid card is a new CPS unless the
     * reader holds this watch's already (blocked since: the same card, its holder kept). After
     * "card status changed" the CPx object is taken again and the same monitoring goes on with it
     * (INFERRED: S1 says only "please recreate a new CPx object").
     */
    private void cpxStatus(Answer push) throws ConnectorException {
        int status = push.integer("i_cardStatus");
        switch (status) {
            case VALID_CARD_INSERTED, CARD_IS_BLOCKED -> {
                if (cps.isEmpty()) {
                    ServiceCps card = new ServiceCps(cpsReader, service, session.orElseThrow(), pins);
                    cps = Optional.of(card);
                    observer.inserted(card);
                }
            }
            case NO_CARD_INSERTED -> removeCps();
            case UNKNOWN_CARD_INSERTED -> {
                forgetCps();
                // The Vitale monitoring tells of a Vitale card in a reader both watch.
                if (!cpsReader.equals(vitaleReader)) {
                    observer.inserted(new UnknownCard(cpsReader, "not a CPx card, as the Efficience service reads it"));
                }
            }
            case CARD_STATUS_CHANGED -> {
                removeCps();
                service.call("hl_getCpxCard", inSession().put("s_readerName", cpsReader));
            }
            case CARD_IS_EXPIRED -> {
                forgetCps();
                observer.inserted(new UnknownCard(cpsReader, "an expired CPx card"));
            }
            case CPX_READER_ERROR -> {
                forgetCps();
                observer.inserted(new UnknownCard(cpsReader, "the Efficience service reports a reader error: "
                        + push.optionalText("s_cardStatus").orElse("CpxReaderError")));
            }
            default -> LOG.warn("The CPx monitoring of {} says status {} ({}): nothing to tell", cpsReader, status,
                    push.optionalText("s_cardStatus").orElse("no text"));
        }
    }

    /** The CPS the watch held, if any, is no longer asked: a caller still holding it hears it is gone. */
    private void forgetCps() {
        cps.ifPresent(ServiceCps::retire);
        cps = Optional.empty();
    }

    private void removeCps() {
        forgetCps();
        observer.removed(cpsReader);
    }

    /** The Vitale monitoring's status (EFFICIENCE-API.md §3.14). */
    private void vitaleStatus(Answer push) throws ConnectorException, IOException {
        int status = push.integer("i_cardStatus");
        switch (status) {
            case NEW_CARD_FOUND -> {
                try {
                    List<Beneficiary> beneficiaries = EfficienceConnector.beneficiaries(push.object("VitaleContent"));
                    observer.vitaleInserted(vitaleReader, beneficiaries);
                } catch (IOException unreadable) {
                    observer.inserted(new UnknownCard(vitaleReader, "a Vitale card the Efficience service read wrongly: "
                            + unreadable.getMessage()));
                }
            }
            case CARD_MISSING -> observer.removed(vitaleReader);
            case READ_ERROR -> {
                if (!cpsReader.equals(vitaleReader)) {
                    observer.inserted(new UnknownCard(vitaleReader, "a card the Efficience service could not read as a Vitale card"));
                }
            }
            default -> LOG.warn("The Vitale monitoring of {} says status {} ({}): nothing to tell", vitaleReader, status,
                    push.optionalText("s_cardStatus").orElse("no text"));
        }
    }

    /**
     * Stops watching: no retry runs any more, the sockets are aborted at once, and the session is
     * closed on the watch's thread once its current task ends (or here, when that task does not end).
     */
    @Override
    public void close() {
        closed = true;
        sockets.forEach(WebSocket::abort);
        try {
            thread.execute(() -> {
                retry.ifPresent(pending -> pending.cancel(false));
                letGo();
            });
        } catch (RejectedExecutionException closedAlready) {
            return;
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
                LOG.warn("The watch of the Efficience service's readers did not end within 5 s: its session closes after its timeout");
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** A message of a monitoring socket, or why it ended. */
    private record Message(String text, Optional<String> ended) {}

    /** A monitoring socket's messages, each whole, then why it ended. */
    private static final class Monitoring implements WebSocket.Listener {
        private final Consumer<Message> messages;
        private final StringBuilder parts = new StringBuilder();
        private boolean ended;

        Monitoring(Consumer<Message> messages) {
            this.messages = messages;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            if (parts.length() + data.length() > LONGEST_PUSH) {
                socket.abort();
                end("a push longer than " + LONGEST_PUSH + " characters");
                return null;
            }
            parts.append(data);
            if (last) {
                messages.accept(new Message(parts.toString(), Optional.empty()));
                parts.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            end("closed by the service (" + statusCode + (reason.isEmpty() ? "" : ", " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            end(error.toString());
        }

        private synchronized void end(String why) {
            if (!ended) {
                ended = true;
                messages.accept(new Message("", Optional.of(why)));
            }
        }
    }
}
