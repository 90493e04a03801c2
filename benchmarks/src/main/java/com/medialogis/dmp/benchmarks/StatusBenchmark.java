package com.medialogis.dmp.benchmarks;

import com.medialogis.dmp.connector.ConnectorException;
import com.medialogis.dmp.efficience.internal.EfficienceConnector;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.InsSystem;
import com.medialogis.dmp.sandbox.internal.DmpSandbox;
import com.medialogis.dmp.status.PatientStatus;
import com.medialogis.dmp.status.internal.CachedDmpStatus;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The toolbar's DMP state as the practice program asks it: answered from the status cache, and
 * asked of the DMP sandbox on loopback through the Efficience driver (no injected latency), as the
 * demo container runs them. Sample time: JMH reports the percentiles of single calls. Calls rotate
 * over 1,000 patients, every one in the cache for {@link #fromCache}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StatusBenchmark {

    private static final int PATIENTS = 1_000;

    private final Ins[] patients = new Ins[PATIENTS];
    private Path folder;
    private DmpSandbox sandbox;
    private CachedDmpStatus statuses;
    private int next;

    @Setup
    public void start() throws IOException, ConnectorException {
        folder = Files.createTempDirectory("dmp-status-benchmark");
        sandbox = DmpSandbox.start(folder, new InetSocketAddress("127.0.0.1", 0));
        EfficienceConnector driver = new EfficienceConnector(URI.create("http://127.0.0.1:" + sandbox.port()),
                Duration.ofSeconds(10), Optional.empty());
        driver.openSession("1234".toCharArray());
        statuses = new CachedDmpStatus(new CachedDmpStatus.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CachedDmpStatus.Config.class;
            }

            @Override
            public int ttl_seconds() {
                return 3600;
            }

            @Override
            public int cache_entries() {
                return 10_000;
            }
        });
        statuses.bindConnector(driver);
        for (int i = 0; i < PATIENTS; i++) {
            patients[i] = new Ins(String.format("%022d", 1_000_000 + i), InsSystem.INS_C, Ins.Status.COMPUTED);
            statuses.status(Optional.of(patients[i]));
        }
    }

    @TearDown
    public void stop() throws IOException {
        sandbox.close();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Benchmark
    public PatientStatus fromCache() throws ConnectorException {
        return statuses.status(Optional.of(patients[next++ % PATIENTS]));
    }

    @Benchmark
    public PatientStatus throughTheSandbox() throws ConnectorException {
        return statuses.refresh(patients[next++ % PATIENTS]);
    }
}
