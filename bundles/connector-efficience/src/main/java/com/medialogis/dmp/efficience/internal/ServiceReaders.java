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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workstation's readers as the Efficience service owns them (EFFICIENCE-API.md §2.3, §2.4,
 * §1.1): a session of their own (opened without PIN, apart from the DMP session, which the user
 * closes and opens again), {@code hl_getPcscReaders}, the CPx and Vitale objects taken in their
 * readers, and the two monitoring commands on WebSockets kept open, whose pushes become what the
 * observer is told. Everything runs on one thread; a failure (the service stopped, a socket
 * closed, a command refused) is told, everything let go, and the watch starts again a few seconds
 * later.
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

        /** @return the Vitale card's beneficiaries from an answer in {@code hl_readVitaleCard}'s form */
        List<Beneficiary> beneficiaries(Answer card) throws ConnectorException, IOException;
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
    /** A push is a status, or a Vitale card's few beneficiaries: a longer one ends the socket. */
    private static final int LONGEST_PUSH = 1024 * 1024;
    /** The longest wait for a monitoring socket to open. */
    private static final Duration SOCKET_OPENING = Duration.ofSeconds(10);
    /** ReaderSlotType (EFFICIENCE-API.md §2.3). */
    private static final int ST_VITALE_CARD = 2;
    private static final int ST_CPS_CARD = 3;
    /** CPx monitoring i_cardStatus (EFFICIENCE-API.md §3.12). */
    private static final int VALID_CARD_INSERTED = 1;
    private static final int NO_CARD_INSERTED = 2;
    private static final int UNKNOWN_CARD_INSERTED = 3;
    private static final int CARD_STATUS_CHANGED = 4;
    private static final int CARD_IS_BLOCKED = 5;
    private static final int CARD_IS_EXPIRED = 6;
    /** Vitale monitoring i_cardStatus (EFFICIENCE-API.md §3.14). */
    private static final int READ_ERROR = 1;
    private static final int NEW_CARD_FOUND = 2;
    private static final int CARD_MISSING = 4;

    private final Service service;
    private final ServiceClient client;
    private final Settings settings;
    private final ReaderService.Observer observer;
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread watcher = new Thread(task, "dmp-efficience-readers");
        watcher.setDaemon(true);
        return watcher;
    });

    // Touched on the watch's thread only.
    private Optional<String> session = Optional.empty();
    private String cpsReader = "";
    private String vitaleReader = "";
    private final List<WebSocket> sockets = new ArrayList<>();
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
        round++;
        try {
            String id = service.openSession();
            session = Optional.of(id);
            Answer readers = new Answer("hl_getPcscReaders", service.call("hl_getPcscReaders", inSession()));
            List<String> names = new ArrayList<>();
            Optional<String> holdingCps = Optional.empty();
            Optional<String> holdingVitale = Optional.empty();
            for (Answer reader : readers.items("Readers")) {
                String name = reader.text("s_name");
                names.add(name);
                int slot = reader.integer("i_slotType");
                if (slot == ST_CPS_CARD && holdingCps.isEmpty()) {
                    holdingCps = Optional.of(name);
                } else if (slot == ST_VITALE_CARD && holdingVitale.isEmpty()) {
                    holdingVitale = Optional.of(name);
                }
            }
            observer.readers(List.copyOf(names));
            if (names.isEmpty()) {
                throw new IOException("the Efficience service sees no card reader");
            }
            cpsReader = chosen(settings.cpsReader(), names, holdingCps, names.get(0));
            String another = names.stream().filter(name -> !name.equals(cpsReader)).findFirst().orElse(cpsReader);
            vitaleReader = chosen(settings.vitaleReader(), names, holdingVitale, another);
            service.call("hl_getCpxCard", inSession().put("s_readerName", cpsReader));
            monitor("hl_startCpxCardMonitoring", this::cpxStatus);
            service.call("hl_getVitaleCard", inSession().put("s_readerName", vitaleReader));
            monitor("hl_startVitaleCardMonitoring", this::vitaleStatus);
        } catch (ConnectorException | IOException | RuntimeException e) {
            fail(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** A reader named in the settings must be one the service lists. */
    private static String chosen(String configured, List<String> names, Optional<String> holding, String otherwise) throws IOException {
        if (!configured.isEmpty()) {
            if (!names.contains(configured)) {
                throw new IOException("the reader '" + configured + "' of the settings is not among the service's readers " + names);
            }
            return configured;
        }
        return holding.orElse(otherwise);
    }

    private ObjectNode inSession() {
        return json.createObjectNode().put("s_sessionId", session.orElseThrow());
    }

    /** Something failed: say so, let everything go and start again later. */
    private void fail(String why) {
        observer.unavailable(why);
        letGo();
        try {
            thread.schedule(this::begin, settings.retry().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // the watch is closed
        }
    }

    private void letGo() {
        round++;
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
                .put("i_checkingInterval", Math.max(1, settings.checkingInterval().toSeconds()));
        int started = round;
        Monitoring listener = new Monitoring(command, message -> {
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
        WebSocket socket;
        HttpClient http = client.get();
        try {
            socket = http.newWebSocketBuilder().connectTimeout(SOCKET_OPENING)
                    .buildAsync(settings.monitoring(), listener).get(SOCKET_OPENING.toSeconds() + 1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the monitoring socket opened");
        } catch (Exception e) {
            throw new IOException("the monitoring WebSocket " + settings.monitoring() + " did not open: " + e.getMessage(), e);
        }
        sockets.add(socket);
        socket.sendText(json.writeValueAsString(request), true);
    }

    /** A message of a monitoring socket: the acknowledgement, a push, an error, or why the socket ended (null text). */
    private void received(String command, Optional<String> message, Push push) {
        if (message.isEmpty()) {
            fail("the Efficience service closed the socket of " + command);
            return;
        }
        try {
            JsonNode fields = json.readTree(message.get());
            if (!"OK".equals(fields.path("s_status").asText())) {
                fail(command + " failed: " + fields.path("s_apiErrorDescription").asText(fields.path("s_errorDescription")
                        .asText("no description")));
                return;
            }
            if (fields.has("i_cardStatus")) {
                push.handle(new Answer(command, fields));
            }
        } catch (ConnectorException | IOException | RuntimeException e) {
            fail(command + ": " + e.getMessage());
        }
    }

    /** The CPx monitoring's status (EFFICIENCE-API.md §3.12). */
    private void cpxStatus(Answer push) throws ConnectorException, IOException {
        int status = push.integer("i_cardStatus");
        switch (status) {
            case VALID_CARD_INSERTED, CARD_IS_BLOCKED -> observer.inserted(new ServiceCps(cpsReader, service, session.orElseThrow()));
            case NO_CARD_INSERTED -> observer.removed(cpsReader);
            case UNKNOWN_CARD_INSERTED -> {
                // The Vitale monitoring tells of a Vitale card in a reader both watch.
                if (!cpsReader.equals(vitaleReader)) {
                    observer.inserted(new UnknownCard(cpsReader, "not a CPx card, as the Efficience service reads it"));
                }
            }
            case CARD_STATUS_CHANGED -> {
                // "Please recreate a new CPx object" (§3.12): the monitoring goes on with the new one.
                observer.removed(cpsReader);
                service.call("hl_getCpxCard", inSession().put("s_readerName", cpsReader));
            }
            case CARD_IS_EXPIRED -> observer.inserted(new UnknownCard(cpsReader, "an expired CPx card"));
            default -> throw new IOException("the CPx reader " + cpsReader + " failed: " + push.optionalText("s_cardStatus")
                    .orElse("status " + status));
        }
    }

    /** The Vitale monitoring's status (EFFICIENCE-API.md §3.14). */
    private void vitaleStatus(Answer push) throws ConnectorException, IOException {
        int status = push.integer("i_cardStatus");
        switch (status) {
            case NEW_CARD_FOUND -> {
                try {
                    List<Beneficiary> beneficiaries = service.beneficiaries(push.object("VitaleContent"));
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
            default -> LOG.debug("Vitale monitoring status {} in {}: nothing to tell", status, vitaleReader);
        }
    }

    /** Stops watching: the sockets and the session are let go. */
    @Override
    public void close() {
        try {
            thread.execute(this::letGo);
        } catch (RejectedExecutionException closedAlready) {
            return;
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** A monitoring socket's messages, each whole, then an empty one when it ends. */
    private static final class Monitoring implements WebSocket.Listener {
        private final String command;
        private final Consumer<Optional<String>> messages;
        private final StringBuilder parts = new StringBuilder();
        private boolean ended;

        Monitoring(String command, Consumer<Optional<String>> messages) {
            this.command = command;
            this.messages = messages;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            if (parts.length() + data.length() > LONGEST_PUSH) {
                socket.abort();
                end();
                return null;
            }
            parts.append(data);
            if (last) {
                messages.accept(Optional.of(parts.toString()));
                parts.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            end();
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            LOG.debug("The socket of {} failed: {}", command, error.toString());
            end();
        }

        private synchronized void end() {
            if (!ended) {
                ended = true;
                messages.accept(Optional.empty());
            }
        }
    }
}
