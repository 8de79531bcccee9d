package io.omniiml.synth.image;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoissonOpsTest {
    static boolean[] disc(int w, int h, int cx, int cy, int r) {
        boolean[] in = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                in[y * w + x] = Math.hypot(x - cx, y - cy) < r;
            }
        }
        return in;
    }

    @Test
    void flatSourceTakesTheTargetsColourAndKeepsTheOutside() {
        int w = 64;
        int h = 64;
        int[] target = new int[w * h];
        int[] source = new int[w * h];
        for (int i = 0; i < w * h; i++) {
            target[i] = RasterOps.rgb(200, 170, 150);
            source[i] = RasterOps.rgb(20, 60, 90);
        }
        boolean[] in = disc(w, h, 32, 32, 14);
        int[] out = PoissonOps.seamless(target, source, in, w, h, 200);
        for (int i = 0; i < out.length; i++) {
            assertEquals(target[i], out[i], "pixel " + i);
        }
    }

    @Test
    void sourceDetailIsKeptOnTopOfTheTargetsLevel() {
        int w = 64;
        int h = 64;
        int[] target = new int[w * h];
        int[] source = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                target[y * w + x] = RasterOps.rgb(120, 120, 120);
                int v = 40 + ((x / 4 + y / 4) % 2) * 30; // checkerboard detail, 30 levels of contrast
                source[y * w + x] = RasterOps.rgb(v, v, v);
            }
        }
        boolean[] in = disc(w, h, 32, 32, 16);
        int[] out = PoissonOps.seamless(target, source, in, w, h, 400);
        // Neighbouring centre pixels across a checker edge keep the source's 30-level step.
        int a = out[32 * w + 31] & 255;
        int b = out[32 * w + 32] & 255;
        assertEquals(30, Math.abs(a - b), 3);
        double mean = 0;
        int n = 0;
        for (int i = 0; i < out.length; i++) {
            if (in[i]) {
                mean += out[i] & 255;
                n++;
            }
        }
        assertTrue(Math.abs(mean / n - 120) < 12, "level follows the target: " + mean / n);
    }
}
