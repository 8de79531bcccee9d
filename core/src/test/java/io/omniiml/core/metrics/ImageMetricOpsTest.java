package io.omniiml.core.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ImageMetricOpsTest {
    @Test
    void pooledImageMetricsByHand() {
        boolean[] tampered = {true, true, true, false, false};
        double[] scores = {0.9, 0.6, 0.2, 0.5, 0.1};
        Confusion c = ImageMetricOps.confusion(tampered, scores, 0.5);
        assertEquals(new Confusion(2, 0, 1, 2), c); // 0.5 is authentic (strict >)
        assertEquals(0.8, c.accuracy(), 1e-12);
        assertEquals((2.0 / 3 + 1) / 2, ImageMetricOps.balancedAccuracy(c), 1e-12);
        assertEquals(0.8, c.f1(), 1e-12);
        // pairs (pos > neg): 0.9 > both, 0.6 > both, 0.2 > 0.1 only -> 5 of 6
        assertEquals(5.0 / 6, ImageMetricOps.auc(tampered, scores), 1e-12);
        assertTrue(Double.isNaN(ImageMetricOps.auc(new boolean[]{true, true}, new double[]{0.1, 0.2})));
        assertTrue(Double.isNaN(ImageMetricOps.balancedAccuracy(new Confusion(1, 0, 0, 0))));
    }
}
