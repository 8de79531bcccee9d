package io.omniiml.core.metrics;

import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.ProbabilityMap;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class PixelMetricOpsTest {
    @Test
    void handComputedConfusionWithStrictThreshold() {
        Mask gt = new Mask(6, 1, new byte[]{1, 1, 1, 0, 0, 0});
        ProbabilityMap p = new ProbabilityMap(6, 1, new float[]{0.9f, 0.5f, 0.7f, 0.6f, 0.1f, 0.5f});
        Confusion c = PixelMetricOps.confusion(gt, p, 0.5, null);
        assertEquals(new Confusion(2, 1, 1, 2), c); // 0.5 is not > 0.5
        assertEquals(2.0 / 3, c.precision(), 1e-12);
        assertEquals(2.0 / 3, c.recall(), 1e-12);
        assertEquals(4.0 / 6, c.f1(), 1e-12);
        assertEquals(2.0 / 4, c.iou(), 1e-12);
        // Positives' scores {0.9, 0.5, 0.7} vs negatives' {0.6, 0.1, 0.5}: wins 3+1+0.5 (tie)+2+... counted by hand:
        // 0.9 beats all 3; 0.7 beats 3; 0.5 beats 0.1, ties 0.5 -> 1.5. AUC = 7.5 / 9.
        assertEquals(7.5 / 9, PixelMetricOps.rank(gt, p, null).auc(), 1e-12);
    }

    @Test
    void aucAndBestF1MatchBruteForceOnRandomCases() {
        Random r = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + r.nextInt(40);
            byte[] g = new byte[n];
            float[] s = new float[n];
            for (int i = 0; i < n; i++) {
                g[i] = (byte) (r.nextBoolean() ? 1 : 0);
                s[i] = r.nextInt(6) / 5f; // few levels: many ties
            }
            Mask gt = new Mask(n, 1, g);
            ProbabilityMap p = new ProbabilityMap(n, 1, s);
            PixelMetricOps.Ranking rank = PixelMetricOps.rank(gt, p, null);
            double wins = 0;
            long pairs = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (g[i] == 1 && g[j] == 0) {
                        pairs++;
                        wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    }
                }
            }
            if (pairs == 0) {
                assertTrue(Double.isNaN(rank.auc()));
            } else {
                assertEquals(wins / pairs, rank.auc(), 1e-12);
            }
            double best = 0;
            double bestInv = 0;
            for (float t : new float[]{-1f, 0f, 0.1f, 0.3f, 0.5f, 0.7f, 0.9f, 1f}) {
                best = Math.max(best, PixelMetricOps.confusion(gt, p, t, null).f1());
                float[] inv = new float[n];
                for (int i = 0; i < n; i++) {
                    inv[i] = 1 - s[i];
                }
                bestInv = Math.max(bestInv, PixelMetricOps.confusion(gt, new ProbabilityMap(n, 1, inv), t - 1e-4, null).f1());
            }
            assertEquals(best, rank.bestF1(), 1e-12);
            assertEquals(bestInv, rank.bestF1Inverted(), 1e-12);
        }
    }

    @Test
    void f1AndIouIdentity() {
        Random r = new Random(5);
        for (int i = 0; i < 100; i++) {
            Confusion c = new Confusion(r.nextInt(50), r.nextInt(50), r.nextInt(50), r.nextInt(50));
            if (c.tp() + c.fp() + c.fn() == 0) {
                continue;
            }
            assertEquals(c.f1() / (2 - c.f1()), c.iou(), 1e-12); // IoU = F1 / (2 - F1)
            if (c.precision() + c.recall() > 0) {
                assertEquals(2 * c.precision() * c.recall() / (c.precision() + c.recall()), c.f1(), 1e-12);
            }
        }
    }

    @Test
    void degenerateCases() {
        Mask allZero = Mask.empty(4, 1);
        ProbabilityMap equal = new ProbabilityMap(4, 1, new float[]{0.7f, 0.7f, 0.7f, 0.7f});
        PixelMetricOps.Ranking r = PixelMetricOps.rank(allZero, equal, null);
        assertTrue(Double.isNaN(r.auc()));
        assertEquals(0, r.bestF1());
        assertEquals(0, PixelMetricOps.confusion(allZero, equal, 0.5, null).f1());
        Mask half = new Mask(4, 1, new byte[]{1, 1, 0, 0});
        assertEquals(0.5, PixelMetricOps.rank(half, equal, null).auc(), 1e-12); // all tied
        assertEquals(2.0 / 3, PixelMetricOps.rank(half, equal, null).bestF1(), 1e-12); // predict all: 2*2/(2*2+2)
    }

    @Test
    void truForIgnoresBoundaryAndTakesMaxOverInversion() {
        byte[] g = new byte[40 * 40];
        for (int y = 0; y < 40; y++) {
            for (int x = 20; x < 40; x++) {
                g[y * 40 + x] = 1;
            }
        }
        Mask gt = new Mask(40, 40, g);
        Mask care = PixelMetricOps.truForCare(gt);
        // Square kernels: erode 15 keeps x >= 27, dilate 11 reaches x >= 15; so x in 15..26 is ignored.
        assertEquals(0, care.data()[5 * 40 + 20]);
        assertEquals(0, care.data()[5 * 40 + 26]);
        assertEquals(1, care.data()[5 * 40 + 27]);
        assertEquals(1, care.data()[5 * 40 + 14]);
        assertEquals(0, care.data()[5 * 40 + 15]);
        // A prediction wrong only on the boundary scores 1 under TruFor's care mask.
        float[] shifted = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            shifted[i] = (i % 40) >= 24 ? 1f : 0f;
        }
        ProbabilityMap p = new ProbabilityMap(40, 40, shifted);
        assertEquals(1.0, PixelMetricOps.confusion(gt, p, 0.5, care).f1(), 1e-12);
        assertTrue(PixelMetricOps.confusion(gt, p, 0.5, null).f1() < 1);
    }
}
