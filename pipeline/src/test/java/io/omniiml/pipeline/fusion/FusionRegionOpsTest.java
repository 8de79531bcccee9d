package io.omniiml.pipeline.fusion;

import io.omniiml.analysers.CopyMoveAnalyzer;
import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.ProbabilityMap;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FusionRegionOpsTest {
    private static final int W = 40;
    private static final int H = 20;

    /** Fills the box in a W x H array with v. */
    private static void fill(float[] a, Box b, float v) {
        for (int y = b.y(); y < b.y() + b.height(); y++) {
            for (int x = b.x(); x < b.x() + b.width(); x++) {
                a[y * W + x] = v;
            }
        }
    }

    @Test
    void attributesRegionsAndJudgesWhichCopyWasInserted() {
        Box source = new Box(2, 2, 6, 6);
        Box copy = new Box(20, 2, 6, 6);
        Box splice = new Box(30, 12, 5, 5);
        float[] net = new float[W * H];
        float[] cm = new float[W * H];
        fill(cm, source, 1);
        fill(cm, copy, 1);
        fill(net, source, 0.2f);
        fill(net, copy, 0.8f); // the network sees the copy as inserted
        fill(net, splice, 0.9f); // found by the network only
        float[] fused = new float[W * H];
        for (int i = 0; i < fused.length; i++) {
            fused[i] = Math.max(net[i], cm[i]);
        }
        ProbabilityMap network = new ProbabilityMap(W, H, net);
        ProbabilityMap copyMove = new ProbabilityMap(W, H, cm);
        CopyMoveAnalyzer.Clone clone = new CopyMoveAnalyzer.Clone(source, copy, null, 12, 0, 1, 18, 0, 36);
        List<FusionRegionOps.CloneView> clones = FusionRegionOps.clones(List.of(clone), network, copyMove);
        assertEquals("destination", clones.get(0).inserted());
        assertEquals(0.2, clones.get(0).networkSource(), 1e-6);
        assertEquals(0.8, clones.get(0).networkCopy(), 1e-6);

        Map<String, ProbabilityMap> maps = new LinkedHashMap<>();
        maps.put("network", network);
        maps.put("copymove", copyMove);
        ProbabilityMap fusedMap = new ProbabilityMap(W, H, fused);
        Mask mask = fusedMap.threshold(0.5);
        List<FusionRegionOps.Region> regions = FusionRegionOps.regions(mask, fusedMap, maps, 0.5, 4, clones);
        assertEquals(3, regions.size());
        FusionRegionOps.Region first = regions.get(0);
        FusionRegionOps.Region second = regions.get(1);
        FusionRegionOps.Region third = regions.get(2);
        // both clone sides have 36 pixels; the splice 25
        assertEquals(List.of("network"), third.sources());
        assertNull(third.side());
        FusionRegionOps.Region copyRegion = first.box().equals(copy) ? first : second;
        FusionRegionOps.Region sourceRegion = first.box().equals(copy) ? second : first;
        assertEquals(List.of("network", "copymove"), copyRegion.sources());
        assertEquals("destination", copyRegion.side());
        assertEquals(List.of("copymove"), sourceRegion.sources());
        assertEquals("source", sourceRegion.side());

        List<String> sentences = FusionRegionOps.sentences(regions, clones);
        String copySentence = sentences.get(regions.indexOf(copyRegion));
        assertTrue(copySentence.contains("duplicated from the region at (2, 2)"), copySentence);
        assertTrue(copySentence.contains("considers this copy the inserted one"), copySentence);
        String sourceSentence = sentences.get(regions.indexOf(sourceRegion));
        assertTrue(sourceSentence.contains("duplicated from the region at (20, 2)"), sourceSentence);
        assertTrue(sourceSentence.contains("considers the other copy the inserted one"), sourceSentence);
        var json = FusionRegionOps.json(FusionRule.maxRule(), regions, clones, sentences);
        assertEquals("destination", json.path("clones").get(0).path("inserted").asText());
        assertEquals(3, json.path("regions").size());
    }

    @Test
    void equalNetworkOnBothCopiesIsUndecided() {
        Box a = new Box(0, 0, 4, 4);
        Box b = new Box(10, 0, 4, 4);
        float[] net = new float[W * H];
        float[] cm = new float[W * H];
        fill(cm, a, 1);
        fill(cm, b, 1);
        fill(net, a, 0.5f);
        fill(net, b, 0.55f);
        var views = FusionRegionOps.clones(List.of(new CopyMoveAnalyzer.Clone(a, b, null, 8, 0, 1, 10, 0, 16)),
                new ProbabilityMap(W, H, net), new ProbabilityMap(W, H, cm));
        assertEquals("undecided", views.get(0).inserted());
    }
}
