package io.omniiml.analysers;

import io.omniiml.analysers.testing.TestImages;
import io.omniiml.core.image.LoadedImage;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JpegDoubleCompressionAnalyzerTest {
    private static final BufferedImage ORIGINAL = TestImages.texture(384, 384, 11);

    @Test
    void q60ThenQ90IsDoubleCompressedAndSingleQ90IsNot() {
        BufferedImage once = TestImages.jpegRoundTrip(ORIGINAL, 60);
        Evidence twice = new JpegDoubleCompressionAnalyzer().analyze(TestImages.loadJpeg(once, 90, "dq.jpg"));
        Evidence single = new JpegDoubleCompressionAnalyzer().analyze(TestImages.loadJpeg(ORIGINAL, 90, "sq.jpg"));
        assertEquals(Boolean.TRUE, twice.stats().get("double_compressed"), twice.findings().toString());
        assertEquals(Boolean.FALSE, single.stats().get("double_compressed"), single.findings().toString());
        assertEquals(90, twice.stats().get("quality_estimate"));
        assertEquals(90, single.stats().get("quality_estimate"));
    }

    @Test
    void aPatchPastedBeforeTheLastSaveLooksCompressedOnce() {
        BufferedImage once = TestImages.copy(TestImages.jpegRoundTrip(ORIGINAL, 60));
        BufferedImage other = TestImages.texture(384, 384, 12);
        TestImages.paste(other, 128, 128, 128, 128, once, 128, 128);
        LoadedImage img = TestImages.loadJpeg(once, 90, "splice.jpg");
        Evidence ev = new JpegDoubleCompressionAnalyzer().analyze(img);
        RegionStats rs = RegionStats.compare(ev, TestImages.rectMask(384, 384, 136, 136, 112, 112));
        assertEquals(Boolean.TRUE, ev.stats().get("double_compressed"));
        assertTrue(rs.scoreInside() > 0.6 && rs.scoreOutside() < 0.3, rs.toString());
    }

    @Test
    void notAJpegIsSaidSo() {
        Evidence ev = new JpegDoubleCompressionAnalyzer().analyze(TestImages.loadPng(ORIGINAL, "x.png"));
        assertFalse(ev.available());
        assertTrue(ev.findings().get(0).startsWith("not a JPEG (png)"), ev.findings().toString());
    }

    @Test
    void reachableBinsFollowTheRequantizationLattice() {
        // q1 = 10, q2 = 4: values u*10/4 rounded = 0, 3 (2.5 rounds half up), 5, 8 (7.5), 10
        boolean[] r = JpegDoubleCompressionAnalyzer.reachable(10, 4, 10);
        assertTrue(r[0] && r[3] && r[5] && r[8] && r[10]);
        assertFalse(r[1] || r[2] || r[4] || r[6] || r[7] || r[9]);
    }
}
