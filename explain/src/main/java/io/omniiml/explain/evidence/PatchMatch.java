package io.omniiml.explain.evidence;

import java.util.SplittableRandom;

/**
 * Nearest-neighbour field inside one image (Barnes et al.'s PatchMatch as modified by Cozzolino, Poggi and
 * Verdoliva for copy-move): for every pixel p an offset d(p) such that the feature vector at p + d(p) is as close
 * as found to the one at p, with |d| >= {@code minShift} (a pixel trivially matches itself and its neighbours).
 * Random initialisation (fixed seed: deterministic), then alternating forward/backward scans: propagation from the
 * two causal neighbours, zero order (their offset) and first order (their offset extrapolated linearly, which
 * follows the smoothly varying field of a rotated or scaled copy), and random search around the current offset
 * with radii halving from the image size to 1.
 */
final class PatchMatch {
    private PatchMatch() {
    }

    /** The field: offsets dx, dy and the squared feature distance at each pixel. */
    record Field(int width, int height, int[] dx, int[] dy, float[] cost) {
    }

    static Field run(float[] features, int dims, int w, int h, int minShift, int iterations, long seed) {
        int n = w * h;
        int[] dx = new int[n];
        int[] dy = new int[n];
        float[] cost = new float[n];
        SplittableRandom random = new SplittableRandom(seed);
        long min2 = (long) minShift * minShift;
        for (int y = 0; y < h; y++) {
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
                cost[i] = distance(features, dims, i, qy * w + qx);
            }
        }
        int maxRadius = Math.max(w, h);
        for (int it = 0; it < iterations; it++) {
            boolean forward = it % 2 == 0;
            int step = forward ? 1 : -1;
            int yStart = forward ? 0 : h - 1;
            int xStart = forward ? 0 : w - 1;
            for (int y = yStart; y >= 0 && y < h; y += step) {
                for (int x = xStart; x >= 0 && x < w; x += step) {
                    int i = y * w + x;
                    int px = x - step;
                    if (px >= 0 && px < w) {
                        int j = i - step;
                        tryOffset(features, dims, w, h, min2, x, y, dx[j], dy[j], dx, dy, cost);
                        int qx2 = px - step;
                        if (qx2 >= 0 && qx2 < w) {
                            int k = j - step;
                            tryOffset(features, dims, w, h, min2, x, y, 2 * dx[j] - dx[k], 2 * dy[j] - dy[k], dx, dy, cost);
                        }
                    }
                    int py = y - step;
                    if (py >= 0 && py < h) {
                        int j = i - step * w;
                        tryOffset(features, dims, w, h, min2, x, y, dx[j], dy[j], dx, dy, cost);
                        int qy2 = py - step;
                        if (qy2 >= 0 && qy2 < h) {
                            int k = j - step * w;
                            tryOffset(features, dims, w, h, min2, x, y, 2 * dx[j] - dx[k], 2 * dy[j] - dy[k], dx, dy, cost);
                        }
                    }
                    for (int r = maxRadius; r >= 1; r /= 2) {
                        tryOffset(features, dims, w, h, min2, x, y, dx[i] + random.nextInt(2 * r + 1) - r,
                                dy[i] + random.nextInt(2 * r + 1) - r, dx, dy, cost);
                    }
                }
            }
        }
        return new Field(w, h, dx, dy, cost);
    }

    private static void tryOffset(float[] f, int dims, int w, int h, long min2, int x, int y, int ox, int oy,
                                  int[] dx, int[] dy, float[] cost) {
        int qx = x + ox;
        int qy = y + oy;
        if (qx < 0 || qy < 0 || qx >= w || qy >= h || (long) ox * ox + (long) oy * oy < min2) {
            return;
        }
        int i = y * w + x;
        if (ox == dx[i] && oy == dy[i]) {
            return;
        }
        float c = distance(f, dims, i, qy * w + qx);
        if (c < cost[i]) {
            cost[i] = c;
            dx[i] = ox;
            dy[i] = oy;
        }
    }

    static float distance(float[] f, int dims, int p, int q) {
        int a = p * dims;
        int b = q * dims;
        float s = 0;
        for (int k = 0; k < dims; k++) {
            float d = f[a + k] - f[b + k];
            s += d * d;
        }
        return s;
    }

    private static long sq(int v) {
        return (long) v * v;
    }
}
