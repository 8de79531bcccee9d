package io.omniiml.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniiml.analysers.CopyMoveAnalyzer;
import io.omniiml.analysers.Evidence;
import io.omniiml.api.AnalysisOptions;
import io.omniiml.api.AnalysisResult;
import io.omniiml.api.EvidenceMap;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.config.OmniImlConfig;
import io.omniiml.model.infer.Detection;
import io.omniiml.model.infer.NetworkDetector;
import io.omniiml.pipeline.fusion.FusionRule;
import io.omniiml.pipeline.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The analyzer over real photos with the (untrained, seeded) tiny network: the wiring, not the weights, is tested. */
class ImagePipelineTest {
    private static OmniImlModel model;
    private static NetworkDetector detector;
    private static ImagePipeline analyzer;

    @BeforeAll
    static void setUp() {
        model = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 4);
        detector = NetworkDetector.builder().setModel(model).build();
        analyzer = ImagePipeline.builder().setDetector(detector).build();
    }

    @AfterAll
    static void tearDown() {
        analyzer.close();
        model.close();
    }

    @Test
    void withoutFusionTheResultIsExactlyTheNetworks() throws Exception {
        LoadedImage image = ImageLoader.DEFAULT.load(TestImages.photo());
        AnalysisResult r = analyzer.analyze(image, AnalysisOptions.DEFAULT.withFusion(false).withExplain(false));
        Detection d = detector.detect(image);
        assertArrayEquals(d.probability().values(), r.probability().values());
        assertEquals(d.score(), r.score());
        assertEquals(d.boxes(), r.boxes());
        assertArrayEquals(d.mask().data(), r.mask().data());
        assertEquals(d.gate(), r.gate());
        assertNull(r.fusion());
        assertNull(r.explanation());
        assertFalse(r.timingsMs().keySet().stream().anyMatch(k -> k.startsWith("evidence.")), "no analyser ran: " + r.timingsMs());
    }

    /** A photo with a 112x112 block copied elsewhere (lossless PNG): a clone the matcher verifies. */
    private static LoadedImage clonedPhoto() throws Exception {
        BufferedImage photo = ImageLoader.toRgb(ImageLoader.DEFAULT.load(TestImages.photo()).image());
        int[] block = photo.getRGB(330, 150, 112, 112, null, 0, 112);
        photo.setRGB(60, 300, 112, 112, block, 0, 112);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(photo, "png", png);
        return ImageLoader.DEFAULT.load(png.toByteArray(), "cloned.png");
    }

    @Test
    void fusedMapIsAtLeastTheNetworksInsideAVerifiedCloneAndTheOutputSaysSo() throws Exception {
        LoadedImage image = clonedPhoto();
        AnalysisResult r = analyzer.analyze(image, AnalysisOptions.DEFAULT);
        Detection d = detector.detect(image);
        Map<String, Evidence> ev = analyzer.evidence(image, new LinkedHashSet<>(List.of("copymove")), new LinkedHashMap<>());
        List<CopyMoveAnalyzer.Clone> clones = CopyMoveAnalyzer.clones(ev.get("copymove"));
        assertFalse(clones.isEmpty(), "the copied block is found");
        float[] cm = ev.get("copymove").score().values();
        float[] net = d.probability().values();
        float[] fused = r.probability().values();
        int inside = 0;
        for (int i = 0; i < cm.length; i++) {
            if (cm[i] > 0.5f) {
                inside++;
                assertTrue(fused[i] >= net[i], "pixel " + i + ": fused " + fused[i] + " < network " + net[i]);
                assertTrue(fused[i] > 0.5f, "the default rule marks the clone: pixel " + i);
            }
        }
        assertTrue(inside > 2 * 112 * 112 * 0.5, "both copies verified, " + inside + " px");
        JsonNode fusion = r.fusion();
        assertEquals(FusionRule.MAX, fusion.path("rule").asText());
        assertTrue(fusion.path("clones").size() >= 1);
        String inserted = fusion.path("clones").get(0).path("inserted").asText();
        assertTrue(List.of("source", "destination", "undecided").contains(inserted), inserted);
        boolean copyRegion = false;
        for (JsonNode region : fusion.path("regions")) {
            if (region.has("clone")) {
                copyRegion = true;
                // (which sources it names depends on the random network: region attribution has its own test)
                assertTrue(List.of("source", "destination").contains(region.path("clone_side").asText()), region.toString());
            }
        }
        assertTrue(copyRegion, "a fused region is attributed to the clone: " + fusion);
        String sentences = r.explanation().path("sentences").toString();
        assertTrue(sentences.contains("duplicated from the region at"), sentences);
        JsonNode json = ResultJson.result(r, AnalysisOptions.DEFAULT);
        assertEquals(fusion, json.path("fusion"));
        assertTrue(r.timingsMs().containsKey("network") && r.timingsMs().containsKey("fusion")
                && r.timingsMs().containsKey("evidence.copymove") && r.timingsMs().containsKey("explanation"), r.timingsMs().toString());
    }

    @Test
    void describesTheModelConfigProvenanceAndFusionRule() {
        JsonNode d = analyzer.describe();
        assertEquals("network", d.path("detector").asText());
        assertEquals("tiny", d.path("config").path("name").asText());
        assertEquals(0, d.path("provenance").path("steps").asInt());
        assertFalse(d.path("trained").asBoolean());
        assertEquals(FusionRule.MAX, d.path("fusion").path("kind").asText());
        assertEquals(ImagePipeline.COPY_MOVE_MAX_SIDE, d.path("copymove").path("max_side").asInt());
    }

    @Test
    void evidenceTabsComeFromTheSameRun() throws Exception {
        LoadedImage image = ImageLoader.DEFAULT.load(TestImages.photo2());
        AnalysisResult r = analyzer.analyze(image, AnalysisOptions.DEFAULT.withExplain(false).withEvidence(true));
        assertEquals(List.of("ela", "noise", "jpeg-dq"), r.evidence().stream().map(EvidenceMap::id).toList());
        assertEquals(image.width(), r.probability().width());
    }
}
