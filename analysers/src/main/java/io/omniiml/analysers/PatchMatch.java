package io.omniiml.analysers;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Nearest-neighbour field inside one image (Barnes et al.'s PatchMatch as modified by Cozzolino, Poggi and
 * Verdoliva for copy-move): for every pixel p an offset d(p) such that the feature vector at p + d(p) is as close
 * as found to the one at p, with |d| >= {@code minShift} (a pixel trivially matches itself and its neighbours).
 * Random initialisation, then alternating forward/backward scans: propagation from the two causal neighbours,
 * zero order (their offset) and first order (their offset extrapolated linearly, which follows the smoothly
 * varying field of a rotated or scaled copy), and random search around the current offset with radii halving
 * from the image size to 1. The rows are split into {@link #BANDS} bands scanned in parallel, each with its own
 * seeded generator and propagating only inside itself, so the result does not depend on thread timing.
 */
final class PatchMatch {
    static final int BANDS = 2;

    private PatchMatch() {
    }

    /** The field: offsets dx, dy and the squared feature distance at each pixel. */
    record Field(int width, int height, int[] dx, int[] dy, float[] cost) {
    }

    static Field run(float[] features, int dims, int w, int h, int minShift, int iterations, long seed) {
        int n = w * h;
        Field field = new Field(w, h, new int[n], new int[n], new float[n]);
        // A shift longer than the image allows leaves nothing to match.
        int shift = Math.min(minShift, Math.max(w, h) / 2);
        Vectors vectors = new Vectors(features, dims);
        IntStream.range(0, BANDS).parallel().forEach(band ->
                runBand(vectors, field, shift, iterations, new SplittableRandom(seed + band),
                        band * h / BANDS, (band + 1) * h / BANDS));
        return field;
    }

    private static void runBand(Vectors vectors, Field f, int minShift, int iterations,
                                SplittableRandom random, int y0, int y1) {
        int w = f.width();
        int h = f.height();
        int[] dx = f.dx();
        int[] dy = f.dy();
        float[] cost = f.cost();
        long min2 = (long) minShift * minShift;
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int qx;
                int qy;
                do {
                    qx = random.nextInt(w);
                    qy = random.nextInt(h);
                } while (sq(qx - x) + sq(qy - y) < min2);
                dx[i] = qx - x;
                dy[i] = qy - y;
                cost[i] = vectors.distanceBelow(i, qy * w + qx, Float.POSITIVE_INFINITY);
            }
        }
        int maxRadius = Math.max(w, h);
        for (int it = 0; it < iterations; it++) {
            boolean forward = it % 2 == 0;
            int step = forward ? 1 : -1;
            int yStart = forward ? y0 : y1 - 1;
            int xStart = forward ? 0 : w - 1;
            for (int y = yStart; y >= y0 && y < y1; y += step) {
                for (int x = xStart; x >= 0 && x < w; x += step) {
                    int i = y * w + x;
                    int px = x - step;
                    if (px >= 0 && px < w) {
                        int j = i - step;
                        tryOffset(vectors, f, min2, x, y, dx[j], dy[j]);
                        int px2 = px - step;
                        if (px2 >= 0 && px2 < w) {
                            int k = j - step;
                            tryOffset(vectors, f, min2, x, y, 2 * dx[j] - dx[k], 2 * dy[j] - dy[k]);
                        }
                    }
                    int py = y - step;
                    if (py >= y0 && py < y1) {
                        int j = i - step * w;
                        tryOffset(vectors, f, min2, x, y, dx[j], dy[j]);
                        int py2 = py - step;
                        if (py2 >= y0 && py2 < y1) {
                            int k = j - step * w;
                            tryOffset(vectors, f, min2, x, y, 2 * dx[j] - dx[k], 2 * dy[j] - dy[k]);
                        }
                    }
                    for (int r = maxRadius; r >= 1; r /= 2) {
                        tryOffset(vectors, f, min2, x, y, dx[i] + random.nextInt(2 * r + 1) - r,
                                dy[i] + random.nextInt(2 * r + 1) - r);
                    }
                }
            }
        }
    }

    private static void tryOffset(Vectors vectors, Field f, long min2, int x, int y, int ox, int oy) {
        int w = f.width();
        int qx = x + ox;
        int qy = y + oy;
        if (qx < 0 || qy < 0 || qx >= w || qy >= f.height() || (long) ox * ox + (long) oy * oy < min2) {
            return;
        }
        int i = y * w + x;
        if (ox == f.dx()[i] && oy == f.dy()[i]) {
            return;
        }
        float c = vectors.distanceBelow(i, qy * w + qx, f.cost()[i]);
        if (c < f.cost()[i]) {
            f.cost()[i] = c;
            f.dx()[i] = ox;
            f.dy()[i] = oy;
        }
    }

    /**
     * The feature vectors, with their first component also kept apart: most candidates (about 60 % on the CVIP
     * photos) are rejected on it alone, and a 4-byte array per pixel stays in the cache where the whole vectors
     * (12 times larger) do not, so the rejection seldom waits for memory.
     */
    private static final class Vectors {
        final float[] all;
        final float[] leading;
        final int dims;

        Vectors(float[] all, int dims) {
            this.all = all;
            this.dims = dims;
            leading = new float[all.length / dims];
            for (int p = 0; p < leading.length; p++) {
                leading[p] = all[p * dims];
            }
        }

        /**
         * The squared distance between the vectors of pixels p and q when it is below {@code bound}, otherwise some
         * partial sum >= bound: the terms are not negative, so once the running sum reaches the bound the full
         * sum, added up in the same order, cannot fall below it.
         */
        float distanceBelow(int p, int q, float bound) {
            float d0 = leading[p] - leading[q];
            float s = d0 * d0;
            int a = p * dims;
            int b = q * dims;
            for (int k = 1; k < dims && s < bound; k++) {
                float d = all[a + k] - all[b + k];
                s += d * d;
            }
            return s;
        }
    }

    private static long sq(int v) {
        return (long) v * v;
    }
}
