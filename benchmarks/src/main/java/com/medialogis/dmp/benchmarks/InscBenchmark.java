package com.medialogis.dmp.benchmarks;

import com.medialogis.dmp.identity.IdentityException;
import com.medialogis.dmp.identity.Ins;
import com.medialogis.dmp.identity.internal.AsipInsCalculator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * INS-C computations per second, against the raw cost of the SHA-256 of one 29-byte seed that
 * every INS-C needs. Inputs rotate over 1,024 people so that nothing is folded into a constant;
 * first names as a Vitale card stores them (upper-case ASCII) or as typed in a record (accents,
 * hyphens, apostrophes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InscBenchmark {

    private static final int PEOPLE = 1024;
    private static final Map<String, String[]> FIRST_NAMES = Map.of(
            "card", new String[] {"JEAN", "HELENE", "JEAN PIERRE", "MARIE CHRISTINE", "ZOE", "LOIC"},
            "typed", new String[] {"Jean", "Hélène", "Jean-Pierre", "Marie-Christine", "Zoé", "Loïc"});

    @Param({"card", "typed"})
    public String names;

    private final String[] firstNames = new String[PEOPLE];
    private final String[] birthDates = new String[PEOPLE];
    private final String[] nirs = new String[PEOPLE];
    private final byte[][] seeds = new byte[PEOPLE][];
    private final AsipInsCalculator calculator = new AsipInsCalculator();
    private MessageDigest sha256;
    private int next;

    @Setup
    public void people() throws NoSuchAlgorithmException {
        Random random = new Random(42);
        for (int i = 0; i < PEOPLE; i++) {
            String year = String.format("%02d", random.nextInt(100));
            String month = String.format("%02d", 1 + random.nextInt(12));
            String[] pool = FIRST_NAMES.get(names);
            firstNames[i] = pool[i % pool.length];
            birthDates[i] = year + month + String.format("%02d", 1 + random.nextInt(28));
            nirs[i] = (1 + random.nextInt(2)) + year + month + String.format("%02d%03d%03d",
                    1 + random.nextInt(95), random.nextInt(1000), 1 + random.nextInt(999));
            String seedName = FIRST_NAMES.get("card")[i % pool.length].replace(" ", "");
            seeds[i] = String.format("%-10.10s%s%s", seedName, birthDates[i], nirs[i])
                    .getBytes(StandardCharsets.US_ASCII);
        }
        sha256 = MessageDigest.getInstance("SHA-256");
    }

    @Benchmark
    public Ins insc() throws IdentityException {
        int i = next++ & (PEOPLE - 1);
        return calculator.insc(firstNames[i], birthDates[i], nirs[i]);
    }

    @Benchmark
    public byte[] sha256OfOneSeed() {
        return sha256.digest(seeds[next++ & (PEOPLE - 1)]);
    }
}
