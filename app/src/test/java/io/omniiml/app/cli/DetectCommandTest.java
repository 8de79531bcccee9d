package io.omniiml.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniiml.api.ExitCodes;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.mask.MaskOps;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.core.mask.ProbabilityMapOps;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.config.OmniImlConfig;
import io.omniiml.model.infer.Detection;
import io.omniiml.model.infer.NetworkDetector;
import io.omniiml.pipeline.fusion.FusionRule;
import io.omniiml.pipeline.fusion.NetworkVerdictRule;
import io.omniiml.pipeline.fusion.VerdictRule;
import io.omniiml.pipeline.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectCommandTest {
    @TempDir
    static Path modelDir;

    /** A saved (untrained, seeded) tiny model: detect reads it like any model directory. */
    @BeforeAll
    static void saveModel() throws Exception {
        try (OmniImlModel m = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 6)) {
            m.save(modelDir);
        }
    }

    @Test
    void writesMaskProbabilityOverlayAndJsonAndPrintsJsonLines(@TempDir Path out) throws Exception {
        Path photo = TestImages.photo();
        CliRun.Result r = CliRun.execute("detect", "--allow-untrained", "--model", modelDir.toString(), "--out", out.toString(), "--format", "json", photo.toString());
        assertEquals(0, r.exit(), r.err());
        String stem = "aero1";
        BufferedImage overlay = ImageIO.read(out.resolve(stem + "_overlay.png").toFile());
        assertEquals(640, overlay.getWidth());
        assertEquals(480, overlay.getHeight());
        BufferedImage prob = ImageIO.read(out.resolve(stem + "_prob.png").toFile());
        assertEquals(16, prob.getColorModel().getPixelSize(), "16-bit probability");
        JsonNode file = new ObjectMapper().readTree(out.resolve(stem + ".json").toFile());
        JsonNode line = new ObjectMapper().readTree(r.out().lines().findFirst().orElseThrow());
        assertEquals(file, line, "standard output carries the same object as STEM.json");
        assertTrue(file.path("fused").asBoolean());
        assertTrue(file.path("fusion").path("regions").isArray());
        assertTrue(file.path("explanation").path("sentences").size() > 0);
        assertEquals(MaskOps.read(out.resolve(stem + "_mask.png")).count(), file.path("tampered_pixels").asLong());
        assertEquals(modelDir.toString(), file.path("model").path("origin").asText());
    }

    @Test
    void noFusionWritesTheNetworksOwnMap(@TempDir Path out) throws Exception {
        Path photo = TestImages.photo2();
        CliRun.Result r = CliRun.execute("detect", "--allow-untrained", "--model", modelDir.toString(), "--out", out.toString(), "--no-fusion", "--no-explain",
                "--format", "text", photo.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("network alone"), r.out());
        ProbabilityMap written = ProbabilityMapOps.read(out.resolve("fruits_prob.png"));
        try (OmniImlModel m = OmniImlModel.load(modelDir)) {
            Detection d = NetworkDetector.builder().setModel(m).build().detect(ImageLoader.DEFAULT.load(photo));
            float[] expected = d.probability().values();
            float[] got = written.values();
            assertEquals(expected.length, got.length);
            for (int i = 0; i < got.length; i++) {
                assertEquals(expected[i], got[i], 0.5 / 65535 + 1e-7, "pixel " + i); // 16-bit quantization only
            }
            JsonNode json = new ObjectMapper().readTree(out.resolve("fruits.json").toFile());
            assertEquals(d.score(), json.path("score").asDouble(), 1e-6);
            assertTrue(json.path("fusion").isMissingNode());
        }
    }

    /**
     * A fusion rule whose calibrated image rule gives 0.2 whatever the image (weight 0, bias logit 0.2) and whose
     * verdict threshold is 0.6: every output says "no evidence of editing" with that probability, and the regions
     * are weak candidates, not findings.
     */
    @Test
    void verdictInJsonAndText(@TempDir Path out) throws Exception {
        Path rule = out.resolve("rule").resolve("fusion.json");
        FusionRule.union(List.of("network"), 0, new double[4], -30, new double[3], 0, new ObjectMapper().createObjectNode())
                .withVerdict(List.of("network_score_logit"), new double[]{0}, Math.log(0.2 / 0.8), new VerdictRule(0.6, 2, 0.05, null))
                .write(rule);
        Path photo = TestImages.photo();
        CliRun.Result r = CliRun.execute("detect", "--allow-untrained", "--model", modelDir.toString(), "--fusion", rule.toString(),
                "--out", out.resolve("json").toString(), "--format", "json", "--no-explain", photo.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve("json").resolve("aero1.json").toFile());
        assertEquals("no evidence of editing", json.path("verdict").asText());
        assertEquals(0.2, json.path("edited_probability").asDouble(), 1e-6);
        assertEquals(0.2, json.path("score").asDouble(), 1e-6);
        assertEquals(0.6, json.path("verdict_threshold").asDouble(), 1e-9);
        assertEquals(json.path("boxes"), json.path("weak_candidates"));
        assertEquals(0, json.path("findings").size());
        CliRun.Result text = CliRun.execute("detect", "--allow-untrained", "--model", modelDir.toString(), "--fusion", rule.toString(),
                "--out", out.resolve("text").toString(), "--no-explain", photo.toString());
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("verdict: no evidence of editing (probability of editing 0.20; threshold 0.60"), text.out());
        assertEquals(json.path("boxes").size() > 0, text.out().contains("weak candidate region(s), not findings"), text.out());
        // this rule has no verdict of the network alone, and --no-fusion says so
        CliRun.Result alone = CliRun.execute("detect", "--allow-untrained", "--model", modelDir.toString(), "--fusion",
                rule.toString(), "--no-fusion", "--out", out.resolve("alone").toString(), "--no-explain", photo.toString());
        assertTrue(alone.out().contains("verdict: none (--no-fusion"), alone.out());
    }

    /**
     * With --no-fusion the verdict of the network alone: a rule whose network verdict gives 0.9 whatever the image
     * (weights 0, bias logit 0.9), threshold 0.6, is "edited" with that probability, also the image score.
     */
    @Test
    void networkAloneVerdict(@TempDir Path out) throws Exception {
        Path rule = out.resolve("rule").resolve("fusion.json");
        FusionRule.union(List.of("network"), 0, new double[4], -30, new double[3], 0, new ObjectMapper().createObjectNode())
                .withVerdict(List.of("network_score_logit"), new double[]{0}, Math.log(0.2 / 0.8), new VerdictRule(0.6, 2, 0.05, null))
                .withNetworkVerdict(new NetworkVerdictRule(new double[2], Math.log(0.9 / 0.1), new VerdictRule(0.6, 1.2, 0.05, null)))
                .write(rule);
        CliRun.Result r = CliRun.execute("detect", "--allow-untrained", "--model", modelDir.toString(), "--fusion", rule.toString(),
                "--no-fusion", "--out", out.toString(), "--format", "json", "--no-explain", TestImages.photo().toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve("aero1.json").toFile());
        assertTrue(json.path("fusion").isMissingNode() || json.path("fusion").isNull(), json.toString());
        assertEquals("edited", json.path("verdict").asText());
        assertEquals(0.9, json.path("edited_probability").asDouble(), 1e-6);
        assertEquals(0.9, json.path("score").asDouble(), 1e-6);
        assertEquals(0.6, json.path("verdict_threshold").asDouble(), 1e-9);
    }

    @Test
    void textFormatPrintsTheExplanation(@TempDir Path out) {
        CliRun.Result r = CliRun.execute("detect", "--allow-untrained", "--model", modelDir.toString(), "--out", out.toString(), TestImages.photo().toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("score") && r.out().contains("fused"), r.out());
        assertTrue(r.out().lines().count() > 1, "sentences follow the summary line: " + r.out());
    }

    @Test
    void anUntrainedModelIsRefusedUnlessAllowed(@TempDir Path out) {
        CliRun.Result r = CliRun.execute("detect", "--model", modelDir.toString(), "--out", out.toString(), "--no-explain",
                TestImages.photo2().toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("untrained") && r.err().contains("--allow-untrained"), r.err());
        assertTrue(r.out().isEmpty() && !Files.exists(out.resolve("fruits_mask.png")), "nothing analysed");
    }

    @Test
    void exitCodesTellScriptsWhatHappened(@TempDir Path out) throws Exception {
        Path bad = out.resolve("broken.jpg");
        Files.write(bad, new byte[]{(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        CliRun.Result some = CliRun.execute("detect", "--allow-untrained", "--model", modelDir.toString(), "--out", out.resolve("o").toString(), "--no-explain",
                bad.toString(), TestImages.photo2().toString());
        assertEquals(ExitCodes.SOME_FAILED, some.exit());
        assertTrue(some.err().contains("broken.jpg"), some.err());
        assertTrue(Files.isRegularFile(out.resolve("o/fruits_mask.png")), "the good image still went through");
        assertEquals(ExitCodes.USAGE, CliRun.execute("detect", "--model", out.resolve("nope").toString(), "--out", out.toString(),
                TestImages.photo().toString()).exit());
        assertEquals(ExitCodes.USAGE, CliRun.execute("detect", "--out", out.toString()).exit(), "no image");
        assertEquals(ExitCodes.USAGE, CliRun.execute("detect", "--allow-untrained", "--model", modelDir.toString(), "--out", out.toString(),
                "--format", "xml", TestImages.photo().toString()).exit());
        Path badRule = out.resolve("fusion.json");
        Files.writeString(badRule, "{}");
        assertEquals(ExitCodes.USAGE, CliRun.execute("detect", "--allow-untrained", "--model", modelDir.toString(), "--fusion", badRule.toString(),
                "--out", out.toString(), TestImages.photo().toString()).exit());
    }
}
