package com.medialogis.dmp.queue.internal;

import com.medialogis.dmp.connector.AuthorRole;
import com.medialogis.dmp.connector.Category;
import com.medialogis.dmp.connector.DocumentContent;
import com.medialogis.dmp.connector.DocumentFormat;
import com.medialogis.dmp.connector.PracticeSetting;
import com.medialogis.dmp.efficience.internal.EfficienceConnector;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsSystem;
import com.medialogis.dmp.queue.DepositRequest;
import com.medialogis.dmp.queue.DepositState;
import com.medialogis.dmp.sandbox.internal.DmpSandbox;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.aries.tx.control.jdbc.common.impl.ResourceTrackingJDBCConnectionProviderFactory;
import org.apache.aries.tx.control.jdbc.local.impl.JDBCConnectionProviderFactoryImpl;
import org.apache.aries.tx.control.service.local.impl.TransactionControlImpl;
import org.h2.Driver;
import org.h2.util.OsgiDataSourceFactory;

/**
 * The deposit queue's figures on this machine, on the storage of the container (H2 through Aries
 * Transaction Control, one sync per group of enqueues):
 * <ul>
 * <li>the disk's raw rate of 50 KB writes each followed by an fsync, in the same folder;
 * <li>durable enqueues of 50 KB documents per second, from 1, 4 and 16 threads, and their ratio
 *     to that raw rate;
 * <li>the drain rate: deposits sent to the sandbox on loopback (no injected latency) per second.
 * </ul>
 * In the queue's package (on the plain class path of the benchmarks jar) to build the queue as its
 * tests do, outside OSGi. Run with the container's JIT: java -XX:TieredStopAtLevel=1 -cp
 * benchmarks/target/benchmarks.jar com.medialogis.dmp.queue.internal.QueueFigures
 */
public final class QueueFigures {

    private static final int DOCUMENT_BYTES = 50 * 1024;
    private static final Duration RUN = Duration.ofSeconds(5);
    private static final Ins PATIENT = new Ins("1541187387477485562488", InsSystem.INS_C, Ins.Status.COMPUTED);
    private static final int DRAINED = 2_000;

    private QueueFigures() {}

    public static void main(String[] args) throws Exception {
        Path folder = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "dmp-queue-figures");
        try {
            System.out.printf("machine: %d cores, %s %s, Java %s; folder %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"), folder);
            double fsyncs = rawFsyncRate(folder.resolve("raw"));
            System.out.printf("raw disk: %.0f writes of 50 KB + fsync per second%n", fsyncs);
            QueueService queue = queue(folder.resolve("queue"));
            for (int threads : new int[] {1, 4, 16}) {
                double enqueues = enqueueRate(queue, threads);
                System.out.printf("durable enqueues of 50 KB, %2d threads: %.0f per second = %.1f x the raw fsync rate%n",
                        threads, enqueues, enqueues / fsyncs);
            }
            queue.close();
            drainRate(folder);
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static double rawFsyncRate(Path file) throws IOException {
        ByteBuffer block = ByteBuffer.wrap(document());
        long writes = 0;
        long start = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            while (System.nanoTime() - start < RUN.toNanos()) {
                block.rewind();
                channel.write(block);
                channel.force(true);
                writes++;
            }
        }
        return writes / ((System.nanoTime() - start) / 1e9);
    }

    private static double enqueueRate(QueueService queue, int threads) throws Exception {
        AtomicLong enqueued = new AtomicLong();
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> loops = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            loops.add(callers.submit(() -> {
                while (System.nanoTime() - start < RUN.toNanos()) {
                    queue.enqueue(request());
                    enqueued.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> loop : loops) {
            loop.get();
        }
        callers.shutdown();
        return enqueued.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static void drainRate(Path folder) throws Exception {
        try (DmpSandbox sandbox = DmpSandbox.start(folder.resolve("sandbox"), new InetSocketAddress("127.0.0.1", 0))) {
            QueueService queue = queue(folder.resolve("drained"));
            for (int i = 0; i < DRAINED; i++) {
                queue.enqueue(request());
            }
            EfficienceConnector driver = new EfficienceConnector(URI.create("http://127.0.0.1:" + sandbox.port()),
                    Duration.ofSeconds(10), Optional.empty());
            driver.openSession("1234".toCharArray());
            long start = System.nanoTime();
            queue.bindConnector(driver);
            while (queue.stats().counts().get(DepositState.DONE) < DRAINED) {
                Thread.sleep(5);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("drain to the sandbox on loopback: %d deposits of 50 KB in %.1f s = %.0f per second%n",
                    DRAINED, seconds, DRAINED / seconds);
            queue.close();
        }
    }

    private static QueueService queue(Path folder) throws Exception {
        return new QueueService(new QueueService.Settings(DocumentContent.DEFAULT_LARGEST,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)), GroupCommit.MOST_WAITING, GroupCommit.ROOM_WAIT),
                closing -> QueueService.openH2(folder, new TransactionControlImpl(),
                        new ResourceTrackingJDBCConnectionProviderFactory(new JDBCConnectionProviderFactoryImpl()),
                        new OsgiDataSourceFactory(new Driver())));
    }

    private static DepositRequest request() {
        return new DepositRequest(Optional.of(PATIENT), "Compte rendu", "", Category.CONSULTATION, DocumentFormat.TEXT,
                AuthorRole.ACTEUR_PRINCIPAL, PracticeSetting.AMBULATOIRE, Set.of(), Optional.empty(), DocumentContent.of(document()));
    }

    /** 50 KB of random letters: every document differs, and none compresses to nothing. */
    private static byte[] document() {
        byte[] text = new byte[DOCUMENT_BYTES];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) ('a' + random.nextInt(26));
        }
        return text;
    }
}
