package com.medialogis.dmp.benchmarks;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link InscBenchmark} twice, with the JVM's full JIT and with the C1-only setting of
 * bin/dmp-gateway, and prints INS-C/s, SHA-256/s and their ratio for each.
 */
public final class InscFigures {

    private InscFigures() {}

    public static void main(String[] args) throws RunnerException {
        System.out.printf("machine: %d cores, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        report("full JIT (C2)", new String[0]);
        report("C1 only, as bin/dmp-gateway runs", new String[] {"-XX:TieredStopAtLevel=1"});
    }

    private static void report(String jit, String[] jvmArgs) throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(InscBenchmark.class.getName())
                .jvmArgsAppend(jvmArgs)
                .build()).run();
        double sha = score(results, "sha256OfOneSeed", "card");
        System.out.printf("%n%s: SHA-256 of one 29-byte seed %,.0f/s%n", jit, sha);
        for (String names : new String[] {"card", "typed"}) {
            double insc = score(results, "insc", names);
            System.out.printf("  INS-C, first names as %s: %,.0f/s, ratio to SHA-256 %.2f%n", names, insc, insc / sha);
        }
    }

    private static double score(Collection<RunResult> results, String method, String names) {
        return results.stream()
                .filter(result -> result.getParams().getBenchmark().endsWith("." + method))
                .filter(result -> names.equals(result.getParams().getParam("names")))
                .findFirst()
                .orElseThrow()
                .getPrimaryResult()
                .getScore();
    }
}
