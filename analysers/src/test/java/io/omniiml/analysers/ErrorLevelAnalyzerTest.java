package io.omniiml.analysers;

import io.omniiml.analysers.testing.TestImages;
import io.omniiml.core.mask.Mask;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorLevelAnalyzerTest {
    @Test
    void uncompressedPatchInACompressedPhotoHasAHigherErrorLevel() {
        // Background compressed at the ELA quality already: re-saving barely changes it; the fresh patch changes.
        BufferedImage base = TestImages.jpegRoundTrip(TestImages.texture(256, 256, 1), 90);
        BufferedImage fresh = TestImages.texture(256, 256, 2);
        TestImages.paste(fresh, 96, 96, 64, 64, base, 96, 96);
        Evidence ev = new ErrorLevelAnalyzer(90).analyze(TestImages.loadPng(base, "ela.png"));
        Mask region = TestImages.rectMask(256, 256, 96, 96, 64, 64);
        RegionStats rs = RegionStats.compare(ev, region);
        assertTrue(rs.inside() > rs.outside() + 1, "error level inside/outside " + rs);
        assertTrue(rs.scoreInside() > 0.5 && rs.scoreOutside() < 0.2, rs.toString());
        assertEquals(256, ev.score().width());
    }
}
