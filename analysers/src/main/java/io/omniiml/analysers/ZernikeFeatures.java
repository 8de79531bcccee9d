package io.omniiml.analysers;

import java.util.stream.IntStream;

/**
 * Per-pixel rotation-invariant features: the magnitudes |Z_nm| of the Zernike moments of orders n <= 5 (m >= 0,
 * n - m even: 12 moments) over the disk of radius {@code radius} around every pixel, as in Cozzolino, Poggi and
 * Verdoliva's dense-field copy-move detector. A rotation of the disk only changes the phase of Z_nm, so a rotated
 * copy has the same features. Computed as a direct correlation with the 24 real kernels (real and imaginary
 * parts) over the disk; borders are replicated.
 */
final class ZernikeFeatures {
    /** (n, m) pairs, order <= 5. */
    static final int[][] MOMENTS = {{0, 0}, {1, 1}, {2, 0}, {2, 2}, {3, 1}, {3, 3}, {4, 0}, {4, 2}, {4, 4},
            {5, 1}, {5, 3}, {5, 5}};
    static final int COUNT = MOMENTS.length;

    private ZernikeFeatures() {
    }

    /** Features of every pixel, pixel-major: out[(y * w + x) * COUNT + k]. */
    static float[] compute(float[] grey, int w, int h, int radius) {
        int[] tapDx = new int[(2 * radius + 1) * (2 * radius + 1)];
        int[] tapDy = new int[tapDx.length];
        // Per moment k and tap t: the real and imaginary kernel weights.
        float[][] real = new float[COUNT][tapDx.length];
        float[][] imaginary = new float[COUNT][tapDx.length];
        int taps = 0;
        double scale = radius + 0.5;
        for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
                double rho = Math.hypot(dx, dy) / scale;
                if (rho > 1) {
                    continue;
                }
                double theta = Math.atan2(dy, dx);
                for (int k = 0; k < COUNT; k++) {
                    int n = MOMENTS[k][0];
                    int m = MOMENTS[k][1];
                    double r = radial(n, m, rho);
                    real[k][taps] = (float) (r * Math.cos(m * theta));
                    imaginary[k][taps] = (float) (-r * Math.sin(m * theta));
                }
                tapDx[taps] = dx;
                tapDy[taps] = dy;
                taps++;
            }
        }
        float[] norm = new float[COUNT];
        for (int k = 0; k < COUNT; k++) {
            norm[k] = (float) ((MOMENTS[k][0] + 1) / (double) taps);
        }
        int pw = w + 2 * radius;
        float[] padded = pad(grey, w, h, radius);
        int[] tapOffset = new int[taps];
        for (int t = 0; t < taps; t++) {
            tapOffset[t] = tapDy[t] * pw + tapDx[t];
        }
        int n = taps;
        float[] out = new float[w * h * COUNT];
        // Rows are independent: the common pool plus the caller use the machine's cores. Within a row, each
        // moment is accumulated tap by tap over the whole row at once; every pixel's sums still take the taps in
        // the same order, so the features do not depend on this arrangement. The tap's shifted row is copied
        // first: C2 vectorises the accumulation only when all its arrays are indexed alike.
        IntStream.range(0, h).parallel().forEach(y -> {
            float[] shifted = new float[w];
            float[] re = new float[w];
            float[] im = new float[w];
            int rowStart = (y + radius) * pw + radius;
            for (int k = 0; k < COUNT; k++) {
                java.util.Arrays.fill(re, 0f);
                java.util.Arrays.fill(im, 0f);
                float[] realK = real[k];
                float[] imaginaryK = imaginary[k];
                for (int t = 0; t < n; t++) {
                    System.arraycopy(padded, rowStart + tapOffset[t], shifted, 0, w);
                    float a = realK[t];
                    float b = imaginaryK[t];
                    for (int x = 0; x < w; x++) {
                        re[x] += shifted[x] * a;
                    }
                    for (int x = 0; x < w; x++) {
                        im[x] += shifted[x] * b;
                    }
                }
                for (int x = 0; x < w; x++) {
                    out[(y * w + x) * COUNT + k] = norm[k] * (float) Math.sqrt(re[x] * re[x] + im[x] * im[x]);
                }
            }
        });
        return out;
    }

    /** Zernike radial polynomial R_nm(rho). */
    static double radial(int n, int m, double rho) {
        double sum = 0;
        for (int s = 0; s <= (n - m) / 2; s++) {
            double c = factorial(n - s) / (factorial(s) * factorial((n + m) / 2 - s) * factorial((n - m) / 2 - s));
            sum += (s % 2 == 0 ? c : -c) * Math.pow(rho, n - 2 * s);
        }
        return sum;
    }

    private static double factorial(int k) {
        double f = 1;
        for (int i = 2; i <= k; i++) {
            f *= i;
        }
        return f;
    }

    private static float[] pad(float[] v, int w, int h, int r) {
        int pw = w + 2 * r;
        int ph = h + 2 * r;
        float[] out = new float[pw * ph];
        for (int y = 0; y < ph; y++) {
            int sy = Math.min(h - 1, Math.max(0, y - r));
            for (int x = 0; x < pw; x++) {
                out[y * pw + x] = v[sy * w + Math.min(w - 1, Math.max(0, x - r))];
            }
        }
        return out;
    }
}
