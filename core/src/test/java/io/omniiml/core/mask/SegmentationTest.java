package io.omniiml.core.mask;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SegmentationTest {
    /** A 100x100 map: a 10x10 block at 0.8, a 6x6 block at 0.4, a 3x3 speck at 0.9. */
    static ProbabilityMap map() {
        float[] p = new float[100 * 100];
        fill(p, 10, 10, 10, 0.8f);
        fill(p, 50, 50, 6, 0.4f);
        fill(p, 80, 10, 3, 0.9f);
        return new ProbabilityMap(100, 100, p);
    }

    static void fill(float[] p, int x0, int y0, int side, float v) {
        for (int y = y0; y < y0 + side; y++) {
            for (int x = x0; x < x0 + side; x++) {
                p[y * 100 + x] = v;
            }
        }
    }

    @Test
    void oneThresholdOneSmallestRegion() {
        Segmentation low = Segmentation.of(map(), 0.3);
        assertEquals(16, low.minRegionPixels(), "10000 px: the 16 px floor");
        assertEquals(List.of(new Box(10, 10, 10, 10), new Box(50, 50, 6, 6)), low.boxes(), "the 9 px speck is no region");
        assertEquals(100 + 36 + 9, low.mask().count(), "the mask keeps every pixel above the threshold");
        assertEquals(0.8, low.regions().get(0).meanProbability(), 1e-6);
        Segmentation high = Segmentation.of(map(), 0.7);
        assertEquals(List.of(new Box(10, 10, 10, 10)), high.boxes());
        assertEquals(List.of(new Box(10, 10, 10, 10), new Box(50, 50, 6, 6), new Box(80, 10, 3, 3)),
                Segmentation.of(map(), 0.3, 5).boxes());
        assertEquals(MaskOps.boxes(low.mask(), 16), low.boxes(), "same order as MaskOps.boxes");
        assertEquals(36, low.regionMask(low.regions().get(1)).count());
    }

    @Test
    void smallestRegionRule() {
        assertEquals(16, Segmentation.minRegionPixels(100, 100));
        assertEquals(3000, Segmentation.minRegionPixels(4000, 3000), "12 MP: 1/4000");
        assertEquals(1, Segmentation.minRegionPixels(2, 2), "a quarter of a tiny image");
        assertEquals(7, Segmentation.minRegionPixels(4000, 3000, 7), "an explicit size wins");
    }
}
