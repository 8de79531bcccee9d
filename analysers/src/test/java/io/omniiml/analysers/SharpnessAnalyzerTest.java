package io.omniiml.analysers;

import io.omniiml.analysers.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

class SharpnessAnalyzerTest {
    @Test
    void aBlurredRegionIsLessSharp() {
        BufferedImage img = TestImages.texture(256, 256, 41);
        float[] k = new float[25];
        java.util.Arrays.fill(k, 1 / 25f);
        BufferedImage blurred = new ConvolveOp(new Kernel(5, 5, k), ConvolveOp.EDGE_NO_OP, null).filter(img, null);
        TestImages.paste(blurred, 64, 64, 96, 96, img, 64, 64);
        Evidence ev = new SharpnessAnalyzer().analyze(TestImages.loadPng(img, "blur.png"));
        RegionStats rs = RegionStats.compare(ev, TestImages.rectMask(256, 256, 64, 64, 96, 96));
        assertTrue(rs.ratio() < 0.7, rs.toString());
        assertTrue(rs.scoreInside() > 0.5 && rs.scoreOutside() < 0.2, rs.toString());
    }
}
