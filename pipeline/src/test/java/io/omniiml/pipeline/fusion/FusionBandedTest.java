package io.omniiml.pipeline.fusion;

import io.omniiml.analysers.Evidence;
import io.omniiml.analysers.Field;
import io.omniiml.analysers.PixelOps;
import io.omniiml.core.mask.ProbabilityMap;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 17: the row-by-row fusion (no full-size feature columns) gives the same map, bit for bit, as the rule over
 * {@link FusionFeatureOps#pixelColumns}; the allocation-free top-1 % mean equals the sorted reference.
 */
class FusionBandedTest {
    private static final int W = 61;
    private static final int H = 47;

    private static Map<String, Evidence> evidence(Random rnd) {
        Map<String, Evidence> out = new LinkedHashMap<>();
        for (String name : List.of("copymove", "ela", "noise")) {
            float[] v = new float[W * H];
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextInt(10) == 0 ? Float.NaN : rnd.nextFloat();
            }
            Map<String, Object> stats = new TreeMap<>();
            if (name.equals("copymove")) {
                Map<String, Object> clone = new LinkedHashMap<>();
                clone.put("source", List.of(3, 4, 20, 15));
                clone.put("destination", List.of(30, 25, 20, 15));
                for (String k : List.of("dx", "dy", "rotation_degrees", "scale", "match_density")) {
                    clone.put(k, 1.0);
                }
                clone.put("inliers", 12);
                clone.put("keypoint_inliers", 12);
                clone.put("dense_matches", 0);
                clone.put("pixels", 300L);
                clone.put("inserted", "undecided");
                stats.put("clones", new ArrayList<>(List.of(clone)));
            }
            ProbabilityMap m = new ProbabilityMap(W, H, v);
            out.put(name, new Evidence(name, name, m, new Field(W, H, v.clone()), PixelOps.heatmap(m), stats, List.of()));
        }
        return out;
    }

    private static ProbabilityMap network(Random rnd) {
        float[] p = new float[W * H];
        for (int i = 0; i < p.length; i++) {
            p[i] = rnd.nextFloat();
        }
        p[5] = 0;
        p[6] = 1;
        return new ProbabilityMap(W, H, p);
    }

    @Test
    void rowWiseFusionEqualsTheColumnRuleForEveryKind() throws Exception {
        Random rnd = new Random(7);
        ProbabilityMap net = network(rnd);
        Map<String, Evidence> ev = evidence(rnd);
        List<FusionRule> rules = new ArrayList<>(List.of(FusionRule.maxRule(),
                FusionRule.read(Path.of(System.getProperty("user.dir")).getParent().resolve("models/default/fusion.json")),
                FusionRule.logistic(new double[]{0.9, 1.5, 0.7, -0.4}, -0.3, new double[]{1, 1, 1}, 0,
                        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()),
                FusionRule.union(List.of("network", "copymove"), 10, new double[]{0.9, 1.5, 0.7, -0.4}, -0.3,
                        new double[]{1, 1, 1}, 0, new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode())));
        for (FusionRule rule : rules) {
            float[] columns = rule.fuse(net, FusionFeatureOps.pixelColumns(net, ev)).values();
            float[] rows = rule.fuse(net, ev).values();
            assertArrayEquals(columns, rows, rule.kind() + " " + rule.origin());
        }
    }

    @Test
    void reducedEvidenceIsReadNearestNeighbour() {
        Random rnd = new Random(11);
        ProbabilityMap net = network(rnd);
        Map<String, Evidence> ev = evidence(rnd);
        // the same maps at a reduced grid: the row-wise fusion reads them where the columns would sample them
        Map<String, Evidence> small = new LinkedHashMap<>();
        for (Map.Entry<String, Evidence> e : ev.entrySet()) {
            Evidence x = e.getValue();
            float[] v = PixelOps.resizeNearest(x.score().values(), W, H, 20, 16);
            ProbabilityMap m = new ProbabilityMap(20, 16, v);
            small.put(e.getKey(), new Evidence(x.analyzer(), x.quantity(), m, new Field(20, 16, v.clone()),
                    PixelOps.heatmap(m), x.stats(), List.of()));
        }
        FusionRule rule = FusionRule.union(List.of("network", "copymove"), 10, new double[]{0.9, 1.5, 0.7, -0.4}, -0.3,
                new double[]{1, 1, 1}, 0, new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
        assertArrayEquals(rule.fuse(net, FusionFeatureOps.pixelColumns(net, small)).values(), rule.fuse(net, small).values());
    }

    @Test
    void topMeanEqualsTheSortedReference() {
        Random rnd = new Random(3);
        for (int n : new int[]{1, 7, 99, 100, 101, 1000, 12345}) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                int k = rnd.nextInt(5);
                v[i] = k == 0 ? Float.NaN : k == 1 ? 0.5f : k == 2 ? 0f : rnd.nextFloat();
            }
            ProbabilityMap m = new ProbabilityMap(n, 1, v);
            assertEquals(reference(m), FusionFeatureOps.topMean(m), 0.0, "n=" + n);
        }
    }

    /** The former implementation: copy, NaN to 0, sort, mean of the top 1 %. */
    private static double reference(ProbabilityMap map) {
        float[] v = map.values().clone();
        for (int i = 0; i < v.length; i++) {
            if (Float.isNaN(v[i])) {
                v[i] = 0;
            }
        }
        Arrays.sort(v);
        int k = Math.max(1, (int) Math.round(v.length * FusionFeatureOps.TOP_SHARE));
        double sum = 0;
        for (int i = v.length - k; i < v.length; i++) {
            sum += v[i];
        }
        return Math.max(0, Math.min(1, sum / k));
    }
}
