package io.omniiml.analysers;

import io.omniiml.core.image.OrientationOps;
import io.omniiml.core.image.PixelPlaneOps;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17: the reduced (working-grid, band-by-band) paths give what the whole-image paths give, sampled at the
 * grid: block maps, oriented JPEG block maps for all 8 EXIF orientations, the band-wise reduced luma.
 */
class WorkingGridTest {
    @Test
    void gridIsTheImageUpToTheBudgetAndBoundedAbove() {
        WorkingGrid small = WorkingGrid.of(1000, 800);
        assertEquals(1, small.factor());
        assertEquals(1000, small.width());
        WorkingGrid big = WorkingGrid.of(8165, 6124);
        assertTrue((long) big.width() * big.height() <= WorkingGrid.MAX_PIXELS);
        assertTrue(big.factor() > 1);
    }

    @Test
    void reducedBlocksAreTheFullMapSampled() {
        Random rnd = new Random(5);
        int w = 203;
        int h = 157;
        int cell = 16;
        int bw = (w + cell - 1) / cell;
        int bh = (h + cell - 1) / cell;
        float[] blocks = new float[bw * bh];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = rnd.nextFloat();
        }
        float[] full = PixelOps.upsampleBlocks(blocks, bw, bh, cell, w, h);
        assertArrayEquals(full, WorkingGrid.of(w, h).blocks(blocks, bw, bh, cell));
        WorkingGrid grid = WorkingGrid.of(w, h, 3000);
        assertTrue(grid.factor() > 1);
        assertArrayEquals(grid.sample(full), grid.blocks(blocks, bw, bh, cell));
    }

    @Test
    void orientedBlocksMatchTheOrientedFullMapForEveryOrientation() {
        Random rnd = new Random(9);
        int sw = 83;
        int sh = 61;
        int bw = (sw + 7) / 8;
        int bh = (sh + 7) / 8;
        float[] blocks = new float[bw * bh];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = rnd.nextFloat();
        }
        for (int o = 1; o <= 8; o++) {
            int w = o >= 5 ? sh : sw;
            int h = o >= 5 ? sw : sh;
            float[] full = OrientationOps.orient(PixelOps.upsampleBlocks(blocks, bw, bh, 8, sw, sh), sw, sh, o);
            assertArrayEquals(full, WorkingGrid.of(w, h).orientedBlocks(blocks, bw, bh, 8, sw, sh, o), "orientation " + o);
            WorkingGrid grid = WorkingGrid.of(w, h, 600);
            assertArrayEquals(grid.sample(full), grid.orientedBlocks(blocks, bw, bh, 8, sw, sh, o), "orientation " + o);
        }
    }

    @Test
    void bandWiseReducedLumaEqualsTheFullPlaneDownscaled() {
        Random rnd = new Random(1);
        BufferedImage img = new BufferedImage(101, 77, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 77; y++) {
            for (int x = 0; x < 101; x++) {
                img.setRGB(x, y, rnd.nextInt(1 << 24));
            }
        }
        for (int f : new int[]{1, 2, 3, 7}) {
            assertArrayEquals(PixelOps.downscale(PixelPlaneOps.luma(img), 101, 77, f), PixelOps.lumaDownscale(img, f), "factor " + f);
        }
    }

    @Test
    void streamedGradientMeanAndWindowsEqualTheFullPlane() {
        Random rnd = new Random(2);
        BufferedImage img = new BufferedImage(64, 50, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 50; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, rnd.nextInt(1 << 24));
            }
        }
        float[] g = SharpnessAnalyzer.gradientMagnitude(PixelPlaneOps.luma(img), 64, 50);
        double all = 0;
        for (float v : g) {
            all += v;
        }
        all /= g.length;
        io.omniiml.core.mask.Box win = new io.omniiml.core.mask.Box(5, 7, 20, 30);
        float[] out = new float[20 * 30];
        assertEquals(all, SharpnessAnalyzer.gradientMean(img, java.util.List.of(win), java.util.List.of(out)), 0.0);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 20; x++) {
                assertEquals(g[(y + 7) * 64 + x + 5], out[y * 20 + x], 0.0);
            }
        }
    }
}
