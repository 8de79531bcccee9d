package io.omniiml.analysers;

import io.omniiml.analysers.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColourAnalyzerTest {
    @Test
    void aTintedRegionHasAnUnusualColourBalance() {
        BufferedImage img = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                boolean inside = x >= 32 && x < 64 && y >= 32 && y < 64;
                img.setRGB(x, y, inside ? TestImages.rgb(180, 100, 80) : TestImages.rgb(120, 120, 120));
            }
        }
        Evidence ev = new ColourAnalyzer().analyze(TestImages.loadPng(img, "tint.png"));
        RegionStats rs = RegionStats.compare(ev, TestImages.rectMask(128, 128, 32, 32, 32, 32));
        assertTrue(rs.scoreInside() > 0.9 && rs.scoreOutside() < 0.05, rs.toString());
        // Brightness is the BT.601 luma of the two colours.
        assertEquals(0.299 * 180 + 0.587 * 100 + 0.114 * 80, rs.inside(), 0.5);
        assertEquals(120, rs.outside(), 0.5);
    }
}
