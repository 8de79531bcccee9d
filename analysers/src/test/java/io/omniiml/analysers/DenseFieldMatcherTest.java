package io.omniiml.analysers;

import io.omniiml.analysers.testing.TestImages;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DenseFieldMatcherTest {
    @Test
    void patchMatchFindsTheKnownOffsetFieldOfACopy() {
        int w = 200;
        int h = 150;
        float[] g = noise(w, h, 5);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                g[(80 + y) * w + 120 + x] = g[(20 + y) * w + 20 + x];
            }
        }
        int radius = 4;
        PatchMatch.Field f = PatchMatch.run(ZernikeFeatures.compute(g, w, h, radius), ZernikeFeatures.COUNT, w, h, 8, 8, 1);
        int copyRight = 0;
        int sourceRight = 0;
        int interior = 0;
        // Inside both copies, at least the feature radius from their border, the disk is an exact copy.
        for (int y = radius; y < 40 - radius; y++) {
            for (int x = radius; x < 40 - radius; x++) {
                int copy = (80 + y) * w + 120 + x;
                int source = (20 + y) * w + 20 + x;
                copyRight += f.dx()[copy] == -100 && f.dy()[copy] == -60 ? 1 : 0;
                sourceRight += f.dx()[source] == 100 && f.dy()[source] == 60 ? 1 : 0;
                interior++;
            }
        }
        assertTrue(copyRight > 0.95 * interior, copyRight + " of " + interior);
        assertTrue(sourceRight > 0.95 * interior, sourceRight + " of " + interior);
    }

    @Test
    void zernikeMagnitudesAreRotationInvariant() {
        int w = 41;
        float[] g = noise(w, w, 6);
        float[] turned = new float[w * w];
        for (int y = 0; y < w; y++) {
            for (int x = 0; x < w; x++) {
                turned[x * w + (w - 1 - y)] = g[y * w + x];  // 90 degrees: exact on the pixel grid
            }
        }
        float[] a = ZernikeFeatures.compute(g, w, w, 6);
        float[] b = ZernikeFeatures.compute(turned, w, w, 6);
        int centre = (20 * w + 20) * ZernikeFeatures.COUNT;
        for (int k = 0; k < ZernikeFeatures.COUNT; k++) {
            assertEquals(a[centre + k], b[centre + k], 1e-3 * (1 + Math.abs(a[centre + k])), "moment " + k);
        }
    }

    @Test
    @Disabled("fails today (issue 16, open): a 30-degree rotated disk in a smooth noisy gradient is not found; "
            + "propagation with integer offsets does not lock onto a rotated field")
    void aRotatedCloneInASmoothRegionIsFoundDensely() {
        int w = 320;
        int h = 240;
        BufferedImage img = smoothNoise(w, h, 7);
        BufferedImage forged = TestImages.copy(img);
        double angle = Math.toRadians(30);
        int r = 36;
        int sx = 80;
        int sy = 80;
        int tx = 230;
        int ty = 150;
        byte[] truth = new byte[w * h];
        for (int y = -r; y <= r; y++) {
            for (int x = -r; x <= r; x++) {
                if (x * x + y * y > r * r) {
                    continue;
                }
                // Target pixel (tx + x, ty + y) takes the source pixel rotated back by the angle (nearest).
                int px = sx + (int) Math.round(Math.cos(angle) * x + Math.sin(angle) * y);
                int py = sy + (int) Math.round(-Math.sin(angle) * x + Math.cos(angle) * y);
                forged.setRGB(tx + x, ty + y, img.getRGB(px, py));
                truth[(ty + y) * w + tx + x] = 1;
                truth[(sy + y) * w + sx + x] = 1;
            }
        }
        Evidence ev = CopyMoveAnalyzer.builder().optKeypoints(false).build().analyze(TestImages.loadPng(forged, "rot.png"));
        List<CopyMoveAnalyzer.Clone> clones = CopyMoveAnalyzer.clones(ev);
        assertEquals(1, clones.size(), ev.findings().toString());
        assertEquals(30, Math.abs(clones.get(0).rotationDegrees()), 4, clones.get(0).toString());
        assertTrue(clones.get(0).denseMatches() > 0);
        double iou = iou(ev.score().values(), truth);
        assertTrue(iou > 0.7, "IoU " + iou);
    }

    @Test
    @Disabled("fails today (issue 16, open): identical rendered words give exact dense matches (about 30 false "
            + "clones on this page); the dense matcher needs a bar against repeated small content")
    void repeatedIdenticalWordsOnAPageAreNoClone() {
        BufferedImage page = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = page.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 640, 480);
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        for (int line = 0; line < 20; line++) {
            g.drawString(line % 2 == 0 ? "Item total  10.00   Item total  10.00" : "Tax  0.00   Tax  0.00   Tax  0.00", 20, 30 + 22 * line);
        }
        g.dispose();
        Evidence ev = new CopyMoveAnalyzer().analyze(TestImages.loadPng(page, "page.png"));
        assertTrue(CopyMoveAnalyzer.clones(ev).isEmpty(), ev.findings().toString());
    }

    /**
     * A textured disk pasted by a whole-pixel shift onto a flat, slightly noisy background: the closing and the
     * regrowth take in background around both copies; the grey-level verification cuts the region back to the
     * pixels the shifted copy repeats.
     */
    @Test
    void aWholePixelCopyIsCutToTheGreyLevelsItRepeats() {
        int w = 240;
        int h = 180;
        Random random = new Random(11);
        float[] g = new float[w * h];
        for (int i = 0; i < g.length; i++) {
            g[i] = 120 + 3 * (float) random.nextGaussian();
        }
        byte[] truth = copyDisk(g, w, 18, 18, random);
        double[] verified = maskScores(g, w, h, truth, 2);
        double[] unverified = maskScores(g, w, h, truth, 0);
        assertTrue(verified[0] > 0.9, "precision " + verified[0]);
        assertTrue(verified[0] > unverified[0] + 0.1, "precision " + verified[0] + " against " + unverified[0]);
        assertTrue(verified[1] > 0.95, "recall " + verified[1]);
    }

    /**
     * A textured disk copied by a whole-pixel shift with a wide margin of its flat surroundings (a lasso's strip
     * of sky): no feature disk matches in the flat margin, the growth into pixels that repeat takes it back, and
     * it stops at the copy's border because the surroundings of the two copies differ.
     */
    @Test
    void aFlatMarginCopiedWithTheObjectIsTakenBack() {
        int w = 240;
        int h = 180;
        Random random = new Random(21);
        float[] g = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                g[y * w + x] = 60 + 0.5f * x + 0.2f * y + 0.7f * (float) random.nextGaussian();
            }
        }
        byte[] truth = copyDisk(g, w, 26, 16, random);
        double[] verified = maskScores(g, w, h, truth, 2);
        double[] unverified = maskScores(g, w, h, truth, 0);
        // The margin is 10 px wide, the growth reaches 6 px (the feature radius) beyond what matched.
        assertTrue(verified[1] > 0.85, "recall " + verified[1]);
        assertTrue(verified[0] > 0.95, "precision " + verified[0]);
        assertTrue(verified[1] > unverified[1] + 0.1, "recall " + verified[1] + " against " + unverified[1]);
    }

    /**
     * Textures the disk of radius {@code textured} around (60, 60) and copies the disk of radius {@code r} (its
     * surroundings included) to (170, 130), a whole-pixel shift; returns the mask of both copies.
     */
    private static byte[] copyDisk(float[] g, int w, int r, int textured, Random random) {
        byte[] truth = new byte[g.length];
        for (int y = -r; y <= r; y++) {
            for (int x = -r; x <= r; x++) {
                if (x * x + y * y <= r * r) {
                    int source = (60 + y) * w + 60 + x;
                    if (x * x + y * y <= textured * textured) {
                        g[source] = 120 + 30 * (float) random.nextGaussian();
                    }
                    g[(130 + y) * w + 170 + x] = g[source];
                    truth[source] = 1;
                    truth[(130 + y) * w + 170 + x] = 1;
                }
            }
        }
        return truth;
    }

    /** Precision and recall of the dense regions (both copies) against the truth; asserts one exact shift. */
    private static double[] maskScores(float[] g, int w, int h, byte[] truth, double maxDifference) {
        List<DenseFieldMatcher.Region> regions = DenseFieldMatcher.detect(g, w, h,
                new DenseFieldMatcher.Settings(6, 8, 8, 4, 2, 2, 200, maxDifference, 0.75));
        assertEquals(1, regions.size());
        double[] t = regions.get(0).transform();
        assertEquals(110, Math.abs(t[2]), 1e-9);
        assertEquals(70, Math.abs(t[5]), 1e-9);
        long tp = 0;
        long predicted = 0;
        long positive = 0;
        for (int i = 0; i < truth.length; i++) {
            boolean p = regions.get(0).source()[i] != 0 || regions.get(0).copy()[i] != 0;
            tp += p && truth[i] != 0 ? 1 : 0;
            predicted += p ? 1 : 0;
            positive += truth[i];
        }
        return new double[]{tp / (double) predicted, tp / (double) positive};
    }

    /**
     * An offset field that is linear in every 9x9 window (it passes the dense fitting) but bends over the region,
     * as chance matches along a repeated texture do: no single affine map explains it, so it is no copy.
     */
    @Test
    void aFieldThatIsOnlyLocallyLinearIsNoCopy() {
        int w = 400;
        int h = 150;
        float[] g = noise(w, h, 12);
        int n = w * h;
        int[] dx = new int[n];
        int[] dy = new int[n];
        Random random = new Random(13);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (x < 150 && y < 100) {
                    dx[i] = (int) Math.round(20 + (x - 75) * (x - 75) / 40.0);
                    dy[i] = 40;
                } else {
                    // Chance matches elsewhere: scattered offsets that fit no plane.
                    dx[i] = random.nextInt(w) - x;
                    dy[i] = random.nextInt(h) - y;
                }
            }
        }
        PatchMatch.Field field = new PatchMatch.Field(w, h, dx, dy, new float[n]);
        assertEquals(1, DenseFieldMatcher.regions(g, w, h, field, new DenseFieldMatcher.Settings(6, 8, 8, 4, 2, 2, 200, 2, 0)).size(),
                "without the agreement bar the bent field is a region");
        assertTrue(DenseFieldMatcher.regions(g, w, h, field, new DenseFieldMatcher.Settings(6, 8, 8, 4, 2, 2, 200, 2, 0.75)).isEmpty());
    }

    private static double iou(float[] score, byte[] truth) {
        long inter = 0;
        long union = 0;
        for (int i = 0; i < truth.length; i++) {
            boolean p = score[i] > 0.5f;
            boolean t = truth[i] != 0;
            inter += p && t ? 1 : 0;
            union += p || t ? 1 : 0;
        }
        return inter / (double) union;
    }

    private static float[] noise(int w, int h, long seed) {
        Random random = new Random(seed);
        float[] g = new float[w * h];
        for (int i = 0; i < g.length; i++) {
            g[i] = 128 + 40 * (float) random.nextGaussian();
        }
        return g;
    }

    /** A smooth grey gradient (no corners) with sensor-like noise of sigma 3: sky, wall, paper. */
    private static BufferedImage smoothNoise(int w, int h, long seed) {
        Random random = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = TestImages.clamp(110 + 60.0 * y / h + 20 * Math.sin(x / 70.0) + 3 * random.nextGaussian());
                img.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        return img;
    }
}
