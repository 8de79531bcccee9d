package io.omniiml.synth.image;

/**
 * Seamless cloning (Perez et al. 2003): inside a region, find f with the Laplacian of the source patch and
 * f = target on the region's border, solved per channel by successive over-relaxation (Gauss-Seidel).
 * The guidance uses only source gradients between two region pixels: a strong edge in the source just at
 * the region's border (hair, background) would otherwise be integrated into a clipped, flat region.
 */
public final class PoissonOps {
    private PoissonOps() {
    }

    /**
     * @param target  canvas pixels (w x h), read only
     * @param source  pixels aligned with the canvas (w x h): the content to paste at the same coordinates
     * @param inside  region to solve for (w x h); must not touch the image border
     * @return the blended pixels for the whole canvas (outside the region equal to target)
     */
    public static int[] seamless(int[] target, int[] source, boolean[] inside, int w, int h, int iterations) {
        int[] out = target.clone();
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (inside[y * w + x]) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (x1 < 0) {
            return out;
        }
        for (int c = 0; c < 3; c++) {
            int shift = 16 - 8 * c;
            float[] t = RasterOps.channel(target, c);
            float[] s = RasterOps.channel(source, c);
            float[] f = t.clone();
            // Start from the source shifted by the mean border difference: converges in far fewer sweeps.
            double diff = 0;
            int n = 0;
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    int i = y * w + x;
                    if (inside[i] && isBorder(inside, w, h, x, y)) {
                        diff += t[i] - s[i];
                        n++;
                    }
                }
            }
            float offset = n == 0 ? 0 : (float) (diff / n);
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    int i = y * w + x;
                    if (inside[i]) {
                        f[i] = s[i] + offset;
                    }
                }
            }
            float omega = 1.9f;
            for (int it = 0; it < iterations; it++) {
                for (int y = y0; y <= y1; y++) {
                    for (int x = x0; x <= x1; x++) {
                        int i = y * w + x;
                        if (!inside[i]) {
                            continue;
                        }
                        float sum = 0;
                        float lap = 0;
                        int k = 0;
                        if (x > 0) {
                            sum += f[i - 1];
                            lap += inside[i - 1] ? s[i] - s[i - 1] : 0;
                            k++;
                        }
                        if (x < w - 1) {
                            sum += f[i + 1];
                            lap += inside[i + 1] ? s[i] - s[i + 1] : 0;
                            k++;
                        }
                        if (y > 0) {
                            sum += f[i - w];
                            lap += inside[i - w] ? s[i] - s[i - w] : 0;
                            k++;
                        }
                        if (y < h - 1) {
                            sum += f[i + w];
                            lap += inside[i + w] ? s[i] - s[i + w] : 0;
                            k++;
                        }
                        float gs = (sum + lap) / k;
                        f[i] += omega * (gs - f[i]);
                    }
                }
            }
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    int i = y * w + x;
                    if (inside[i]) {
                        int v = RasterOps.clamp(f[i]);
                        out[i] = (out[i] & ~(255 << shift)) | (v << shift);
                    }
                }
            }
        }
        return out;
    }

    private static boolean isBorder(boolean[] inside, int w, int h, int x, int y) {
        return x == 0 || y == 0 || x == w - 1 || y == h - 1 || !inside[y * w + x - 1] || !inside[y * w + x + 1]
                || !inside[(y - 1) * w + x] || !inside[(y + 1) * w + x];
    }
}
