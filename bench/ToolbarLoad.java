import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Load on one bridge call: CLIENTS threads, each sending GET URL one after the other (HTTP/1.1,
 * the JDK's client keeping its connections), for WARMUP seconds unmeasured then SECONDS measured.
 * Prints calls per second and the latency percentiles. Run by bench/toolbar.py; by hand:
 * java bench/ToolbarLoad.java URL TOKEN CLIENTS SECONDS [WARMUP]
 */
public class ToolbarLoad {

    public static void main(String[] arguments) throws Exception {
        URI url = URI.create(arguments[0]);
        String token = arguments[1];
        int clients = Integer.parseInt(arguments[2]);
        double seconds = Double.parseDouble(arguments[3]);
        double warmup = arguments.length > 4 ? Double.parseDouble(arguments[4]) : 2;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(url).header("Authorization", "Bearer " + token).GET().build();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long warmEnd = System.nanoTime() + (long) (warmup * 1e9);
        long end = warmEnd + (long) (seconds * 1e9);
        List<Future<long[]>> runs = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            runs.add(pool.submit(() -> {
                long[] latencies = new long[1 << 16];
                int count = 0;
                while (true) {
                    long start = System.nanoTime();
                    if (start >= end) {
                        return Arrays.copyOf(latencies, count);
                    }
                    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("answered " + response.statusCode() + ": " + new String(response.body()));
                    }
                    long done = System.nanoTime();
                    if (start >= warmEnd && done <= end) {
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = done - start;
                    }
                }
            }));
        }
        long[] all = new long[0];
        for (Future<long[]> run : runs) {
            long[] some = run.get();
            long[] joined = Arrays.copyOf(all, all.length + some.length);
            System.arraycopy(some, 0, joined, all.length, some.length);
            all = joined;
        }
        pool.shutdown();
        Arrays.sort(all);
        System.out.printf("clients %2d: %7.0f calls/s   p50 %6.2f ms   p99 %6.2f ms   (%d calls in %.0f s)%n", clients,
                all.length / seconds, percentile(all, 0.50), percentile(all, 0.99), all.length, seconds);
    }

    private static double percentile(long[] sorted, double rank) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(rank * sorted.length) - 1)] / 1e6;
    }
}
