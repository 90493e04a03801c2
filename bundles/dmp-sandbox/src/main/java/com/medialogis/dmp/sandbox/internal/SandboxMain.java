package com.medialogis.dmp.sandbox.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/dmp-sandbox}: the sandbox as its own process, so that tests can kill the container
 * while the DMP keeps its state and its counts, and its reports read from another terminal.
 */
public final class SandboxMain {

    static final String USAGE = String.join("\n",
            "usage: dmp-sandbox [--port PORT] [--monitoring-port PORT] [--folder FOLDER]",
            "                                      serve the simulated DMP until stopped (SIGTERM, Ctrl-C), the card monitoring",
            "                                      WebSocket on the second port (default 9983)",
            "       dmp-sandbox [--port PORT] patients | stats | faults [LATENCY_MS TRANSIENT_RATE PERMANENT_RATE]",
            "                                      | readers [insert cps|vitale [READER] | remove cps|vitale]",
            "                                      read the running sandbox's reports, set its faults, move its cards");
    private static final int OK = 0;
    private static final int FAILED = 1;
    private static final int WRONG_USAGE = 2;

    private SandboxMain() {}

    public static void main(String[] args) throws InterruptedException {
        int status = run(List.of(args), System.out, System.err);
        if (status != OK) {
            System.exit(status);
        }
    }

    /** @return the exit status; serving returns only when it could not start */
    static int run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        int port = 9982;
        int monitoringPort = 9983;
        Path folder = Path.of("sandbox");
        List<String> report = new ArrayList<>();
        try {
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--port" -> port = port(args.get(++i));
                    case "--monitoring-port" -> monitoringPort = port(args.get(++i));
                    case "--folder" -> folder = Path.of(args.get(++i));
                    default -> report.add(args.get(i));
                }
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            err.println("dmp-sandbox: " + (e.getMessage() == null || e instanceof IndexOutOfBoundsException
                    ? "an option needs its value" : e.getMessage()));
            err.println(USAGE);
            return WRONG_USAGE;
        }
        return report.isEmpty() ? serve(port, monitoringPort, folder, out, err) : report(port, report, out, err);
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("the port is a number from 1 to 65535, not '" + text + "'");
    }

    private static int serve(int port, int monitoringPort, Path folder, PrintStream out, PrintStream err) throws InterruptedException {
        DmpSandbox sandbox;
        try {
            sandbox = DmpSandbox.start(folder, new InetSocketAddress("127.0.0.1", port), new InetSocketAddress("127.0.0.1", monitoringPort));
        } catch (IOException | RuntimeException e) {
            err.println("dmp-sandbox: could not serve on 127.0.0.1:" + port + " with its DMP in " + folder + ": " + e.getMessage());
            return FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "dmp-sandbox-stop"));
        out.println("DMP sandbox serving the Efficience API on 127.0.0.1:" + sandbox.port() + " (card monitoring on "
                + sandbox.monitoringPort() + "), its DMP in "
                + folder.toAbsolutePath());
        stopped.await();
        return OK;
    }

    private static int report(int port, List<String> words, PrintStream out, PrintStream err) throws InterruptedException {
        String name = words.get(0);
        boolean setFaults = name.equals("faults") && words.size() == 4;
        boolean moveCard = name.equals("readers") && words.size() >= 3;
        boolean valid = List.of("patients", "stats", "faults", "readers").contains(name) && (words.size() == 1 || setFaults || moveCard);
        if (!valid) {
            err.println(USAGE);
            return WRONG_USAGE;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + SandboxAdmin.PATH + name))
                .timeout(Duration.ofSeconds(10));
        if (setFaults || moveCard) {
            request.POST(HttpRequest.BodyPublishers.ofString(String.join(" ", words.subList(1, words.size()))));
        }
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            (answer.statusCode() == 200 ? out : err).print(answer.body());
            return answer.statusCode() == 200 ? OK : FAILED;
        } catch (ConnectException e) {
            err.println("dmp-sandbox: no sandbox answers on 127.0.0.1:" + port);
        } catch (IOException e) {
            err.println("dmp-sandbox: the sandbox on 127.0.0.1:" + port + " did not answer: " + e.getMessage());
        }
        return FAILED;
    }
}
