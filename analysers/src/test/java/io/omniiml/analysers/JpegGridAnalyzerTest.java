package io.omniiml.analysers;

import io.omniiml.analysers.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JpegGridAnalyzerTest {
    @Test
    void aPatchFromAnotherJpegOnAShiftedGridStandsOut() {
        BufferedImage base = TestImages.copy(TestImages.jpegRoundTrip(TestImages.texture(320, 320, 21), 40));
        BufferedImage donor = TestImages.jpegRoundTrip(TestImages.texture(320, 320, 22), 40);
        // Pasted 3 px right and 5 px down of where it was: its blocking grid is off by (3, 5).
        TestImages.paste(donor, 96, 96, 128, 128, base, 99, 101);
        Evidence ev = new JpegGridAnalyzer().analyze(TestImages.loadPng(base, "grid.png"));
        RegionStats rs = RegionStats.compare(ev, TestImages.rectMask(320, 320, 99, 101, 128, 128));
        assertTrue(rs.scoreInside() > rs.scoreOutside() + 0.4, rs + " " + ev.stats());
        assertTrue((double) ev.stats().get("grid_strength") > 0.1, ev.stats().toString());
    }

    @Test
    void anUncompressedImageHasNoGrid() {
        Evidence ev = new JpegGridAnalyzer().analyze(TestImages.loadPng(TestImages.texture(128, 128, 3), "plain.png"));
        assertTrue(ev.findings().get(0).startsWith("no consistent 8x8"), ev.findings().toString());
    }

    @Test
    void phaseProfilePeaksOnTheBoundaryColumns() {
        float[] e = new float[16 * 4];
        for (int y = 0; y < 4; y++) {
            e[y * 16 + 7] = 5;
            e[y * 16 + 15] = 5;
        }
        double[] p = JpegGridAnalyzer.phaseProfile(e, 16, 0, 0, 16, 4, true);
        assertEquals(7, JpegGridAnalyzer.argMax(p));
        assertEquals(5.0, p[7], 1e-9);
    }
}
