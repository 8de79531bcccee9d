package io.omniiml.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniiml.analysers.Evidence;
import io.omniiml.analysers.EvidenceAnalyzer;
import io.omniiml.analysers.EvidenceAnalyzers;
import io.omniiml.api.AnalysisOptions;
import io.omniiml.api.ExitCodes;
import io.omniiml.app.scan.Scanner;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.MaskOps;
import io.omniiml.core.mask.Segmentation;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.config.OmniImlConfig;
import io.omniiml.model.infer.NetworkDetector;
import io.omniiml.pipeline.ImagePipeline;
import io.omniiml.pipeline.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17: one input that fails in any way fails alone (detect's error line, the scan journal), and the mask, the
 * boxes, the fusion regions and the explanation describe one segmentation at the user's threshold.
 */
class FailureIsolationTest {
    @TempDir
    static Path modelDir;

    @BeforeAll
    static void saveModel() throws Exception {
        try (OmniImlModel m = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 6)) {
            m.save(modelDir);
        }
    }

    /**
     * The ELA analyser, except on files whose name starts with "boom" (it throws) or "oom" (it asks the JVM for an
     * array larger than any heap: a real OutOfMemoryError, without using memory).
     */
    static final class FailingEla implements EvidenceAnalyzer {
        private final EvidenceAnalyzer ela = EvidenceAnalyzers.byName("ela");

        @Override
        public String name() {
            return "ela";
        }

        @Override
        public String quantity() {
            return ela.quantity();
        }

        @Override
        public Evidence analyze(LoadedImage image) {
            String file = Path.of(image.source()).getFileName().toString();
            if (file.startsWith("boom")) {
                throw new IllegalStateException("injected analyser failure");
            }
            if (file.startsWith("oom")) {
                long[] huge = new long[Integer.MAX_VALUE - 2];
                huge[0] = 1;
                throw new AssertionError("allocated " + huge.length);
            }
            return ela.analyze(image);
        }
    }

    /** good1.jpg, good2.png, corrupt.jpg, truncated.jpg, big.png (over the cap), boom.jpg, oom.jpg, missing.jpg. */
    static List<Path> batch(Path in) throws Exception {
        Files.createDirectories(in);
        byte[] jpeg = Files.readAllBytes(TestImages.photo());
        Path good1 = Files.write(in.resolve("good1.jpg"), jpeg);
        Path good2 = in.resolve("good2.png");
        ImageIO.write(ImageIO.read(TestImages.photo2().toFile()), "png", good2.toFile());
        Path corrupt = Files.write(in.resolve("corrupt.jpg"), "this is not an image at all".getBytes());
        Path truncated = Files.write(in.resolve("truncated.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 3));
        Path big = in.resolve("big.png");
        ImageIO.write(new BufferedImage(800, 800, BufferedImage.TYPE_INT_RGB), "png", big.toFile()); // 640000 px
        Path boom = Files.write(in.resolve("boom.jpg"), jpeg);
        Path oom = Files.write(in.resolve("oom.jpg"), jpeg);
        return List.of(good1, corrupt, truncated, big, boom, oom, in.resolve("missing.jpg"), good2);
    }

    static Map<String, String> errorLines(String err) {
        Map<String, String> out = new HashMap<>();
        err.lines().filter(l -> l.startsWith("error: ")).forEach(l -> {
            String rest = l.substring("error: ".length());
            int colon = rest.indexOf(": ");
            out.put(Path.of(rest.substring(0, colon)).getFileName().toString(), rest.substring(colon + 2));
        });
        return out;
    }

    @Test
    void detectReportsEachFailedInputAndAnalysesTheOthers(@TempDir Path dir) throws Exception {
        List<Path> inputs = batch(dir.resolve("in"));
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>(List.of("detect", "--allow-untrained", "--model", modelDir.toString(),
                "--out", out.toString(), "--max-pixels", "500000", "--format", "json"));
        inputs.forEach(p -> args.add(p.toString()));
        DetectCommand.analyzerSetup = b -> b.optAnalyzer(new FailingEla());
        CliRun.Result r;
        try {
            r = CliRun.execute(args.toArray(String[]::new));
        } finally {
            DetectCommand.analyzerSetup = java.util.function.UnaryOperator.identity();
        }
        assertEquals(ExitCodes.SOME_FAILED, r.exit(), r.err());
        for (String good : List.of("good1", "good2")) {
            for (String suffix : List.of("_mask.png", "_prob.png", "_overlay.png", ".json")) {
                assertTrue(Files.isRegularFile(out.resolve(good + suffix)), good + suffix + "\n" + r.err());
            }
        }
        assertEquals(2, r.out().lines().count(), r.out());
        Map<String, String> errors = errorLines(r.err());
        assertEquals(6, errors.size(), r.err());
        assertTrue(errors.get("corrupt.jpg").contains("not an image"), errors.toString());
        assertTrue(errors.get("truncated.jpg").contains("truncated"), errors.toString());
        assertTrue(errors.get("big.png").contains("exceeds the limit"), errors.toString());
        assertTrue(errors.get("boom.jpg").contains("evidence analyser 'ela' failed")
                && errors.get("boom.jpg").contains("injected analyser failure"), errors.toString());
        assertTrue(errors.get("oom.jpg").startsWith("out of memory in evidence analyser 'ela' (a 0.3 MP image"),
                errors.toString());
        assertTrue(errors.get("oom.jpg").contains("try a larger -Xmx"), errors.toString());
        assertTrue(errors.get("missing.jpg").contains("file not found"), errors.toString());
        for (String bad : List.of("corrupt", "truncated", "big", "boom", "oom", "missing")) {
            try (var files = Files.list(out)) {
                assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith(bad)), bad + ": no outputs");
            }
        }
    }

    @Test
    void scanJournalsEachFailedInputAndAnalysesTheOthers(@TempDir Path dir) throws Exception {
        List<Path> inputs = batch(dir.resolve("in"));
        Path out = dir.resolve("out");
        try (OmniImlModel model = OmniImlModel.load(modelDir)) {
            ImagePipeline analyzer = ImagePipeline.builder()
                    .setDetector(NetworkDetector.builder().setModel(model).build())
                    .optAnalyzer(new FailingEla()).build();
            Scanner.Summary s = Scanner.builder().setAnalyzer(analyzer).setOutput(out).optProgress(false).optThreads(1)
                    .optMaxPixels(500_000).optOptions(new AnalysisOptions(0.5, false, false, true))
                    .optLog(new PrintStream(new ByteArrayOutputStream())).build().run(inputs);
            assertEquals(2, s.ok());
            assertEquals(6, s.errors());
        }
        Map<String, JsonNode> byFile = new HashMap<>();
        for (String line : Files.readAllLines(out.resolve("results.jsonl"))) {
            JsonNode n = new ObjectMapper().readTree(line);
            byFile.put(Path.of(n.path("path").asText()).getFileName().toString(), n);
        }
        assertEquals(8, byFile.size());
        assertEquals("ok", byFile.get("good1.jpg").path("status").asText());
        assertEquals("ok", byFile.get("good2.png").path("status").asText());
        assertTrue(Files.isRegularFile(out.resolve(byFile.get("good2.png").path("files").path("mask").asText())));
        assertTrue(byFile.get("boom.jpg").path("error").asText().contains("evidence analyser 'ela' failed"));
        assertTrue(byFile.get("oom.jpg").path("error").asText().startsWith("out of memory in evidence analyser 'ela'"));
        assertTrue(byFile.get("big.png").path("error").asText().contains("exceeds the limit"));
        assertTrue(byFile.get("truncated.jpg").path("error").asText().contains("truncated"));
        for (String bad : List.of("corrupt.jpg", "missing.jpg")) {
            assertEquals("error", byFile.get(bad).path("status").asText(), bad);
        }
    }

    /**
     * The bug: --threshold never reached the explanation. Now the explanation's regions are the mask's components
     * (of at least the one smallest region size), with the same boxes in the same order as "boxes" and the fusion
     * regions, at every threshold.
     */
    @Test
    void explanationFusionRegionsBoxesAndMaskAreOneSegmentationAtTheThreshold(@TempDir Path out) throws Exception {
        Path photo = TestImages.photo();
        Map<String, JsonNode> byThreshold = new HashMap<>();
        for (String t : List.of("0.3", "0.5", "0.7")) {
            Path dir = out.resolve(t);
            CliRun.Result r = CliRun.execute("detect", "--allow-untrained", "--model", modelDir.toString(),
                    "--out", dir.toString(), "--threshold", t, "--format", "json", photo.toString());
            assertEquals(0, r.exit(), r.err());
            JsonNode json = new ObjectMapper().readTree(dir.resolve("aero1.json").toFile());
            byThreshold.put(t, json);
            List<List<Integer>> boxes = new ArrayList<>();
            for (JsonNode b : json.path("boxes")) {
                boxes.add(List.of(b.path("x").asInt(), b.path("y").asInt(), b.path("width").asInt(), b.path("height").asInt()));
            }
            List<List<Integer>> fusion = new ArrayList<>();
            for (JsonNode region : json.path("fusion").path("regions")) {
                fusion.add(ints(region.path("box")));
            }
            List<List<Integer>> explained = new ArrayList<>();
            for (JsonNode region : json.path("explanation").path("regions")) {
                explained.add(ints(region.path("box")));
            }
            assertEquals(boxes, fusion, "threshold " + t + ": fusion regions are the boxes");
            assertEquals(boxes.subList(0, Math.min(10, boxes.size())), explained,
                    "threshold " + t + ": the explanation describes the boxes (the 10 largest)");
            // and the boxes are the components of the written mask with at least the smallest region size
            var mask = MaskOps.read(dir.resolve("aero1_mask.png"));
            assertEquals(json.path("tampered_pixels").asLong(), mask.count());
            List<List<Integer>> fromMask = Segmentation.of(mask, null, Double.parseDouble(t), 0).boxes().stream()
                    .map(b -> List.of(b.x(), b.y(), b.width(), b.height())).toList();
            assertEquals(fromMask, boxes, "threshold " + t + ": boxes are the mask's components");
        }
        assertTrue(byThreshold.get("0.3").path("boxes").size() > 0, "regions to compare at 0.3");
        assertNotEquals(byThreshold.get("0.3").path("tampered_pixels").asLong(),
                byThreshold.get("0.7").path("tampered_pixels").asLong(), "the thresholds cut the map differently");
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asInt()));
        return out;
    }
}
