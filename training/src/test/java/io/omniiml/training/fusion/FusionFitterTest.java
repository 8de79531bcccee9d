package io.omniiml.training.fusion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.pipeline.fusion.FusionFeatureOps;
import io.omniiml.pipeline.fusion.FusionRule;
import io.omniiml.pipeline.fusion.LogisticFitOps;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FusionFitterTest {
    /**
     * Synthetic features where the truth is known: a weak network (right 65 % of the time), a copy-move map that
     * marks clones exactly (present in every other image), ELA and noise that are pure noise. The fit must lean
     * on copy-move, ignore the noise features, and beat the network's F1.
     */
    @Test
    void fitLearnsWhichSourceToTrust() {
        Random random = new Random(5);
        List<FusionFitter.SampleFeatures> samples = new ArrayList<>();
        int n = 4096;
        for (int s = 0; s < 24; s++) {
            boolean tampered = s % 4 != 3;
            boolean clone = tampered && s % 2 == 0;
            float[][] cols = new float[5][n];
            boolean[] labels = new boolean[n];
            for (int i = 0; i < n; i++) {
                labels[i] = tampered && i % 64 < 8; // 12.5 % tampered
                boolean netRight = random.nextDouble() < 0.65;
                boolean netSays = netRight == labels[i];
                cols[0][i] = (float) LogisticFitOps.logit(netSays ? 0.6 + 0.3 * random.nextDouble() : 0.1 + 0.3 * random.nextDouble());
                cols[1][i] = clone && labels[i] ? 1 : 0;
                cols[FusionFeatureOps.CLONE_INLIERS][i] = cols[1][i] * 40; // a clone with 40 inliers
                cols[2][i] = random.nextFloat();
                cols[3][i] = random.nextFloat();
            }
            samples.add(new FusionFitter.SampleFeatures("s" + s, "natural", cols, labels,
                    tampered ? 0.7 : 0.3, clone, tampered));
        }
        ObjectNode provenance = new ObjectMapper().createObjectNode();
        FusionRule rule = FusionFitter.fitFeatures(samples, provenance, 1e-3);
        double[] w = rule.pixelWeights();
        assertTrue(w[1] > 3, "copy-move weight large: " + w[1]);
        assertTrue(w[0] > 0.2, "the network still counts: " + w[0]);
        assertTrue(Math.abs(w[2]) < 0.3 && Math.abs(w[3]) < 0.3, "noise features near 0: " + w[2] + ", " + w[3]);
        double fused = provenance.path("fit_metrics").path("fit_mean_pixel_f1_fused").asDouble();
        double network = provenance.path("fit_metrics").path("fit_mean_pixel_f1_network").asDouble();
        assertTrue(fused > network + 0.1, "fused F1 " + fused + " vs network " + network);
        // the fitted rule applied to a clone image marks the clone fully
        FusionFitter.SampleFeatures cloneSample = samples.get(0);
        ProbabilityMap net = new ProbabilityMap(n, 1, new float[n]);
        ProbabilityMap out = rule.fuse(net, cloneSample.columns());
        for (int i = 0; i < n; i++) {
            if (cloneSample.columns()[1][i] > 0.5) {
                assertTrue(out.values()[i] > 0.5, "clone pixel " + i);
            }
        }
        assertEquals(24, provenance.path("fit_metrics").path("images").asInt());
        // the chosen pixel rule is the candidate with the best calibrated F1 on the fit samples
        var candidates = provenance.path("fit_metrics").path("pixel_rule_candidates");
        assertEquals(8, candidates.size(), candidates.toString()); // logistic, union[network], 6 copy-move supports
        double best = -1;
        for (var c : candidates) {
            best = Math.max(best, c.path("fit_mean_pixel_f1").asDouble());
        }
        assertEquals(best, fused, 1e-12);
        assertTrue(candidates.has(provenance.path("fit_metrics").path("kind").asText()), candidates.toString());
        assertTrue(provenance.path("fit_metrics").path("fit_image_auc_fused").asDouble() >= 0.9);
    }

    @Test
    void aCandidateNoWorseThanTheBestSingleSourceOnEveryTaskBeatsAHigherMean() {
        Map<String, Double> single = Map.of("natural", 0.3, "document", 0.5);
        FusionRule rule = FusionRule.maxRule();
        var higherMean = new FusionFitter.Calibrated(rule, 0, Map.of("all", 0.6, "natural", 0.8, "document", 0.4), single);
        var everyTask = new FusionFitter.Calibrated(rule, 1, Map.of("all", 0.45, "natural", 0.35, "document", 0.55), single);
        assertEquals(0.1, higherMean.shortfall(), 1e-12);
        assertEquals(0, everyTask.shortfall(), 1e-12);
        assertTrue(everyTask.betterThan(higherMean));
        assertFalse(higherMean.betterThan(everyTask));
        var smallerShortfall = new FusionFitter.Calibrated(rule, 2, Map.of("all", 0.2, "natural", 0.28, "document", 0.1), Map.of("natural", 0.3));
        var largerShortfall = new FusionFitter.Calibrated(rule, 0, Map.of("all", 0.5, "natural", 0.1, "document", 0.9), Map.of("natural", 0.3));
        assertTrue(smallerShortfall.betterThan(largerShortfall), "among failing ones the smaller worst shortfall wins");
        // F1 differences below F1_TIE are ties: the smaller shift wins, and an equal one is not better
        var nearlyEqual = new FusionFitter.Calibrated(rule, 2, Map.of("all", 0.45 + FusionFitter.F1_TIE / 2, "natural", 0.35, "document", 0.55), single);
        assertFalse(nearlyEqual.betterThan(everyTask));
        assertTrue(everyTask.betterThan(nearlyEqual));
    }

    @Test
    void meanF1CountsOnlyTamperedSamples() {
        float[][] cols = {{5, -5, 5, -5}, {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}};
        var tampered = new FusionFitter.SampleFeatures("a", "natural", cols, new boolean[]{true, false, false, false}, 0.9, false, true);
        var authentic = new FusionFitter.SampleFeatures("b", "natural", cols, new boolean[4], 0.1, false, false);
        // network positive on pixels 0 and 2, truth only 0: precision 1/2, recall 1 -> F1 2/3
        assertEquals(2.0 / 3, FusionFitter.meanF1Network(List.of(tampered, authentic)), 1e-12);
        FusionRule networkLogit = FusionRule.logistic(new double[]{1, 0, 0, 0}, 0, new double[3], 0, new ObjectMapper().createObjectNode());
        assertEquals(2.0 / 3, FusionFitter.meanF1(List.of(tampered, authentic), networkLogit), 1e-12);
    }

    @Test
    void aTrueCloneIsLabelledOnBothCopiesAFalseOneIsNot() {
        int w = 20;
        int h = 10;
        byte[] truth = new byte[w * h];
        float[] cm = new float[w * h];
        io.omniiml.core.mask.Box src = new io.omniiml.core.mask.Box(1, 1, 3, 3);
        io.omniiml.core.mask.Box dst = new io.omniiml.core.mask.Box(10, 1, 3, 3);
        io.omniiml.core.mask.Box falseA = new io.omniiml.core.mask.Box(1, 6, 2, 2);
        io.omniiml.core.mask.Box falseB = new io.omniiml.core.mask.Box(10, 6, 2, 2);
        for (io.omniiml.core.mask.Box b : List.of(src, dst, falseA, falseB)) {
            for (int y = b.y(); y < b.y() + b.height(); y++) {
                for (int x = b.x(); x < b.x() + b.width(); x++) {
                    cm[y * w + x] = 1;
                    if (b == dst) {
                        truth[y * w + x] = 1; // the engine marks only the pasted copy
                    }
                }
            }
        }
        boolean[] labels = new boolean[w * h];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = truth[i] != 0;
        }
        var clones = List.of(new io.omniiml.analysers.CopyMoveAnalyzer.Clone(src, dst, null, 9, 0, 1, 9, 0, 9),
                new io.omniiml.analysers.CopyMoveAnalyzer.Clone(falseA, falseB, null, 9, 0, 1, 9, 0, 4));
        FusionFitter.bothCopiesConvention(clones, cm, new io.omniiml.core.mask.Mask(w, h, truth), w, 1, w, h, labels);
        int positives = 0;
        for (boolean b : labels) {
            positives += b ? 1 : 0;
        }
        assertEquals(18, positives, "both 3x3 copies of the true clone, nothing of the false one");
        assertTrue(labels[2 * w + 2] && !labels[6 * w + 1]);
    }
}
