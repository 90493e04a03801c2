package com.medialogis.dmp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.medialogis.dmp.connector.AuthorRole;
import com.medialogis.dmp.connector.Category;
import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.connector.DmpConnector;
import com.medialogis.dmp.connector.DmpState;
import com.medialogis.dmp.connector.DocumentContent;
import com.medialogis.dmp.connector.DocumentFormat;
import com.medialogis.dmp.connector.PracticeSetting;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsSystem;
import com.medialogis.dmp.itests.Distribution.Output;
import com.medialogis.dmp.queue.DepositQueue;
import com.medialogis.dmp.queue.DepositRequest;
import com.medialogis.dmp.queue.DepositState;
import com.medialogis.dmp.queue.QueueException;
import com.medialogis.dmp.status.DmpStatusService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;

/**
 * The connector bundle replaced in load/ (copy, then rename) while several threads ask the DMP
 * status and deposit documents through the consuming components, and while the deposit queue drains.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConnectorHotSwapTest {

    private static final Ins AUTHORIZED = new Ins("1541187387477485562488", InsSystem.INS_C, Ins.Status.COMPUTED);
    private static final String NEW_VERSION = "0.1.0.hotswap";
    private static final List<String> CONSUMERS = List.of("com.medialogis.dmp.status.internal.CachedDmpStatus",
            "com.medialogis.dmp.status.internal.command.DmpCommands", "com.medialogis.dmp.queue.internal.QueueService");
    private static final int THREADS = 4;
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private CommandProcessor commandProcessor;

    @Inject
    private DmpStatusService statuses;

    @Inject
    private DepositQueue queue;

    @Configuration
    public Option[] config() throws IOException {
        return Distribution.containerOptions(Files.createTempDirectory(Path.of("target"), "hot-swap-").toAbsolutePath());
    }

    @Test
    public void everyCallSucceedsOrWaitsForTheNewDriverWhileTheDriverIsReplaced() throws Exception {
        openSession();
        Path letters = Files.createTempDirectory(Path.of(context.getProperty("dmp.data")), "letters");
        AtomicLong written = new AtomicLong();
        long heldBefore = sandboxCount("documents held: ");
        long sentBefore = sandboxCount("hl_sendDocument: ");
        Map<String, Long> consumersBefore = consumerConfigurations();

        AtomicLong unboundAt = new AtomicLong();
        AtomicLong unboundNanos = new AtomicLong();
        ServiceListener window = event -> {
            if (event.getType() == ServiceEvent.UNREGISTERING) {
                unboundAt.set(System.nanoTime());
            } else if (event.getType() == ServiceEvent.REGISTERED && unboundAt.get() != 0) {
                unboundNanos.set(System.nanoTime() - unboundAt.get());
            }
        };
        context.addServiceListener(window, "(objectClass=" + DmpConnector.class.getName() + ")");

        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder served = new LongAdder();
        LongAdder noConnector = new LongAdder();
        LongAdder leftQueued = new LongAdder();
        List<String> otherFailures = new CopyOnWriteArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> loops = new CopyOnWriteArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            boolean deposits = i % 2 == 1;
            loops.add(callers.submit(() -> {
                while (running.get()) {
                    if (deposits) {
                        long n = written.incrementAndGet();
                        Path letter = Files.writeString(letters.resolve("lettre-" + n + ".txt"), "Compte rendu " + n + "\n");
                        Output output = Distribution.execute(commandProcessor,
                                "dmp:deposit " + letter + " " + AUTHORIZED.value() + " CONSULTATION", "");
                        if (output.err().isEmpty() && output.out().startsWith("deposited 2.25.")) {
                            served.increment();
                        } else if (output.err().startsWith("not deposited yet: ")) {
                            leftQueued.increment();
                        } else {
                            otherFailures.add(output.out() + output.err());
                        }
                    } else {
                        try {
                            assertEquals(DmpState.AUTHORIZED, statuses.refresh(AUTHORIZED).dmp().state());
                            served.increment();
                        } catch (ConnectorException e) {
                            if (ConnectorException.NO_CONNECTOR.equals(e.dmpCode()) && e.isTransient()) {
                                noConnector.increment();
                            } else {
                                otherFailures.add(e.dmpCode() + ": " + e.getMessage());
                            }
                        }
                    }
                }
                return null;
            }));
        }
        try {
            awaitServed(served, 20);
            Distribution.replaceConnector(Path.of(System.getProperty("dmp.home"), "load"), NEW_VERSION);
            assertTrue("the new build is bound within " + DEADLINE.toMillis() + " ms", Poll.until(DEADLINE, () -> servedBy(NEW_VERSION)));
            long servedBySwap = served.sum();
            awaitServed(served, servedBySwap + 20);
        } finally {
            running.set(false);
            callers.shutdown();
            assertTrue(callers.awaitTermination(30, TimeUnit.SECONDS));
            context.removeServiceListener(window);
        }
        for (Future<?> loop : loops) {
            loop.get();
        }
        System.out.printf("hot swap: no connector bound for %.1f ms; %d calls served, %d answered 'no DMP connector',"
                + " %d deposits left in the queue for the new driver%n", unboundNanos.get() / 1e6, served.sum(),
                noConnector.sum(), leftQueued.sum());
        assertEquals("every call succeeded, said 'no DMP connector', or left its deposit queued", List.of(), otherFailures);
        Poll.until(DEADLINE, queue::stats,
                stats -> stats.counts().get(DepositState.QUEUED) + stats.counts().get(DepositState.SENDING) == 0);
        assertEquals("every deposit reached the DMP", written.get(), sandboxCount("documents held: ") - heldBefore);
        assertEquals("none was sent twice", written.get(), sandboxCount("hl_sendDocument: ") - sentBefore);
        assertTrue("the old driver was unbound and the new one bound", unboundNanos.get() > 0);
        assertEquals("the consuming components were not recreated", consumersBefore, consumerConfigurations());
        Output connectors = Distribution.execute(commandProcessor, "dmp:connectors", "");
        assertTrue(connectors.out(), connectors.out().startsWith("* Efficience: bundle com.medialogis.dmp.connector-efficience " + NEW_VERSION));
        assertTrue("the DMP session survived the upgrade: " + connectors.out(),
                connectors.out().contains("session OPEN") && connectors.out().contains("resumed from the previous driver build"));
    }

    @Test
    public void theQueueDrainsEveryDepositOnceWhileTheDriverIsReplaced() throws Exception {
        int deposits = 500;
        String version = "0.1.0.queue";
        openSession();
        Map<String, Long> consumersBefore = consumerConfigurations();
        long heldBefore = sandboxCount("documents held: ");
        long sentBefore = sandboxCount("hl_sendDocument: ");
        assertEquals("", Distribution.execute(commandProcessor, "sandbox:faults 2 0 0", "").err());
        List<Long> ids = new CopyOnWriteArrayList<>();
        try {
            for (int i = 0; i < deposits; i++) {
                ids.add(queue.enqueue(new DepositRequest(Optional.of(AUTHORIZED), "Lettre " + i, "", Category.CONSULTATION,
                        DocumentFormat.TEXT, AuthorRole.ACTEUR_PRINCIPAL, PracticeSetting.AMBULATOIRE, Set.of(), Optional.empty(),
                        DocumentContent.of(("Compte rendu " + i + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8)))).id());
            }
            awaitDone(ids, deposits / 5);
            Distribution.replaceConnector(Path.of(System.getProperty("dmp.home"), "load"), version);
            assertTrue("the new build is bound", Poll.until(DEADLINE, () -> servedBy(version)));
            long doneAtSwap = done(ids);
            awaitDone(ids, deposits);
            System.out.printf("queue under upgrade: %d of %d deposits done when the new driver was bound%n", doneAtSwap, deposits);
            assertTrue("the swap happened while the queue drained: " + doneAtSwap, doneAtSwap < deposits);
        } finally {
            Distribution.execute(commandProcessor, "sandbox:faults 0 0 0", "");
        }
        assertEquals("every deposit reached the DMP", deposits, sandboxCount("documents held: ") - heldBefore);
        assertEquals("none was sent twice", deposits, sandboxCount("hl_sendDocument: ") - sentBefore);
        assertEquals("the consuming components were not recreated", consumersBefore, consumerConfigurations());
    }

    private long done(List<Long> ids) throws QueueException {
        long done = 0;
        for (long id : ids) {
            if (queue.deposit(id).orElseThrow().state() == DepositState.DONE) {
                done++;
            }
        }
        return done;
    }

    private void awaitDone(List<Long> ids, long count) throws Exception {
        Poll.until(Duration.ofSeconds(60), queue::stats, stats -> stats.counts().get(DepositState.DONE) >= count);
        assertTrue(count + " deposits done within 60 s", done(ids) >= count);
    }

    /** A figure of sandbox:stats, for example "documents held: ". */
    private long sandboxCount(String label) {
        return Distribution.execute(commandProcessor, "sandbox:stats", "").out().lines()
                .filter(line -> line.startsWith(label))
                .mapToLong(line -> Long.parseLong(line.substring(label.length())))
                .sum();
    }

    private void openSession() throws InterruptedException {
        // The sandbox and the virtual CPS come up on their own threads after the settings arrive.
        Output open = Poll.until(DEADLINE, () -> Distribution.execute(commandProcessor, "dmp:session open", "1234\n"),
                answer -> answer.err().isEmpty());
        assertEquals("", open.err());
        assertTrue(open.out(), open.out().contains("Efficience session OPEN"));
    }

    private void awaitServed(LongAdder served, long count) throws InterruptedException {
        Poll.until(DEADLINE, served::sum, sum -> sum >= count);
        assertTrue(count + " calls served within " + DEADLINE.toMillis() + " ms, not " + served.sum(), served.sum() >= count);
    }

    private boolean servedBy(String version) {
        ServiceReference<DmpConnector> reference = context.getServiceReference(DmpConnector.class);
        return reference != null && reference.getBundle() != null
                && reference.getBundle().getVersion().toString().equals(version);
    }

    /** @return each consuming component's configuration id: a recreated component gets a new one */
    private Map<String, Long> consumerConfigurations() {
        Map<String, Long> ids = new ConcurrentHashMap<>();
        scr.getComponentDescriptionDTOs().stream()
                .filter(description -> CONSUMERS.contains(description.name))
                .forEach(description -> {
                    List<ComponentConfigurationDTO> configurations = List.copyOf(scr.getComponentConfigurationDTOs(description));
                    assertEquals(description.name + " has one active configuration", 1, configurations.size());
                    assertEquals(ComponentConfigurationDTO.ACTIVE, configurations.get(0).state);
                    ids.put(description.name, configurations.get(0).id);
                });
        assertEquals("both consumers found", CONSUMERS.size(), ids.size());
        return ids;
    }
}
