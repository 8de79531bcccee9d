package io.omniiml.training.fusion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.pipeline.fusion.FusionFeatureOps;
import io.omniiml.pipeline.fusion.FusionRule;
import io.omniiml.pipeline.fusion.NetworkVerdictRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerdictFitterTest {
    /** Rows whose network score logit is N(+1, 1) when edited and N(-1, 1) when not; the other features are noise. */
    private static List<VerdictFitter.Row> rows(long seed, int n) {
        Random random = new Random(seed);
        List<VerdictFitter.Row> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean edited = i % 2 == 0;
            double[] f = new double[FusionFeatureOps.ALL_IMAGE_FEATURES.size()];
            f[0] = (edited ? 1 : -1) + random.nextGaussian();
            f[6] = random.nextDouble(); // ela_top: pure noise
            out.add(new VerdictFitter.Row("r" + seed + "-" + i, "natural", 256, edited, f));
        }
        return out;
    }

    private static FusionRule pixelRule() {
        return FusionRule.union(List.of("network"), 0, new double[4], -30, new double[3], 0, new ObjectMapper().createObjectNode());
    }

    @Test
    void fitGivesAMonotoneFiniteCalibratedProbabilityAndTheStatedFalseAlarmRate() {
        List<VerdictFitter.Row> fit = rows(1, 400);
        List<VerdictFitter.Row> heldOut = rows(2, 400);
        List<String> features = List.of("network_score_logit", "ela_top");
        FusionRule rule = VerdictFitter.fit(pixelRule(), fit, heldOut, features, 0.05, 2, 0.01,
                new ObjectMapper().createObjectNode());
        assertEquals(features, rule.imageFeatures());
        // the true model is p = sigmoid(2 x): the fitted slope must be near 2, noise near 0
        double[] w = rule.imageWeights();
        assertTrue(w[0] > 1.5 && w[0] < 2.6, "slope " + w[0]);
        assertTrue(w[1] >= 0 && w[1] < 0.5, "noise feature " + w[1]);
        List<VerdictFitter.Row> sorted = new ArrayList<>(heldOut);
        sorted.sort(Comparator.comparingDouble(r -> r.features()[0]));
        double previous = -1;
        for (VerdictFitter.Row r : sorted) {
            double[] onlyNetwork = r.features().clone();
            onlyNetwork[6] = 0;
            double p = rule.imageProbability(onlyNetwork);
            assertTrue(Double.isFinite(p) && p > 0 && p < 1, "p " + p);
            assertTrue(p >= previous, "monotone in the network's evidence");
            previous = p;
        }
        ObjectNode m = (ObjectNode) rule.verdict().provenance().path("metrics");
        assertTrue(m.path("held_out_ece").asDouble() < 0.06, "calibrated on held-out data: " + m);
        assertTrue(m.path("held_out_false_alarm_rate").asDouble() <= 0.05, m.toString());
        assertTrue(m.path("held_out_false_alarm_rate").asDouble() >= 0.04, "not needlessly strict: " + m);
        assertTrue(m.path("held_out_auc").asDouble() > 0.85, m.toString());
        // the threshold lets exactly floor(5 % x 200) = 10 held-out authentic images through
        long above = heldOut.stream().filter(r -> !r.tampered())
                .filter(r -> rule.imageProbability(r.features()) > rule.verdict().threshold()).count();
        assertEquals(10, above);
        // the verdict without fusion, fitted on the network's own features of the same rows: the signal is the
        // network's score, so it separates as well and keeps the stated rate
        NetworkVerdictRule alone = rule.networkVerdict();
        ObjectNode n = (ObjectNode) alone.verdict().provenance().path("metrics");
        assertTrue(alone.weights()[0] > 1.5 && alone.weights()[0] < 2.6, "slope " + alone.weights()[0]);
        assertTrue(n.path("held_out_auc").asDouble() > 0.85, n.toString());
        assertTrue(n.path("held_out_false_alarm_rate").asDouble() <= 0.05, n.toString());
        long aloneAbove = heldOut.stream().filter(r -> !r.tampered())
                .filter(r -> alone.probability(r.features()) > alone.verdict().threshold()).count();
        assertEquals(10, aloneAbove);
    }

    @Test
    void reliabilityTableAndEceByHand() {
        boolean[] edited = {true, false, true, true};
        double[] p = {0.05, 0.15, 0.95, 1.0};
        List<VerdictFitter.Bin> bins = VerdictFitter.reliability(edited, p, 10);
        assertEquals(10, bins.size());
        assertEquals(1, bins.get(0).count());
        assertEquals(1, bins.get(1).count());
        assertEquals(2, bins.get(9).count()); // 1.0 falls in the last, closed bin
        assertEquals(0.975, bins.get(9).meanPredicted(), 1e-12);
        assertEquals(1.0, bins.get(9).observed(), 1e-12);
        // ECE = 1/4 |0.05 - 1| + 1/4 |0.15 - 0| + 2/4 |0.975 - 1|
        assertEquals(0.25 * 0.95 + 0.25 * 0.15 + 0.5 * 0.025, VerdictFitter.expectedCalibrationError(bins), 1e-12);
    }

    @Test
    void ruleWithVerdictSurvivesTheFileAndOldFilesStillRead(@TempDir Path tmp) throws Exception {
        FusionRule rule = VerdictFitter.fit(pixelRule(), rows(3, 100), rows(4, 100), List.of("network_score_logit", "noise_top"),
                0.05, 2, 0.01, new ObjectMapper().createObjectNode());
        Path file = tmp.resolve("fusion.json");
        rule.write(file);
        FusionRule back = FusionRule.read(file);
        assertEquals(rule.imageFeatures(), back.imageFeatures());
        assertEquals(rule.verdict().threshold(), back.verdict().threshold(), 0);
        double[] x = rows(5, 1).get(0).features();
        assertEquals(rule.imageProbability(x), back.imageProbability(x), 1e-15);
        assertEquals(rule.networkVerdict().probability(x), back.networkVerdict().probability(x), 1e-15);
        assertEquals(rule.networkVerdict().verdict().threshold(), back.networkVerdict().verdict().threshold(), 0);
        // a rule written before verdicts: the three original image features, no verdict
        pixelRule().write(file);
        FusionRule old = FusionRule.read(file);
        assertEquals(FusionFeatureOps.IMAGE_FEATURES, old.imageFeatures());
        assertEquals(null, old.verdict());
        assertEquals(null, old.networkVerdict());
    }

    @Test
    void featureRowsRoundTripThroughCsv(@TempDir Path tmp) throws Exception {
        List<VerdictFitter.Row> rows = rows(6, 3);
        Path csv = tmp.resolve("f.csv");
        VerdictFitter.writeCsv(csv, rows);
        var back = VerdictFitter.readCsv(csv);
        assertEquals(3, back.size());
        assertArrayEquals(rows.get(2).features(), back.get(rows.get(2).id()).features(), 0);
        assertEquals(rows.get(1).tampered(), back.get(rows.get(1).id()).tampered());
    }
}
