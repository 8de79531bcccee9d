package io.omniiml.synth.image;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InpaintOpsTest {
    @Test
    void diffusionRecoversALinearRampWithoutAddingGrainOnANoiselessImage() {
        int w = 80;
        int h = 60;
        int[] img = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = 40 + 2 * x;
                img[y * w + x] = RasterOps.rgb(v, v, v);
            }
        }
        boolean[] hole = PoissonOpsTest.disc(w, h, 40, 30, 12);
        int[] out = InpaintOps.diffusion(img, hole, w, h, new SplittableRandom(1));
        for (int i = 0; i < out.length; i++) {
            assertEquals(img[i] & 255, out[i] & 255, 2.0, "pixel " + i);
        }
    }

    @Test
    void grainMatchesTheNoiseAroundTheHole() {
        int w = 96;
        int h = 96;
        SplittableRandom rnd = new SplittableRandom(3);
        int[] img = new int[w * h];
        for (int i = 0; i < img.length; i++) {
            int v = (int) Math.round(128 + 6 * rnd.nextGaussian());
            img[i] = RasterOps.rgb(v, v, v);
        }
        boolean[] hole = PoissonOpsTest.disc(w, h, 48, 48, 20);
        double level = InpaintOps.noiseAround(img, hole, w, h);
        assertTrue(level > 3 && level < 10, "measured noise " + level + " for sigma 6");
    }

    @Test
    void exemplarCopiesTextureFromOutsideTheHole() {
        int w = 128;
        int h = 64;
        int[] img = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = (x % 6 < 3) ? 60 : 190; // vertical stripes
                img[y * w + x] = RasterOps.rgb(v, v, v);
            }
        }
        boolean[] hole = PoissonOpsTest.disc(w, h, 64, 32, 10);
        int[] offset = new int[2];
        int[] out = InpaintOps.exemplar(img, hole, w, h, new SplittableRandom(2), 64, offset);
        assertNotNull(out);
        int contrastInHole = Math.abs((out[32 * w + 64] & 255) - (out[32 * w + 67] & 255));
        assertTrue(contrastInHole > 60, "stripes continue in the fill: " + contrastInHole);
    }
}
