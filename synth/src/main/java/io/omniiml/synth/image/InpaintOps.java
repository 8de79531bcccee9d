package io.omniiml.synth.image;

import java.util.SplittableRandom;

/** Hole filling that leaves texture, not a flat colour: diffusion with matched noise, and exemplar copy. */
public final class InpaintOps {
    private InpaintOps() {
    }

    /**
     * Membrane (Laplace) fill of the hole from its surroundings, coarse-to-fine so large holes converge,
     * plus Gaussian grain at the noise level measured around the hole so the fill is not suspiciously smooth.
     */
    public static int[] diffusion(int[] rgb, boolean[] hole, int w, int h, SplittableRandom rnd) {
        float[][] planes = {RasterOps.channel(rgb, 0), RasterOps.channel(rgb, 1), RasterOps.channel(rgb, 2)};
        for (float[] p : planes) {
            fillPlane(p, hole, w, h);
        }
        double grain = noiseAround(rgb, hole, w, h);
        for (int i = 0; i < hole.length; i++) {
            if (hole[i]) {
                double n = rnd.nextGaussian() * grain;
                for (float[] p : planes) {
                    p[i] += (float) n;
                }
            }
        }
        int[] out = RasterOps.merge(planes[0], planes[1], planes[2]);
        for (int i = 0; i < out.length; i++) {
            if (!hole[i]) {
                out[i] = rgb[i];
            }
        }
        return out;
    }

    private static void fillPlane(float[] p, boolean[] hole, int w, int h) {
        if (w > 16 && h > 16) {
            // Solve at half resolution first; its upsampled result is the starting point here.
            int hw = (w + 1) / 2;
            int hh = (h + 1) / 2;
            float[] small = new float[hw * hh];
            boolean[] smallHole = new boolean[hw * hh];
            for (int y = 0; y < hh; y++) {
                for (int x = 0; x < hw; x++) {
                    float sum = 0;
                    int n = 0;
                    boolean allHole = true;
                    for (int dy = 0; dy < 2; dy++) {
                        for (int dx = 0; dx < 2; dx++) {
                            int xx = Math.min(w - 1, 2 * x + dx);
                            int yy = Math.min(h - 1, 2 * y + dy);
                            int i = yy * w + xx;
                            if (!hole[i]) {
                                sum += p[i];
                                n++;
                                allHole = false;
                            }
                        }
                    }
                    smallHole[y * hw + x] = allHole;
                    small[y * hw + x] = n == 0 ? 128 : sum / n;
                }
            }
            fillPlane(small, smallHole, hw, hh);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    if (hole[i]) {
                        p[i] = small[Math.min(hh - 1, y / 2) * hw + Math.min(hw - 1, x / 2)];
                    }
                }
            }
        }
        for (int it = 0; it < 40; it++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    if (!hole[i]) {
                        continue;
                    }
                    float sum = 0;
                    int k = 0;
                    if (x > 0) {
                        sum += p[i - 1];
                        k++;
                    }
                    if (x < w - 1) {
                        sum += p[i + 1];
                        k++;
                    }
                    if (y > 0) {
                        sum += p[i - w];
                        k++;
                    }
                    if (y < h - 1) {
                        sum += p[i + w];
                        k++;
                    }
                    p[i] += 1.8f * (sum / k - p[i]);
                }
            }
        }
    }

    /** Median absolute Laplacian (a robust noise level) over a ring of pixels around the hole. */
    public static double noiseAround(int[] rgb, boolean[] hole, int w, int h) {
        int[] hist = new int[256];
        int n = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                if (hole[i] || !nearHole(hole, w, h, x, y, 3)) {
                    continue;
                }
                double lap = 4 * RasterOps.luma(rgb[i]) - RasterOps.luma(rgb[i - 1]) - RasterOps.luma(rgb[i + 1])
                        - RasterOps.luma(rgb[i - w]) - RasterOps.luma(rgb[i + w]);
                hist[Math.min(255, (int) Math.abs(lap))]++;
                n++;
            }
        }
        if (n == 0) {
            return 0;
        }
        int acc = 0;
        for (int v = 0; v < 256; v++) {
            acc += hist[v];
            if (acc * 2 >= n) {
                // For white noise, |laplacian| median ~ 0.674 * sqrt(20) * sigma.
                return Math.min(12, v / 3.0);
            }
        }
        return 0;
    }

    /**
     * Exemplar fill: the hole is covered with the image content at the offset (among {@code candidates}
     * random ones whose shifted hole lies clear of it) that best matches the ring around the hole, then
     * blended seamlessly so the copied texture meets its new surroundings without a colour step.
     *
     * @return the filled pixels and, in {@code chosenOffset}, the (dx, dy) used; null when no offset fits
     */
    public static int[] exemplar(int[] rgb, boolean[] hole, int w, int h, SplittableRandom rnd, int candidates,
                                 int[] chosenOffset) {
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (hole[y * w + x]) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (x1 < 0) {
            return null;
        }
        int ring = 4;
        int bw = x1 - x0 + 1;
        int bh = y1 - y0 + 1;
        double best = Double.MAX_VALUE;
        int bestDx = 0;
        int bestDy = 0;
        for (int k = 0; k < candidates; k++) {
            // Prefer nearby content: texture is most similar close to the hole.
            int dx = (rnd.nextBoolean() ? 1 : -1) * (bw + ring + rnd.nextInt(Math.max(1, bw)));
            int dy = (rnd.nextInt(3) - 1) * (bh + ring + rnd.nextInt(Math.max(1, bh)));
            if (rnd.nextInt(3) == 0) {
                int t = dx;
                dx = dy == 0 ? 0 : dx / 3;
                dy = dy == 0 ? (rnd.nextBoolean() ? 1 : -1) * (bh + ring) : t / 3 + dy;
            }
            if (x0 + dx - ring < 0 || y0 + dy - ring < 0 || x1 + dx + ring >= w || y1 + dy + ring >= h) {
                continue;
            }
            double ssd = 0;
            int n = 0;
            for (int y = y0 - ring; y <= y1 + ring; y += 2) {
                for (int x = x0 - ring; x <= x1 + ring; x += 2) {
                    if (x < 0 || y < 0 || x >= w || y >= h) {
                        continue;
                    }
                    int i = y * w + x;
                    int j = (y + dy) * w + x + dx;
                    if (hole[j]) {
                        ssd = Double.MAX_VALUE;
                        break;
                    }
                    if (!hole[i] && nearHole(hole, w, h, x, y, ring)) {
                        double d = RasterOps.luma(rgb[i]) - RasterOps.luma(rgb[j]);
                        ssd += d * d;
                        n++;
                    }
                }
                if (ssd == Double.MAX_VALUE) {
                    break;
                }
            }
            if (ssd == Double.MAX_VALUE || n == 0) {
                continue;
            }
            if (ssd / n < best) {
                best = ssd / n;
                bestDx = dx;
                bestDy = dy;
            }
        }
        if (best == Double.MAX_VALUE) {
            return null;
        }
        int[] source = rgb.clone();
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                source[y * w + x] = rgb[(y + bestDy) * w + x + bestDx];
            }
        }
        chosenOffset[0] = bestDx;
        chosenOffset[1] = bestDy;
        return PoissonOps.seamless(rgb, source, hole, w, h, 150);
    }

    private static boolean nearHole(boolean[] hole, int w, int h, int x, int y, int r) {
        for (int dy = -r; dy <= r; dy += r) {
            for (int dx = -r; dx <= r; dx += r) {
                int xx = x + dx;
                int yy = y + dy;
                if (xx >= 0 && yy >= 0 && xx < w && yy < h && hole[yy * w + xx]) {
                    return true;
                }
            }
        }
        return false;
    }
}
