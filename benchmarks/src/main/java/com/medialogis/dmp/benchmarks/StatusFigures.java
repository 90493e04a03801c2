package com.medialogis.dmp.benchmarks;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link StatusBenchmark} with the C1-only JIT of bin/dmp-gateway and prints, for the status
 * answered from the cache and through the sandbox, the median, p99 and p99.9 of single calls
 * against the targets (1 ms and 10 ms at p99).
 *
 * <p>Run: java -cp benchmarks/target/benchmarks.jar com.medialogis.dmp.benchmarks.StatusFigures
 */
public final class StatusFigures {

    private StatusFigures() {}

    public static void main(String[] args) throws RunnerException {
        System.out.printf("machine: %d cores, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(StatusBenchmark.class.getName())
                .jvmArgsAppend("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m")
                .build()).run();
        report(results, "fromCache", "from the cache", 1_000);
        report(results, "throughTheSandbox", "through the sandbox on loopback", 10_000);
    }

    private static void report(Collection<RunResult> results, String method, String what, double targetMicros) {
        Statistics calls = results.stream()
                .filter(result -> result.getParams().getBenchmark().endsWith("." + method))
                .findFirst()
                .orElseThrow()
                .getPrimaryResult()
                .getStatistics();
        System.out.printf("status %s: %,d calls, median %.1f µs, p99 %.1f µs, p99.9 %.1f µs (target p99 under %.0f µs)%n",
                what, calls.getN(), calls.getPercentile(50), calls.getPercentile(99), calls.getPercentile(99.9), targetMicros);
    }
}
