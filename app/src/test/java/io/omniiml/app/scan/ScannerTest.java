package io.omniiml.app.scan;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniiml.api.AnalysisOptions;
import io.omniiml.api.ImageAnalyzer;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.pipeline.Detectors;
import io.omniiml.pipeline.ResultJson;
import io.omniiml.pipeline.testing.ResultJsonChecks;
import io.omniiml.pipeline.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScannerTest {
    static Map<String, JsonNode> readResults(Path results) throws Exception {
        Map<String, JsonNode> byPath = new HashMap<>();
        for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
            JsonNode n = ResultJson.MAPPER.readTree(line);
            JsonNode previous = byPath.put(n.get("path").asText(), n);
            assertEquals(null, previous, "reported twice: " + n.get("path").asText());
        }
        return byPath;
    }

    static String key(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }

    @Test
    void mixedFolderRecordsEveryOutcomeAndWritesTheReport(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in/sub"));
        Path good = Files.copy(TestImages.photo(), tmp.resolve("in/good.jpg"));
        Path png = Files.copy(TestImages.pngPhoto(), in.resolve("coins.png"));
        byte[] photo = Files.readAllBytes(TestImages.photo());
        Path truncated = Files.write(tmp.resolve("in/truncated.jpg"), java.util.Arrays.copyOf(photo, photo.length / 2));
        byte[] garbage = java.util.Arrays.copyOf(photo, photo.length);
        for (int i = 600; i < garbage.length - 2; i++) {
            garbage[i] = (byte) (i * 31);
        }
        Path corrupt = Files.write(tmp.resolve("in/corrupt.jpg"), garbage);
        Path bomb = Files.write(in.resolve("bomb.png"), TestImages.pngHeaderClaiming(50_000, 50_000));
        Path sixteen = tmp.resolve("in/sixteen.png");
        TestImages.write16BitPng(sixteen, 300, 200);
        Path cmyk = tmp.resolve("in/cmyk.jpg");
        TestImages.writeCmykJpeg(TestImages.photo(), cmyk);
        Path gif = tmp.resolve("in/photo.gif");
        TestImages.writeGif(TestImages.photo(), gif);
        Path text = Files.writeString(tmp.resolve("in/notes.jpg"), "not an image\n");
        Files.writeString(tmp.resolve("in/.hidden"), "skipped");
        Path out = tmp.resolve("in/out"); // inside the input: must not be scanned itself

        List<Path> inputs = ScanInputs.list(tmp.resolve("in"), out);
        assertEquals(9, inputs.size(), inputs.toString());
        JsonNode goodResult;
        try (ImageAnalyzer analyzer = Detectors.create("ela", null)) {
            Scanner.Summary s = Scanner.builder().setAnalyzer(analyzer).setOutput(out).optThreads(2)
                    .optMaxPixels(20_000_000).optProgress(false).optLog(new PrintStream(new ByteArrayOutputStream())).build().run(inputs);
            assertEquals(9, s.ok() + s.errors());
            Path goodInput = inputs.stream().filter(p -> key(p).equals(key(good))).findFirst().orElseThrow();
            goodResult = ResultJson.result(analyzer.analyze(ImageLoader.DEFAULT.load(goodInput), AnalysisOptions.DEFAULT),
                    AnalysisOptions.DEFAULT);
        }
        Map<String, JsonNode> r = readResults(out.resolve("results.jsonl"));
        assertEquals(9, r.size());
        for (Path ok : List.of(good, png, sixteen, gif, cmyk)) {
            JsonNode n = r.get(key(ok));
            assertEquals("ok", n.get("status").asText(), ok + ": " + n);
            ResultJsonChecks.assertCommonKeys(n);
            JsonNode files = n.get("files");
            for (String picture : List.of("mask", "probability", "overlay", "thumbnail")) {
                assertTrue(Files.isRegularFile(out.resolve(files.get(picture).asText())), picture + " of " + n);
            }
            assertEquals(n.get("width").asInt(), ImageIO.read(out.resolve(files.get("mask").asText()).toFile()).getWidth());
            assertFalse(n.has("mask") || n.has("thumbnail"), "the pictures are under files only: " + n);
        }
        // the journal line is the analysis's common result object plus scan's own keys
        ResultJsonChecks.assertCarries(goodResult, r.get(key(good)));
        Set<String> scanKeys = new HashSet<>();
        r.get(key(good)).fieldNames().forEachRemaining(scanKeys::add);
        goodResult.fieldNames().forEachRemaining(scanKeys::remove);
        assertEquals(Set.of("path", "status", "files", "elapsed_ms", "finished_at"), scanKeys);
        assertEquals(300, r.get(key(sixteen)).get("width").asInt());
        assertTrue(r.get(key(truncated)).get("error").asText().contains("truncated"), r.get(key(truncated)).toString());
        assertTrue(r.get(key(bomb)).get("error").asText().contains("exceeds"), r.get(key(bomb)).toString());
        assertEquals("error", r.get(key(corrupt)).get("status").asText(), r.get(key(corrupt)).toString());
        assertTrue(r.get(key(text)).get("error").asText().contains("not an image"), r.get(key(text)).toString());
        String report = Files.readString(out.resolve("report.html"));
        for (Path p : inputs) {
            assertTrue(report.contains(p.getFileName().toString()), "report lists " + p);
        }
        assertTrue(report.contains("Errors (4)"), "four failures listed");
    }

    @Test
    void killedScanResumesWithEveryFileExactlyOnce(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        int n = 24;
        for (int i = 0; i < n; i++) {
            Files.copy(i % 2 == 0 ? TestImages.photo() : TestImages.photo2(), in.resolve(String.format("img%02d.jpg", i)));
        }
        Path out = tmp.resolve("out");
        Path results = out.resolve("results.jsonl");
        // A real child JVM running the command, killed with SIGKILL after a few files.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.omniiml.app.cli.OmniIml", "scan", in.toString(), "--out", out.toString(), "--detector", "ela",
                "--threads", "1", "--no-progress")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (lines(results) < 3 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(child.isAlive(), "child still working when killed: " + Files.readString(tmp.resolve("child.log")));
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        int before = lines(results);
        assertTrue(before >= 3 && before < n, "killed mid-way, after " + before + " files");
        // What kill -9 during a write leaves: a line cut short.
        Files.writeString(results, "{\"path\":\"" + key(in.resolve("img23.jpg")) + "\",\"status\":\"o", StandardOpenOption.APPEND);

        try (ImageAnalyzer analyzer = Detectors.create("ela", null)) {
            Scanner.Summary s = Scanner.builder().setAnalyzer(analyzer).setOutput(out).optThreads(2).optProgress(false)
                    .optLog(new PrintStream(new ByteArrayOutputStream())).build().run(ScanInputs.list(in, out));
            assertEquals(before, s.skipped());
            assertEquals(n - before, s.ok());
        }
        Map<String, JsonNode> r = readResults(results); // fails on any duplicate
        assertEquals(n, r.size());
        for (JsonNode node : r.values()) {
            assertEquals("ok", node.get("status").asText(), node.toString());
        }
        assertTrue(Files.readString(results).endsWith("\n"));

        // A third run has nothing to do and reports nothing again.
        try (ImageAnalyzer analyzer = Detectors.create("ela", null)) {
            Scanner.Summary s = Scanner.builder().setAnalyzer(analyzer).setOutput(out).optProgress(false)
                    .optLog(new PrintStream(new ByteArrayOutputStream())).build().run(ScanInputs.list(in, out));
            assertEquals(n, s.skipped());
        }
        assertEquals(n, lines(results));
    }

    static int lines(Path file) throws Exception {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] b = Files.readAllBytes(file);
        int count = 0;
        for (byte x : b) {
            count += x == '\n' ? 1 : 0;
        }
        return count;
    }

    @Test
    void aJournalOfTheEarlierLayoutStillResumesAndRenders(@TempDir Path tmp) throws Exception {
        Path results = Files.writeString(tmp.resolve("results.jsonl"),
                "{\"path\":\"/old/a.jpg\",\"status\":\"ok\",\"score\":0.9,\"threshold\":0.5,"
                        + "\"mask\":\"masks/a.png\",\"overlay\":\"overlays/a.png\",\"thumbnail\":\"thumbs/a.png\"}\n"
                        + "{\"path\":\"/new/b.jpg\",\"status\":\"ok\",\"schema\":\"" + ResultJson.SCHEMA + "\",\"score\":0.8,"
                        + "\"threshold\":0.5,\"files\":{\"mask\":\"masks/b.png\",\"overlay\":\"overlays/b.png\","
                        + "\"thumbnail\":\"thumbs/b.png\"}}\n");
        try (ResultsJournal journal = ResultsJournal.open(results)) {
            assertTrue(journal.isDone("/old/a.jpg") && journal.isDone("/new/b.jpg"));
        }
        Path html = tmp.resolve("report.html");
        ReportWriter.write(results, html);
        String report = Files.readString(html);
        for (String name : List.of("a", "b")) {
            assertTrue(report.contains("<a href=\"overlays/" + name + ".png\"><img loading=\"lazy\" alt=\"overlay\" src=\"thumbs/"
                    + name + ".png\">"), name + " in " + report);
        }
    }

    @Test
    void workerCountFollowsTheHeap() {
        long gib = 1L << 30;
        assertEquals(4, Scanner.workersFor(4, 10_000_000, 8 * gib));
        assertEquals(1, Scanner.workersFor(4, 100_000_000, 4 * gib));
        assertEquals(2, Scanner.workersFor(8, 20_000_000, 2000L * 1024 * 1024));
        assertEquals(1, Scanner.workersFor(8, 100_000_000, 64L * 1024 * 1024));
    }

    @Test
    void artifactNamesAreSafeStableAndDistinct() {
        String a = Scanner.artifactName(Path.of("/data/x/photo 1.jpg"));
        assertEquals(a, Scanner.artifactName(Path.of("/data/x/../x/photo 1.jpg")));
        assertFalse(a.contains(" "));
        assertFalse(a.equals(Scanner.artifactName(Path.of("/data/y/photo 1.jpg"))));
        assertNotNull(a);
    }

    @Test
    void listFileInputResolvesRelativePaths(@TempDir Path tmp) throws Exception {
        Path list = Files.writeString(tmp.resolve("list.txt"), "# photos\na.jpg\n\n/abs/b.png\na.jpg\n");
        assertEquals(List.of(tmp.resolve("a.jpg"), Path.of("/abs/b.png")), ScanInputs.list(list, null));
    }
}
