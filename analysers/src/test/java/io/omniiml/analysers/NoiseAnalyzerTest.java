package io.omniiml.analysers;

import io.omniiml.analysers.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoiseAnalyzerTest {
    @Test
    void measuresTheNoiseSigmaThatWasAdded() {
        Random r = new Random(5);
        BufferedImage img = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                boolean inside = x >= 128 && x < 192 && y >= 64 && y < 128;
                double v = 60 + x * 0.4 + y * 0.2 + r.nextGaussian() * (inside ? 8 : 2);
                img.setRGB(x, y, TestImages.rgb(v, v, v));
            }
        }
        Evidence ev = new NoiseAnalyzer().analyze(TestImages.loadPng(img, "noise.png"));
        RegionStats rs = RegionStats.compare(ev, TestImages.rectMask(256, 256, 128, 64, 64, 64));
        // Known answers: sigma 2 outside, 8 inside (integer rounding adds ~0.29 in quadrature).
        assertEquals(2.0, rs.outside(), 0.4);
        assertEquals(8.0, rs.inside(), 1.2);
        assertTrue(rs.scoreInside() > 0.9 && rs.scoreOutside() < 0.1, rs.toString());
    }

    @Test
    void flatImageHasNoNoiseAndNoScore() {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Evidence ev = new NoiseAnalyzer().analyze(TestImages.loadPng(img, "flat.png"));
        assertEquals(0.0, (double) ev.stats().get("median_noise_sigma"));
        for (float f : ev.score().values()) {
            assertEquals(0f, f);
        }
    }
}
