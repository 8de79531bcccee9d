package io.omniiml.analysers;

import io.omniiml.analysers.testing.TestImages;
import io.omniiml.core.mask.Box;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void siftKeypointsFindARotatedAndScaledCopyWithItsTransform() {
        BufferedImage img = gravel(420, 420, 32);
        BufferedImage out = TestImages.copy(img);
        // The disc of radius 55 around (90, 100) turned by 30 degrees and enlarged 1.25 times around (300, 300):
        // q = c2 + s R (p - c1), written by sampling the inverse map bilinearly.
        double s = 1.25;
        double th = Math.toRadians(30);
        for (int y = 0; y < 420; y++) {
            for (int x = 0; x < 420; x++) {
                double u = x - 300;
                double v = y - 300;
                if (u * u + v * v > (55 * s) * (55 * s)) {
                    continue;
                }
                double px = 90 + (Math.cos(th) * u + Math.sin(th) * v) / s;
                double py = 100 + (-Math.sin(th) * u + Math.cos(th) * v) / s;
                out.setRGB(x, y, bilinear(img, px, py));
            }
        }
        Evidence ev = CopyMoveAnalyzer.builder().optDenseMaxSide(0).build().analyze(TestImages.loadPng(out, "rot.png"));
        List<CopyMoveAnalyzer.Clone> clones = CopyMoveAnalyzer.clones(ev);
        assertFalse(clones.isEmpty(), ev.findings().toString());
        CopyMoveAnalyzer.Clone c = clones.get(0);
        boolean forward = c.scale() > 1;
        // From the original to the copy: +30 deg, x1.25; the other way round: -30 deg, x0.8.
        assertEquals(forward ? 30 : -30, c.rotationDegrees(), 3, c.toString());
        assertEquals(forward ? s : 1 / s, c.scale(), 0.05, c.toString());
        Box original = new Box(35, 45, 110, 110);
        Box copy = new Box(231, 231, 138, 138);
        assertTrue((forward ? c.source() : c.destination()).iou(original) > 0.4, c.toString());
        assertTrue((forward ? c.destination() : c.source()).iou(copy) > 0.4, c.toString());
    }

    /** A smooth texture strewn with small blobs of random size and tone (gravel): keypoints everywhere, none repeated. */
    private static BufferedImage gravel(int w, int h, long seed) {
        BufferedImage img = TestImages.texture(w, h, seed);
        java.util.Random r = new java.util.Random(seed * 31 + 7);
        java.awt.Graphics2D g = img.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        for (int i = 0; i < w * h / 150; i++) {
            double d = 3 + r.nextDouble() * 9;
            int tone = r.nextInt(256);
            g.setColor(new java.awt.Color(tone, Math.min(255, tone / 2 + r.nextInt(128)), r.nextInt(256)));
            g.fill(new java.awt.geom.Ellipse2D.Double(r.nextDouble() * w, r.nextDouble() * h, d, d * (0.6 + 0.8 * r.nextDouble())));
        }
        g.dispose();
        return img;
    }

    private static int bilinear(BufferedImage img, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double tx = x - x0;
        double ty = y - y0;
        int out = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            double v = 0;
            for (int dy = 0; dy <= 1; dy++) {
                for (int dx = 0; dx <= 1; dx++) {
                    int px = Math.max(0, Math.min(img.getWidth() - 1, x0 + dx));
                    int py = Math.max(0, Math.min(img.getHeight() - 1, y0 + dy));
                    v += ((img.getRGB(px, py) >> shift) & 255) * (dx == 0 ? 1 - tx : tx) * (dy == 0 ? 1 - ty : ty);
                }
            }
            out |= TestImages.clamp(v) << shift;
        }
        return out;
    }
}
