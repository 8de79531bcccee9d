package io.omniiml.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.api.AnalysisOptions;
import io.omniiml.api.AnalysisResult;
import io.omniiml.api.ImageAnalyzer;
import io.omniiml.app.scan.Scanner;
import io.omniiml.core.concurrent.Cancellation;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.pipeline.Detectors;
import io.omniiml.pipeline.ResultJson;
import io.omniiml.pipeline.testing.ResultJsonChecks;
import io.omniiml.pipeline.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service over real HTTP on loopback, with the ELA detector (real, deterministic, no network needed). */
class AnalysisServerTest {
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static ImageAnalyzer analyzer;
    static AnalysisServer server;

    @BeforeAll
    static void start() throws Exception {
        analyzer = Detectors.create("ela", null);
        server = AnalysisServer.builder().setAnalyzer(analyzer).optPort(0).optMaxUploadBytes(1_000_000)
                .optMaxPixels(20_000_000).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String url(AnalysisServer s, String path) {
        return "http://127.0.0.1:" + s.port() + path;
    }

    static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url(server, path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A multipart/form-data body with the file in field "image" and the given text fields. */
    public static HttpRequest upload(String url, String filename, byte[] data, Map<String, String> fields) {
        String boundary = "omniiml-test-boundary-7d1f";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                    + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(data);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }

    static HttpResponse<String> analyze(String filename, byte[] data, Map<String, String> fields) throws Exception {
        return CLIENT.send(upload(url(server, "/api/v1/analyze"), filename, data, fields), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void analysesARealPhotoLikeTheAnalyzerInProcess() throws Exception {
        byte[] photo = Files.readAllBytes(TestImages.photo());
        HttpResponse<String> r = analyze("aero1.jpg", photo, Map.of("threshold", "0.4", "evidence", "true"));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode json = ResultJson.MAPPER.readTree(r.body());
        // Independent reference: the same analyzer called directly on the same bytes.
        LoadedImage image = io.omniiml.core.image.ImageLoader.DEFAULT.load(photo, "aero1.jpg");
        AnalysisOptions options = new AnalysisOptions(0.4, true, false);
        AnalysisResult direct = analyzer.analyze(image, options);
        ResultJsonChecks.assertCarries(ResultJson.result(direct, options), json);
        assertEquals(direct.score(), json.get("score").asDouble(), 1e-6);
        assertEquals(direct.boxes().size(), json.get("boxes").size());
        assertEquals(640, json.get("width").asInt());
        assertEquals(0.4, json.get("threshold").asDouble());
        assertTrue(json.get("explanation").get("sentences").size() > 0);
        var mask = ImageIO.read(new ByteArrayInputStream(decodeDataUrl(json.get("images").get("mask").asText())));
        assertEquals(640, mask.getWidth());
        long white = 0;
        for (int y = 0; y < mask.getHeight(); y++) {
            for (int x = 0; x < mask.getWidth(); x++) {
                white += (mask.getRGB(x, y) & 0xFF) > 127 ? 1 : 0;
            }
        }
        assertEquals(direct.mask().count(), white);
        assertNotNull(ImageIO.read(new ByteArrayInputStream(decodeDataUrl(json.get("images").get("overlay").asText()))));
        assertEquals(3, json.get("evidence").size());
        assertEquals("ela", json.get("evidence").get(0).get("id").asText());
    }

    @Test
    void theAnswerAndAScanJournalLineCarryOneResultObject(@TempDir Path tmp) throws Exception {
        Path photo = Files.copy(TestImages.photo(), tmp.resolve("aero1.jpg"));
        HttpResponse<String> r = analyze("aero1.jpg", Files.readAllBytes(photo), Map.of());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode answer = ResultJson.MAPPER.readTree(r.body());
        Path out = tmp.resolve("scan");
        Scanner.builder().setAnalyzer(analyzer).setOutput(out).optProgress(false)
                .optLog(new PrintStream(new ByteArrayOutputStream())).build().run(List.of(photo));
        JsonNode line = ResultJson.MAPPER.readTree(Files.readAllLines(out.resolve("results.jsonl")).get(0));
        ObjectNode common = answer.deepCopy();
        common.remove(List.of("images", "evidence"));
        ObjectNode scanCommon = line.deepCopy();
        scanCommon.remove(List.of("path", "status", "files", "elapsed_ms", "finished_at"));
        // the same keys and values but for source (the upload's name here, the file's path there)
        ResultJsonChecks.assertCarries(common, scanCommon, "source");
        assertEquals(common.size(), scanCommon.size(), "no other keys: " + scanCommon);
    }

    static byte[] decodeDataUrl(String url) {
        assertTrue(url.startsWith("data:image/png;base64,"), url.substring(0, Math.min(40, url.length())));
        return Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
    }

    @Test
    void healthModelOpenapiAndPage() throws Exception {
        HttpResponse<String> health = get("/api/v1/health");
        assertEquals(200, health.statusCode());
        assertEquals("ok", ResultJson.MAPPER.readTree(health.body()).get("status").asText());
        HttpResponse<String> model = get("/api/v1/model");
        assertEquals(200, model.statusCode());
        assertEquals("ela", ResultJson.MAPPER.readTree(model.body()).get("detector").asText());
        JsonNode openapi = ResultJson.MAPPER.readTree(get("/api/v1/openapi.json").body());
        assertTrue(openapi.get("openapi").asText().startsWith("3."));
        assertTrue(openapi.get("paths").has("/api/v1/analyze"));
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("id=\"drop\""));
    }

    @Test
    void tooLargeUploadIs413() throws Exception {
        HttpResponse<String> r = analyze("big.jpg", new byte[1_200_000], Map.of());
        assertEquals(413, r.statusCode(), r.body());
    }

    @Test
    void textNamedJpgIs415() throws Exception {
        HttpResponse<String> r = analyze("holiday.jpg", "just some text, not a picture\n".getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(415, r.statusCode(), r.body());
        assertTrue(r.body().contains("holiday.jpg"), r.body());
    }

    @Test
    void pixelBombIs413BeforeDecoding() throws Exception {
        long before = usedHeap();
        HttpResponse<String> r = analyze("bomb.png", TestImages.pngHeaderClaiming(50_000, 50_000), Map.of());
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(r.body().contains("50000x50000") && r.body().contains("more than this service accepts"), r.body());
        assertTrue(usedHeap() - before < 500_000_000L, "no 7.5 GB raster was allocated");
    }

    @Test
    void pixelLimitFollowsTheHeapAndRefusesBeforeAnyDecodingOrSlot() throws Exception {
        AtomicInteger analyses = new AtomicInteger();
        ImageAnalyzer counting = new ImageAnalyzer() {
            @Override
            public AnalysisResult analyze(LoadedImage image, AnalysisOptions options) throws Exception {
                analyses.incrementAndGet();
                return analyzer.analyze(image, options);
            }

            @Override
            public JsonNode describe() {
                return analyzer.describe();
            }
        };
        long heap = 1L << 30;
        try (AnalysisServer s = AnalysisServer.builder().setAnalyzer(counting).optPort(0).optMaxHeapBytes(heap)
                .optWorkers(4).build().start()) {
            ServiceLimits expected = ServiceLimits.derive(heap, 4, 50_000_000L);
            assertEquals(expected, s.limits());
            assertTrue(s.limits().maxPixels() < 50_000_000L, "a 1 GB heap cannot take the requested 50 MP");
            int side = (int) Math.sqrt(s.limits().maxPixels()) + 2;
            HttpResponse<String> r = CLIENT.send(upload(url(s, "/api/v1/analyze"), "big.png",
                    TestImages.pngHeaderClaiming(side, side), Map.of()), HttpResponse.BodyHandlers.ofString());
            assertEquals(413, r.statusCode(), r.body());
            assertTrue(r.body().contains(side + "x" + side), r.body());
            assertEquals(0, analyses.get(), "refused before the analyser");
            JsonNode health = ResultJson.MAPPER.readTree(CLIENT.send(HttpRequest.newBuilder(URI.create(url(s, "/api/v1/health")))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(s.limits().maxPixels(), health.path("max_pixels").asLong());
            assertEquals(s.limits().workers(), health.path("workers").asInt());
        }
    }

    private static long usedHeap() {
        return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    }

    @Test
    void corruptAndTruncatedFilesAre422WithTheProblem() throws Exception {
        byte[] photo = Files.readAllBytes(TestImages.photo());
        HttpResponse<String> truncated = analyze("cut.jpg", java.util.Arrays.copyOf(photo, photo.length / 3), Map.of());
        assertEquals(422, truncated.statusCode(), truncated.body());
        assertTrue(truncated.body().contains("truncated"), truncated.body());
        byte[] garbage = new byte[4000];
        new java.util.Random(7).nextBytes(garbage);
        garbage[0] = (byte) 0x89;
        garbage[1] = 'P';
        garbage[2] = 'N';
        garbage[3] = 'G';
        HttpResponse<String> corrupt = analyze("noise.png", garbage, Map.of());
        assertEquals(422, corrupt.statusCode(), corrupt.body());
        assertTrue(corrupt.body().contains("noise.png"), corrupt.body());
    }

    /** Issue 17: an upload whose analysis throws or runs out of memory fails alone; the server answers the next. */
    @Test
    void failedAnalysisAnswersThatRequestAloneAndTheServerGoesOn() throws Exception {
        ImageAnalyzer failing = new ImageAnalyzer() {
            @Override
            public AnalysisResult analyze(LoadedImage image, AnalysisOptions options) throws Exception {
                if (image.source().startsWith("boom")) {
                    throw new io.omniiml.api.AnalysisStageException("evidence analyser 'ela'",
                            new IllegalStateException("injected"));
                }
                if (image.source().startsWith("oom")) {
                    long[] huge = new long[Integer.MAX_VALUE - 2]; // a real OutOfMemoryError, no memory used
                    huge[0] = 1;
                }
                return analyzer.analyze(image, options);
            }

            @Override
            public JsonNode describe() {
                return analyzer.describe();
            }
        };
        try (AnalysisServer s = AnalysisServer.builder().setAnalyzer(failing).optPort(0).optWorkers(1).build().start()) {
            byte[] photo = Files.readAllBytes(TestImages.photo());
            String analyzeUrl = url(s, "/api/v1/analyze");
            HttpResponse<String> boom = CLIENT.send(upload(analyzeUrl, "boom.jpg", photo, Map.of()), HttpResponse.BodyHandlers.ofString());
            assertEquals(500, boom.statusCode(), boom.body());
            assertTrue(boom.body().contains("boom.jpg: evidence analyser 'ela' failed: IllegalStateException: injected"), boom.body());
            HttpResponse<String> oom = CLIENT.send(upload(analyzeUrl, "oom.jpg", photo, Map.of()), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, oom.statusCode(), oom.body());
            assertTrue(oom.body().contains("not enough memory"), oom.body());
            assertTrue(oom.headers().firstValue("Retry-After").isPresent());
            HttpResponse<String> good = CLIENT.send(upload(analyzeUrl, "good.jpg", photo, Map.of()), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, good.statusCode(), good.body());
        }
    }

    @Test
    void badOptionsAre400() throws Exception {
        byte[] photo = Files.readAllBytes(TestImages.photo());
        assertEquals(400, analyze("a.jpg", photo, Map.of("threshold", "2")).statusCode());
        assertEquals(400, analyze("a.jpg", photo, Map.of("evidence", "maybe")).statusCode());
    }

    @Test
    void fullQueueAnswers503WithRetryAfter() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The real detector, held back until the test has seen the 503: a slow request in flight.
        ImageAnalyzer slow = new ImageAnalyzer() {
            @Override
            public AnalysisResult analyze(LoadedImage image, AnalysisOptions options) throws Exception {
                entered.countDown();
                release.await(30, TimeUnit.SECONDS);
                return analyzer.analyze(image, options);
            }

            @Override
            public JsonNode describe() {
                return analyzer.describe();
            }
        };
        try (AnalysisServer busy = AnalysisServer.builder().setAnalyzer(slow).optPort(0).optWorkers(1).optQueue(0)
                .build().start()) {
            byte[] photo = Files.readAllBytes(TestImages.photo());
            String analyzeUrl = url(busy, "/api/v1/analyze");
            CompletableFuture<HttpResponse<String>> first = CLIENT.sendAsync(upload(analyzeUrl, "a.jpg", photo, new LinkedHashMap<>()),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(entered.await(20, TimeUnit.SECONDS), "first request reached the analyzer");
            HttpResponse<String> second = CLIENT.send(upload(analyzeUrl, "b.jpg", photo, Map.of()), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, second.statusCode(), second.body());
            assertEquals(AnalysisServer.RETRY_AFTER_SECONDS, second.headers().firstValue("Retry-After").orElse(null));
            release.countDown();
            assertEquals(200, first.get(30, TimeUnit.SECONDS).statusCode());
            // The slot is free again once the slow analysis has finished.
            assertEquals(200, CLIENT.send(upload(analyzeUrl, "c.jpg", photo, Map.of()), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    /**
     * An analyser that, for uploads named slow*, works in 10 ms steps with a checkpoint between them for up to 60 s
     * (a long analysis that honours cancellation as the real pipeline does); other uploads get the ELA analysis.
     */
    static ImageAnalyzer slowForSlowNames(CountDownLatch slowEntered) {
        return new ImageAnalyzer() {
            @Override
            public AnalysisResult analyze(LoadedImage image, AnalysisOptions options) throws Exception {
                if (image.source().startsWith("slow")) {
                    slowEntered.countDown();
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (System.nanoTime() < end) {
                        Cancellation.checkpoint();
                        Thread.sleep(10);
                    }
                }
                return analyzer.analyze(image, options);
            }

            @Override
            public JsonNode describe() {
                return analyzer.describe();
            }
        };
    }

    /** Waits up to {@code seconds} for the condition; true when it came. */
    static boolean within(double seconds, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }

    @Test
    void timedOutAnalysisIsCancelledAndItsSlotServesTheNextRequestAtOnce() throws Exception {
        try (AnalysisServer s = AnalysisServer.builder().setAnalyzer(slowForSlowNames(new CountDownLatch(1))).optPort(0)
                .optWorkers(1).optQueue(0).optTimeout(Duration.ofSeconds(2)).build().start()) {
            byte[] photo = Files.readAllBytes(TestImages.photo());
            String analyzeUrl = url(s, "/api/v1/analyze");
            HttpResponse<String> timedOut = CLIENT.send(upload(analyzeUrl, "slow.jpg", photo, Map.of()),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, timedOut.statusCode(), timedOut.body());
            assertTrue(timedOut.body().contains("longer than 2 s"), timedOut.body());
            assertTrue(within(1.0, () -> s.queue().inFlight() == 0), "the cancelled analysis gave its slot back within 1 s");
            assertEquals(1, s.queue().cancelledCount());
            long t0 = System.nanoTime();
            HttpResponse<String> next = CLIENT.send(upload(analyzeUrl, "next.jpg", photo, Map.of()),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, next.statusCode(), "the next client is served, not refused: " + next.body());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "served without waiting out the 60 s analysis");
        }
    }

    @Test
    void cancelledRequestStillWaitingForAWorkerFreesItsSlotAtOnce() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        ImageAnalyzer deaf = new ImageAnalyzer() { // the running one does not look at its cancellation for 4 s
            @Override
            public AnalysisResult analyze(LoadedImage image, AnalysisOptions options) throws Exception {
                entered.countDown();
                Thread.sleep(4000);
                Cancellation.checkpoint();
                return analyzer.analyze(image, options);
            }

            @Override
            public JsonNode describe() {
                return analyzer.describe();
            }
        };
        try (AnalysisServer s = AnalysisServer.builder().setAnalyzer(deaf).optPort(0).optWorkers(1).optQueue(1)
                .optTimeout(Duration.ofMillis(1500)).build().start()) {
            byte[] photo = Files.readAllBytes(TestImages.photo());
            String analyzeUrl = url(s, "/api/v1/analyze");
            CompletableFuture<HttpResponse<String>> running = CLIENT.sendAsync(upload(analyzeUrl, "a.jpg", photo, Map.of()),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(entered.await(20, TimeUnit.SECONDS));
            HttpResponse<String> waiting = CLIENT.send(upload(analyzeUrl, "b.jpg", photo, Map.of()), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, waiting.statusCode(), waiting.body());
            assertTrue(within(0.5, () -> s.queue().inFlight() <= 1), "the waiting request's slot is free at once");
            assertTrue(s.queue().running() == 1 || running.isDone(), "while the running analysis is still busy");
            assertEquals(503, running.get(20, TimeUnit.SECONDS).statusCode());
            assertTrue(within(5, () -> s.queue().inFlight() == 0));
            assertEquals(2, s.queue().cancelledCount());
        }
    }

    @Test
    void clientThatLeavesHasItsAnalysisCancelled() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        try (AnalysisServer s = AnalysisServer.builder().setAnalyzer(slowForSlowNames(entered)).optPort(0).optWorkers(1)
                .optQueue(0).optTimeout(Duration.ofSeconds(120)).build().start()) {
            byte[] photo = Files.readAllBytes(TestImages.photo());
            String boundary = "omniiml-leaving-client";
            byte[] body = AnalysisServerTestBodies.multipart(boundary, "slow.jpg", photo);
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", s.port())) {
                java.io.OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary="
                        + boundary + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                assertTrue(entered.await(20, TimeUnit.SECONDS), "the analysis started");
                assertEquals(1, s.queue().inFlight());
            } // the client closes its connection without waiting for the answer
            assertTrue(within(2.0, () -> s.queue().cancelledCount() == 1), "the abandoned analysis was cancelled");
            assertTrue(within(1.0, () -> s.queue().inFlight() == 0), "and gave its slot back");
            HttpResponse<String> next = CLIENT.send(upload(url(s, "/api/v1/analyze"), "next.jpg", photo, Map.of()),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, next.statusCode(), next.body());
        }
    }

    @Test
    void realEvidenceAnalyserStopsWhenItsRequestTimesOut() throws Exception {
        // 12 MP of noise: the ELA detector (JPEG round trip, block statistics) takes seconds on it, unless cancelled.
        java.awt.image.BufferedImage noise = new java.awt.image.BufferedImage(4000, 3000, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(18);
        int[] pixels = ((java.awt.image.DataBufferInt) noise.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(1 << 24);
        }
        ByteArrayOutputStream bmp = new ByteArrayOutputStream();
        ImageIO.write(noise, "bmp", bmp); // BMP: decodes fast, so the time goes to the analysis
        noise = null;
        try (AnalysisServer s = AnalysisServer.builder().setAnalyzer(analyzer).optPort(0).optWorkers(1).optQueue(0)
                .optMaxUploadBytes(100_000_000L).optTimeout(Duration.ofMillis(300)).build().start()) {
            HttpResponse<String> r = CLIENT.send(upload(url(s, "/api/v1/analyze"), "noise.bmp", bmp.toByteArray(), Map.of()),
                    HttpResponse.BodyHandlers.ofString());
            long answered = System.nanoTime();
            assertEquals(503, r.statusCode(), r.body());
            assertTrue(within(10, () -> s.queue().inFlight() == 0), "the analysis ended");
            double stopSeconds = (System.nanoTime() - answered) / 1e9;
            assertEquals(1, s.queue().cancelledCount(), "it ended by cancellation, not by finishing");
            // within a second of work plus the full collection that returns the image's heap
            assertTrue(stopSeconds < 3, "stopped " + stopSeconds + " s after the timeout");
        }
    }

    @Test
    void displayNameNeverCarriesAPath() {
        assertEquals("passwd", AnalysisServer.displayName("../../etc/passwd"));
        assertEquals("x.jpg", AnalysisServer.displayName("C:\\temp\\x.jpg"));
        assertEquals("upload", AnalysisServer.displayName(""));
    }

    @Test
    void networkAnalyzerShowsModelAndFusionAndHonoursTheFusionField() throws Exception {
        try (io.omniiml.model.OmniImlModel model = io.omniiml.model.OmniImlModel.untrained(
                     io.omniiml.model.config.OmniImlConfig.named("tiny"), 2);
             io.omniiml.pipeline.ImagePipeline network = io.omniiml.pipeline.ImagePipeline.builder()
                     .setDetector(io.omniiml.model.infer.NetworkDetector.builder().setModel(model).build()).build();
             AnalysisServer s = AnalysisServer.builder().setAnalyzer(network).optPort(0).build().start()) {
            HttpResponse<String> m = CLIENT.send(HttpRequest.newBuilder(URI.create(url(s, "/api/v1/model"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode described = ResultJson.MAPPER.readTree(m.body());
            assertEquals("tiny", described.path("config").path("name").asText(), m.body());
            assertEquals(0, described.path("provenance").path("steps").asInt(), m.body());
            assertEquals("max", described.path("fusion").path("kind").asText(), m.body());
            byte[] photo = Files.readAllBytes(TestImages.photo());
            String analyzeUrl = url(s, "/api/v1/analyze");
            JsonNode fused = ResultJson.MAPPER.readTree(CLIENT.send(upload(analyzeUrl, "a.jpg", photo, Map.of("explain", "false")),
                    HttpResponse.BodyHandlers.ofString()).body());
            JsonNode alone = ResultJson.MAPPER.readTree(CLIENT.send(upload(analyzeUrl, "a.jpg", photo,
                    Map.of("explain", "false", "fusion", "false")), HttpResponse.BodyHandlers.ofString()).body());
            assertTrue(fused.path("fusion").isObject(), fused.toString());
            assertTrue(alone.path("fusion").isMissingNode(), alone.toString());
            LoadedImage image = io.omniiml.core.image.ImageLoader.DEFAULT.load(photo, "a.jpg");
            assertEquals(network.detector().detect(image).score(), alone.path("score").asDouble(), 1e-6);
            assertEquals(400, CLIENT.send(upload(analyzeUrl, "a.jpg", photo, Map.of("fusion", "maybe")),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }
}
