package io.omniiml.explain;

import io.omniiml.analysers.Evidence;
import io.omniiml.analysers.EvidenceAnalyzer;
import io.omniiml.analysers.EvidenceAnalyzers;
import io.omniiml.analysers.testing.TestImages;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.ProbabilityMapOps;
import io.omniiml.explain.Explainer;
import io.omniiml.explain.Explanation;
import io.omniiml.explain.ExplanationWriter;
import io.omniiml.explain.text.TextReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tiny, flat, grey and odd-format images: every analyser and the explainer answer in words, never throw. */
class BadInputsTest {
    static LoadedImage image(String kind) {
        return switch (kind) {
            case "1x1" -> TestImages.loadPng(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "one.png");
            case "flat" -> TestImages.loadPng(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB), "flat.png");
            case "flat-jpeg" -> TestImages.loadJpeg(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB), 75, "flat.jpg");
            case "tiny-jpeg" -> TestImages.loadJpeg(TestImages.texture(5, 3, 1), 75, "tiny.jpg");
            case "grey" -> {
                BufferedImage g = new BufferedImage(96, 80, BufferedImage.TYPE_BYTE_GRAY);
                g.getGraphics().drawImage(TestImages.texture(96, 80, 2), 0, 0, null);
                yield TestImages.loadPng(g, "grey.png");
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"1x1", "flat", "flat-jpeg", "tiny-jpeg", "grey"})
    void everyAnalyserAnswersWithoutThrowing(String kind) {
        LoadedImage img = image(kind);
        for (EvidenceAnalyzer a : EvidenceAnalyzers.all()) {
            Evidence ev = a.analyze(img);
            assertEquals(img.width(), ev.score().width(), a.name());
            assertEquals(img.height(), ev.score().height(), a.name());
            assertFalse(ev.findings().isEmpty(), a.name());
            for (float f : ev.score().values()) {
                assertTrue(f >= 0 && f <= 1, a.name() + " score " + f);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1x1", "flat", "flat-jpeg", "tiny-jpeg", "grey"})
    void theExplainerDescribesFullAndEmptyMasks(String kind) {
        LoadedImage img = image(kind);
        Explainer explainer = Explainer.builder().optTextReader(TextReader.disabled("OCR off in this test")).build();
        byte[] full = new byte[img.width() * img.height()];
        java.util.Arrays.fill(full, (byte) 1);
        Explanation all = explainer.explain(img, new Mask(img.width(), img.height(), full), null);
        Explanation none = explainer.explain(img, Mask.empty(img.width(), img.height()), null);
        assertEquals(1, all.regions().size());
        assertTrue(all.regions().get(0).explanation().absolutePosition().startsWith("covering most of the image"),
                all.regions().get(0).explanation().absolutePosition());
        assertEquals(List.of(), none.regions());
        assertTrue(ExplanationWriter.text(none).contains("No tampered region"));
        assertFalse(ExplanationWriter.json(all).contains("NaN"), ExplanationWriter.json(all));
    }

    @org.junit.jupiter.api.Test
    void aPredictionOfAnotherSizeIsResized() {
        LoadedImage img = TestImages.loadPng(TestImages.texture(120, 90, 3), "x.png");
        Mask small = TestImages.rectMask(60, 45, 10, 10, 20, 15);
        Explanation e = Explainer.builder().optTextReader(TextReader.disabled("off")).build()
                .explain(img, ProbabilityMapOps.of(small), null, List.of());
        assertEquals(1, e.regions().size());
        assertEquals(List.of(20, 20, 40, 30), e.regions().get(0).box());
    }
}
