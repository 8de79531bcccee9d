package io.omniiml.bench.serve;

import io.omniiml.api.ImageAnalyzer;
import io.omniiml.app.serve.AnalysisServer;
import io.omniiml.pipeline.Detectors;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load test of {@code POST /api/v1/analyze} on loopback: N concurrent clients send a bounded number of requests
 * in total; prints throughput, p50/p95 latency of the answered (200) requests, counts per status, the failures that
 * are not an explicit 503, and the peak RSS / heap of this JVM (which also runs the server unless --url is given).
 *
 * <p>With {@code --large-clients L}, L more clients keep uploading synthetic PNGs of {@code --large-mp} megapixels
 * (a comma-separated list is taken in turn)
 * (small on disk, made here), and give up after {@code --large-wait-s} seconds (closing the connection), while the
 * N clients send their images; then it also reports how the large requests ended, how many analyses the server
 * cancelled and the longest time from a cancel to its slot being free, and the RSS before (after one warm-up
 * request), at peak and 10 s after.
 *
 * <pre>java -cp ... io.omniiml.bench.serve.ServeLoadTest --clients 8 --requests 200 --queue 4 --detector ela IMAGE...
 * java -Xmx3g -cp ... io.omniiml.bench.serve.ServeLoadTest --clients 2 --requests 20 --large-clients 3 --large-mp 49 \
 *     --large-wait-s 5 --timeout-s 20 --detector network IMAGE...</pre>
 */
public final class ServeLoadTest {
    public static void main(String[] args) throws Exception {
        int clients = 8;
        int requests = 200;
        int queue = 4;
        int workers = 1;
        String detector = "ela";
        String url = null;
        int largeClients = 0;
        String largeMp = "49";
        double largeWaitS = 5;
        long timeoutS = 60;
        List<Path> images = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                case "--queue" -> queue = Integer.parseInt(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--detector" -> detector = args[++i];
                case "--url" -> url = args[++i];
                case "--large-clients" -> largeClients = Integer.parseInt(args[++i]);
                case "--large-mp" -> largeMp = args[++i];
                case "--large-wait-s" -> largeWaitS = Double.parseDouble(args[++i]);
                case "--timeout-s" -> timeoutS = Long.parseLong(args[++i]);
                default -> images.add(Path.of(args[i]));
            }
        }
        if (images.isEmpty()) {
            System.err.println("usage: ServeLoadTest [--clients N] [--requests M] [--queue Q] [--workers W] [--detector ela|noise]"
                    + " [--url http://host:port] IMAGE...");
            System.exit(2);
        }
        List<byte[]> bodies = new ArrayList<>();
        for (Path p : images) {
            bodies.add(Files.readAllBytes(p));
        }
        AnalysisServer server = null;
        ImageAnalyzer analyzer = null;
        if (url == null) {
            analyzer = Detectors.create(detector, null);
            server = AnalysisServer.builder().setAnalyzer(analyzer).optPort(0).optQueue(queue).optWorkers(workers)
                    .optTimeout(Duration.ofSeconds(timeoutS)).build().start();
            url = "http://127.0.0.1:" + server.port();
        }
        try {
            if (largeClients > 0) {
                LargeImageLoad.run(url + "/api/v1/analyze", server, clients, requests, bodies, images, largeClients,
                        largeMp, largeWaitS, detector);
            } else {
                run(url + "/api/v1/analyze", clients, requests, bodies, images, queue, workers, detector);
            }
        } finally {
            if (server != null) {
                server.close();
                analyzer.close();
            }
        }
    }

    static void run(String url, int clients, int requests, List<byte[]> bodies, List<Path> names, int queue, int workers,
                    String detector) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<Long> okLatencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger transportErrors = new AtomicInteger();
        AtomicLong peakRss = new AtomicLong();
        AtomicLong peakHeap = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakRss.accumulateAndGet(rssBytes(), Math::max);
                peakHeap.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    int k = i % bodies.size();
                    HttpRequest req = multipart(url, names.get(k).getFileName().toString(), bodies.get(k));
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                        long ms = (System.nanoTime() - t0) / 1_000_000;
                        statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                        if (r.statusCode() == 200) {
                            okLatencies.add(ms);
                        } else if (r.statusCode() == 503) {
                            // what a polite client does with Retry-After, shortened so the test stays bounded
                            Thread.sleep(200);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        transportErrors.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        List<Long> sorted = new ArrayList<>(okLatencies);
        Collections.sort(sorted);
        int ok = statuses.getOrDefault(200, new AtomicInteger()).get();
        int busy = statuses.getOrDefault(503, new AtomicInteger()).get();
        int failures = transportErrors.get();
        for (Map.Entry<Integer, AtomicInteger> e : statuses.entrySet()) {
            if (e.getKey() != 200 && e.getKey() != 503) {
                failures += e.getValue().get();
            }
        }
        Map<Integer, Integer> counts = new TreeMap<>();
        statuses.forEach((k, v) -> counts.put(k, v.get()));
        System.out.printf(Locale.ROOT, "| detector | clients | workers | queue | requests | 200 | 503 | other failures | ok/s | p50 ms | p95 ms | peak RSS MB | peak heap MB |%n");
        System.out.printf(Locale.ROOT, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |%n");
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d | %.2f | %d | %d | %d | %d |%n",
                detector, clients, workers, queue, requests, ok, busy, failures, ok / seconds, percentile(sorted, 50),
                percentile(sorted, 95), peakRss.get() >> 20, peakHeap.get() >> 20);
        System.out.println("statuses " + counts + ", wall " + String.format(Locale.ROOT, "%.1f s", seconds));
        if (failures > 0) {
            System.exit(1);
        }
    }

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx)));
    }

    /** Resident set size of this process from /proc (0 where there is no /proc). */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }

    static HttpRequest multipart(String url, String filename, byte[] data) {
        return multipart(url, filename, data, 300);
    }

    /** The upload; the client gives up (and closes the connection) after {@code waitSeconds}. */
    static HttpRequest multipart(String url, String filename, byte[] data, double waitSeconds) {
        String boundary = "omniiml-load-" + Long.toHexString(System.nanoTime());
        ByteArrayOutputStream body = new ByteArrayOutputStream(data.length + 512);
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(data);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis((long) (waitSeconds * 1000)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }
}
