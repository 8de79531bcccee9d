package io.omniiml.bench.serve;

import io.omniiml.app.serve.AnalysisServer;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The large-image part of {@link ServeLoadTest}: clients that upload large PNGs and give up early, next to clients
 * that send ordinary images. Bounded: the large clients stop when the ordinary clients have sent their requests.
 */
final class LargeImageLoad {
    private LargeImageLoad() {
    }

    static void run(String url, AnalysisServer server, int clients, int requests, List<byte[]> bodies, List<Path> names,
                    int largeClients, String largeMp, double largeWaitS, String detector) throws Exception {
        List<byte[]> large = new ArrayList<>();
        List<String> largeNames = new ArrayList<>();
        for (String mp : largeMp.split(",")) {
            int side = (int) Math.sqrt(Double.parseDouble(mp) * 1e6);
            large.add(SyntheticPng.gradient(side, side));
            largeNames.add("large-" + side + "x" + side + ".png");
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        // The baseline of a serving process: after one ordinary analysis (engine, JIT and pools warmed up).
        send(client, ServeLoadTest.multipart(url, names.get(0).getFileName().toString(), bodies.get(0), 300));
        System.gc();
        Thread.sleep(1000);
        long baselineRss = ServeLoadTest.rssBytes();
        AtomicLong peakRss = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peakRss.accumulateAndGet(ServeLoadTest.rssBytes(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();

        Map<String, AtomicInteger> smallOutcomes = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> largeOutcomes = new ConcurrentHashMap<>();
        List<Long> smallLatencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger largeSent = new AtomicInteger();
        AtomicBoolean smallDone = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(clients + largeClients);
        long start = System.nanoTime();
        for (int c = 0; c < largeClients; c++) {
            pool.execute(() -> {
                while (!smallDone.get()) {
                    int k = largeSent.getAndIncrement() % large.size();
                    String outcome = send(client, ServeLoadTest.multipart(url, largeNames.get(k), large.get(k), largeWaitS));
                    largeOutcomes.computeIfAbsent(largeNames.get(k) + " " + outcome, o -> new AtomicInteger()).incrementAndGet();
                    pause();
                }
            });
        }
        AtomicInteger smallRunning = new AtomicInteger(clients);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        int k = i % bodies.size();
                        long t0 = System.nanoTime();
                        String outcome = send(client, ServeLoadTest.multipart(url, names.get(k).getFileName().toString(),
                                bodies.get(k), 300));
                        smallOutcomes.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
                        if (outcome.equals("200")) {
                            smallLatencies.add((System.nanoTime() - t0) / 1_000_000);
                        } else {
                            pause();
                        }
                    }
                } finally {
                    if (smallRunning.decrementAndGet() == 0) {
                        smallDone.set(true);
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        double seconds = (System.nanoTime() - start) / 1e9;
        long waitedForIdle = System.nanoTime();
        while (server != null && server.queue().inFlight() > 0 && System.nanoTime() - waitedForIdle < 60e9) {
            Thread.sleep(50);
        }
        double idleAfterS = (System.nanoTime() - waitedForIdle) / 1e9;
        Thread.sleep(10_000);
        sampling.set(false);
        long afterRss = ServeLoadTest.rssBytes();
        java.lang.management.MemoryUsage heapAfter = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();

        List<Long> sorted = new ArrayList<>(smallLatencies);
        Collections.sort(sorted);
        int unexpected = 0;
        for (Map<String, AtomicInteger> outcomes : List.of(smallOutcomes, largeOutcomes)) {
            for (Map.Entry<String, AtomicInteger> e : outcomes.entrySet()) {
                String status = e.getKey().substring(e.getKey().lastIndexOf(' ') + 1);
                if (status.startsWith("5") && !status.equals("503") || status.equals("error")) {
                    unexpected += e.getValue().get();
                }
            }
        }
        System.out.printf(Locale.ROOT, "| detector | small clients | small requests | small 200 | small p50 ms | small p95 ms | small max ms "
                + "| large clients | large uploads | large gave up after s | cancelled analyses | longest cancel-to-free-slot s "
                + "| 5xx other than 503 | RSS before MB | peak RSS MB | RSS 10 s after MB | wall s |%n");
        System.out.printf(Locale.ROOT, "|%s%n", " --- |".repeat(17));
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %.1f | %d | %.2f | %d | %d | %d | %d | %.0f |%n",
                detector, clients, requests, smallOutcomes.getOrDefault("200", new AtomicInteger()).get(),
                ServeLoadTest.percentile(sorted, 50), ServeLoadTest.percentile(sorted, 95),
                sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1), largeClients, largeSent.get(), largeWaitS,
                server == null ? -1 : server.queue().cancelledCount(),
                server == null ? -1 : server.queue().longestStopSeconds(), unexpected, baselineRss >> 20,
                peakRss.get() >> 20, afterRss >> 20, seconds);
        System.out.println("small outcomes " + new TreeMap<>(counts(smallOutcomes)) + "; large outcomes "
                + new TreeMap<>(counts(largeOutcomes)) + "; server idle " + String.format(Locale.ROOT, "%.2f", idleAfterS)
                + " s after the last client; heap 10 s after: " + (heapAfter.getUsed() >> 20) + " MB used, "
                + (heapAfter.getCommitted() >> 20) + " MB committed; " + (server == null ? "" : "limits: " + server.limits().describe()));
        if (unexpected > 0) {
            System.exit(1);
        }
    }

    /** "200", "413", "503", ... or "gave-up" (the client's wait ran out and it closed the connection) or "error". */
    private static String send(HttpClient client, java.net.http.HttpRequest request) {
        try {
            return Integer.toString(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (HttpTimeoutException e) {
            return "gave-up";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "error";
        } catch (Exception e) {
            return "error";
        }
    }

    /** A polite client's pause after a refusal, shortened so that the test stays bounded. */
    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Integer> counts(Map<String, AtomicInteger> m) {
        Map<String, Integer> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
