package io.omniiml.explain.evidence;

import io.omniiml.core.mask.Box;
import io.omniiml.explain.TestImages;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CopyMoveAnalyzerTest {
    @Test
    void findsTheCopiedPatchWithItsSourceAndShift() {
        BufferedImage img = TestImages.texture(320, 240, 31);
        TestImages.paste(img, 30, 40, 70, 60, img, 200, 150);
        Evidence ev = new CopyMoveAnalyzer().analyze(TestImages.loadPng(img, "clone.png"));
        List<CopyMoveAnalyzer.Clone> clones = CopyMoveAnalyzer.clones(ev);
        assertEquals(1, clones.size(), ev.findings().toString());
        CopyMoveAnalyzer.Clone c = clones.get(0);
        Box a = new Box(30, 40, 70, 60);
        Box b = new Box(200, 150, 70, 60);
        boolean forward = c.source().iou(a) > 0.5 && c.destination().iou(b) > 0.5;
        boolean backward = c.source().iou(b) > 0.5 && c.destination().iou(a) > 0.5;
        assertTrue(forward || backward, c.toString());
        assertEquals(170, Math.abs(c.dx()), 3);
        assertEquals(110, Math.abs(c.dy()), 3);
        assertEquals(0, c.rotationDegrees(), 2);
        RegionStats rs = RegionStats.compare(ev, TestImages.rectMask(320, 240, 200, 150, 70, 60));
        assertTrue(rs.scoreInside() > 0.7 && rs.scoreOutside() < 0.1, rs.toString());
    }

    @Test
    void findsARotatedCopy() {
        BufferedImage img = TestImages.texture(320, 320, 32);
        BufferedImage rotated = TestImages.copy(img);
        // Rotate a 64x64 patch by 90 degrees into another place: (x, y) -> (63 - y, x).
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                rotated.setRGB(200 + 63 - y, 200 + x, img.getRGB(40 + x, 50 + y));
            }
        }
        Evidence ev = new CopyMoveAnalyzer().analyze(TestImages.loadPng(rotated, "rot.png"));
        List<CopyMoveAnalyzer.Clone> clones = CopyMoveAnalyzer.clones(ev);
        assertTrue(!clones.isEmpty(), ev.findings().toString());
        assertEquals(90, Math.abs(clones.get(0).rotationDegrees()), 3);
    }

    @Test
    void anUntouchedImageHasNoCloneAndRunsAreIdentical() {
        BufferedImage img = TestImages.texture(256, 256, 33);
        Evidence a = new CopyMoveAnalyzer().analyze(TestImages.loadPng(img, "plain.png"));
        Evidence b = new CopyMoveAnalyzer().analyze(TestImages.loadPng(img, "plain.png"));
        assertTrue(CopyMoveAnalyzer.clones(a).isEmpty(), a.findings().toString());
        assertEquals(a.stats(), b.stats());
    }
}
