package io.omniiml.bench.serve;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.omniiml.api.ImageAnalyzer;
import io.omniiml.app.serve.AnalysisServer;
import io.omniiml.pipeline.Detectors;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Heap cost per pixel of one service analysis, the constant behind {@code ServiceLimits.BYTES_PER_PIXEL}: an
 * in-process server (one worker, limits lifted) answers one upload of a synthetic PNG per size; the peak heap in use right after
 * a garbage collection during the request (live data plus what the collector had not yet reclaimed), minus the
 * same measure before it, divided by the pixels. Run with a heap small enough that the collector runs often.
 *
 * <pre>java -Xmx2g -cp ... io.omniiml.bench.serve.ServeMemoryBench --detector network 2000x2000 4000x3000</pre>
 */
public final class ServeMemoryBench {
    public static void main(String[] args) throws Exception {
        String detector = "network";
        java.util.List<int[]> sizes = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--detector")) {
                detector = args[++i];
            } else {
                String[] wh = args[i].split("x");
                sizes.add(new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])});
            }
        }
        AtomicLong peakAfterGc = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, hb) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
                    peakAfterGc.accumulateAndGet(used, Math::max);
                }
            }, null, null);
        }
        HttpClient client = HttpClient.newHttpClient();
        System.out.printf(Locale.ROOT, "| detector | image | MP | PNG KB | status | seconds | baseline MB | peak after GC MB | bytes/px |%n");
        System.out.printf(Locale.ROOT, "| --- | --- | --- | --- | --- | --- | --- | --- | --- |%n");
        try (ImageAnalyzer analyzer = Detectors.create(detector, null);
             AnalysisServer server = AnalysisServer.builder().setAnalyzer(analyzer).optPort(0).optWorkers(1).optQueue(0)
                     .optMaxUploadBytes(100L << 20).optMaxPixels(Long.MAX_VALUE / 1024).optMaxHeapBytes(Long.MAX_VALUE / 4)
                     .optTimeout(java.time.Duration.ofMinutes(30)).build().start()) {
            String url = "http://127.0.0.1:" + server.port() + "/api/v1/analyze";
            for (int[] size : sizes) {
                byte[] png = SyntheticPng.gradient(size[0], size[1]);
                System.gc();
                Thread.sleep(200);
                long baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                peakAfterGc.set(baseline);
                long t0 = System.nanoTime();
                HttpResponse<String> r = client.send(ServeLoadTest.multipart(url, "synthetic.png", png, 1800),
                        HttpResponse.BodyHandlers.ofString());
                double seconds = (System.nanoTime() - t0) / 1e9;
                long pixels = (long) size[0] * size[1];
                long extra = peakAfterGc.get() - baseline;
                System.out.printf(Locale.ROOT, "| %s | %dx%d | %.1f | %d | %d | %.1f | %d | %d | %.0f |%n", detector, size[0],
                        size[1], pixels / 1e6, png.length >> 10, r.statusCode(), seconds, baseline >> 20,
                        peakAfterGc.get() >> 20, (double) extra / pixels);
            }
        }
    }
}
