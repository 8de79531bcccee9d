package io.omniiml.analysers;

import io.omniiml.core.concurrent.Cancellation;
import io.omniiml.core.image.PixelPlaneOps;
import io.omniiml.core.mask.ProbabilityMap;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/** Pure pixel functions shared by the analysers (planes, box filters, block maps, normalization, pictures). */
public final class PixelOps {
    private PixelOps() {
    }

    /**
     * R, G and B planes area-averaged over the grid's factor x factor spans (partial at the right and bottom
     * edges), read a band of rows at a time: no full-resolution plane is made.
     */
    public static float[][] rgbAreaMean(BufferedImage img, WorkingGrid grid) {
        int w = img.getWidth();
        int h = img.getHeight();
        int k = grid.factor();
        int gw = grid.width();
        int gh = grid.height();
        float[][] out = new float[3][gw * gh];
        int[] band = new int[w * k];
        double[] sum = new double[3 * gw];
        int[] count = new int[gw];
        for (int gy = 0; gy < gh; gy++) {
            Cancellation.checkpoint();
            int y0 = gy * k;
            int rows = Math.min(k, h - y0);
            img.getRGB(0, y0, w, rows, band, 0, w);
            java.util.Arrays.fill(sum, 0);
            java.util.Arrays.fill(count, 0);
            for (int i = 0; i < rows * w; i++) {
                int gx = (i % w) / k;
                int c = band[i];
                sum[3 * gx] += (c >> 16) & 255;
                sum[3 * gx + 1] += (c >> 8) & 255;
                sum[3 * gx + 2] += c & 255;
                count[gx]++;
            }
            for (int gx = 0; gx < gw; gx++) {
                for (int ch = 0; ch < 3; ch++) {
                    out[ch][gy * gw + gx] = (float) (sum[3 * gx + ch] / Math.max(1, count[gx]));
                }
            }
        }
        return out;
    }

    /**
     * The luma plane area-averaged by an integer factor over whole factor x factor blocks (floor(w/factor) x
     * floor(h/factor)), computed a band of rows at a time: equal to {@code downscale(PixelPlaneOps.luma(img), w, h, factor)}
     * (same values, same summation order) without the full-resolution luma plane.
     */
    public static float[] lumaDownscale(BufferedImage img, int factor) {
        if (factor <= 1) {
            return PixelPlaneOps.luma(img);
        }
        int w = img.getWidth();
        int h = img.getHeight();
        int ow = Math.max(1, w / factor);
        int oh = Math.max(1, h / factor);
        float[] out = new float[ow * oh];
        int[] band = new int[w * factor];
        float[] y = new float[w * factor];
        for (int oy = 0; oy < oh; oy++) {
            Cancellation.checkpoint();
            int y0 = oy * factor;
            int rows = Math.min(factor, h - y0);
            img.getRGB(0, y0, w, rows, band, 0, w);
            for (int i = 0; i < rows * w; i++) {
                y[i] = PixelPlaneOps.luma(band[i]);
            }
            for (int ox = 0; ox < ow; ox++) {
                double s = 0;
                int n = 0;
                for (int j = 0; j < rows; j++) {
                    for (int x = ox * factor; x < Math.min(w, (ox + 1) * factor); x++) {
                        s += y[j * w + x];
                        n++;
                    }
                }
                out[oy * ow + ox] = (float) (s / Math.max(1, n));
            }
        }
        return out;
    }

    /** Integral image with a zero first row and column: (w+1) x (h+1). */
    public static double[] integral(float[] v, int w, int h) {
        double[] s = new double[(w + 1) * (h + 1)];
        for (int y = 0; y < h; y++) {
            Cancellation.checkpoint();
            double row = 0;
            for (int x = 0; x < w; x++) {
                row += v[y * w + x];
                s[(y + 1) * (w + 1) + x + 1] = s[y * (w + 1) + x + 1] + row;
            }
        }
        return s;
    }

    /** Mean over a (2r+1)^2 window clipped to the image. */
    public static float[] boxMean(float[] v, int w, int h, int r) {
        double[] s = integral(v, w, h);
        float[] out = new float[v.length];
        for (int y = 0; y < h; y++) {
            Cancellation.checkpoint();
            int y0 = Math.max(0, y - r);
            int y1 = Math.min(h, y + r + 1);
            for (int x = 0; x < w; x++) {
                int x0 = Math.max(0, x - r);
                int x1 = Math.min(w, x + r + 1);
                double sum = s[y1 * (w + 1) + x1] - s[y0 * (w + 1) + x1] - s[y1 * (w + 1) + x0] + s[y0 * (w + 1) + x0];
                out[y * w + x] = (float) (sum / ((double) (x1 - x0) * (y1 - y0)));
            }
        }
        return out;
    }

    /** Per-block means over cell x cell blocks (the last blocks may be partial): ceil(w/cell) x ceil(h/cell). */
    public static float[] blockMean(float[] v, int w, int h, int cell) {
        int bw = (w + cell - 1) / cell;
        int bh = (h + cell - 1) / cell;
        double[] sum = new double[bw * bh];
        int[] n = new int[bw * bh];
        for (int y = 0; y < h; y++) {
            Cancellation.checkpoint();
            int by = y / cell;
            for (int x = 0; x < w; x++) {
                float f = v[y * w + x];
                if (!Float.isNaN(f)) {
                    int b = by * bw + x / cell;
                    sum[b] += f;
                    n[b]++;
                }
            }
        }
        float[] out = new float[bw * bh];
        for (int i = 0; i < out.length; i++) {
            out[i] = n[i] == 0 ? Float.NaN : (float) (sum[i] / n[i]);
        }
        return out;
    }

    /** Blows a per-block map (bw x bh, cell pixels per block) up to w x h by repetition. */
    public static float[] upsampleBlocks(float[] blocks, int bw, int bh, int cell, int w, int h) {
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            Cancellation.checkpoint();
            int by = Math.min(bh - 1, y / cell);
            for (int x = 0; x < w; x++) {
                out[y * w + x] = blocks[by * bw + Math.min(bw - 1, x / cell)];
            }
        }
        return out;
    }

    /** Median of the non-NaN values (NaN when there are none). The array is sorted in place. */
    public static double median(float[] v) {
        return percentile(v, 0.5);
    }

    /** Percentile (0..1, nearest rank) of the non-NaN values; sorts {@code v} in place (NaN sort last). */
    public static double percentile(float[] v, double p) {
        Arrays.sort(v);
        int n = v.length;
        while (n > 0 && Float.isNaN(v[n - 1])) {
            n--;
        }
        if (n == 0) {
            return Double.NaN;
        }
        int k = (int) Math.min(n - 1, Math.max(0, Math.round(p * (n - 1))));
        return v[k];
    }

    /** Percentile without touching the input. */
    public static double percentileOf(float[] v, double p) {
        return percentile(v.clone(), p);
    }

    /**
     * Maps a measurement to [0, 1] relative to the image's own distribution: the median goes to 0 and the
     * {@code high} percentile to 1 (clamped). An image with no spread gets zeros, not noise blown up.
     */
    public static float[] robustScore(float[] v, double high) {
        float[] sorted = v.clone();
        double med = percentile(sorted, 0.5);
        double top = percentile(sorted, high);
        float[] out = new float[v.length];
        double span = top - med;
        if (Double.isNaN(med) || span <= 1e-6 * Math.max(1, Math.abs(top))) {
            return out;
        }
        for (int i = 0; i < v.length; i++) {
            float f = v[i];
            out[i] = Float.isNaN(f) ? 0f : (float) Math.max(0, Math.min(1, (f - med) / span));
        }
        return out;
    }

    public static float clamp01(double v) {
        return (float) Math.max(0, Math.min(1, v));
    }

    /** A blue (0) to red (1) picture of a score map. */
    public static BufferedImage heatmap(ProbabilityMap map) {
        BufferedImage out = new BufferedImage(Math.max(1, map.width()), Math.max(1, map.height()), BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        float[] v = map.values();
        for (int i = 0; i < v.length; i++) {
            px[i] = heatColour(v[i]);
        }
        return out;
    }

    /** Jet-like colour for t in [0, 1]: dark blue, cyan, yellow, red. */
    public static int heatColour(float t) {
        double s = Float.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
        int r = (int) Math.round(255 * Math.max(0, Math.min(1, 1.5 - Math.abs(4 * s - 3))));
        int g = (int) Math.round(255 * Math.max(0, Math.min(1, 1.5 - Math.abs(4 * s - 2))));
        int b = (int) Math.round(255 * Math.max(0, Math.min(1, 1.5 - Math.abs(4 * s - 1))));
        return (r << 16) | (g << 8) | b;
    }

    /** A grey picture of a non-negative measurement scaled so that {@code max} is white. */
    public static BufferedImage grey(float[] v, int w, int h, double max) {
        BufferedImage out = new BufferedImage(Math.max(1, w), Math.max(1, h), BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < v.length; i++) {
            int g = Float.isNaN(v[i]) || max <= 0 ? 0 : (int) Math.round(255 * Math.max(0, Math.min(1, v[i] / max)));
            px[i] = (g << 16) | (g << 8) | g;
        }
        return out;
    }

    /** Area-average downscale of a plane by an integer factor (factor 1 returns the input). */
    public static float[] downscale(float[] v, int w, int h, int factor) {
        if (factor <= 1) {
            return v;
        }
        int ow = Math.max(1, w / factor);
        int oh = Math.max(1, h / factor);
        float[] out = new float[ow * oh];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                double s = 0;
                int n = 0;
                for (int y = oy * factor; y < Math.min(h, (oy + 1) * factor); y++) {
                    for (int x = ox * factor; x < Math.min(w, (ox + 1) * factor); x++) {
                        s += v[y * w + x];
                        n++;
                    }
                }
                out[oy * ow + ox] = (float) (s / Math.max(1, n));
            }
        }
        return out;
    }

    /** Nearest-neighbour resize of a plane (for maps computed at a reduced size). */
    public static float[] resizeNearest(float[] v, int w, int h, int ow, int oh) {
        float[] out = new float[ow * oh];
        for (int y = 0; y < oh; y++) {
            int sy = Math.min(h - 1, (int) ((long) y * h / oh));
            for (int x = 0; x < ow; x++) {
                out[y * ow + x] = v[sy * w + Math.min(w - 1, (int) ((long) x * w / ow))];
            }
        }
        return out;
    }

    /** Bilinear resize of a plane (pixel centres aligned). */
    public static float[] resizeBilinear(float[] v, int w, int h, int ow, int oh) {
        float[] out = new float[ow * oh];
        for (int y = 0; y < oh; y++) {
            double fy = Math.max(0, Math.min(h - 1, (y + 0.5) * h / oh - 0.5));
            int y0 = (int) fy;
            int y1 = Math.min(h - 1, y0 + 1);
            double ty = fy - y0;
            for (int x = 0; x < ow; x++) {
                double fx = Math.max(0, Math.min(w - 1, (x + 0.5) * w / ow - 0.5));
                int x0 = (int) fx;
                int x1 = Math.min(w - 1, x0 + 1);
                double tx = fx - x0;
                double a = v[y0 * w + x0] * (1 - tx) + v[y0 * w + x1] * tx;
                double b = v[y1 * w + x0] * (1 - tx) + v[y1 * w + x1] * tx;
                out[y * ow + x] = (float) (a * (1 - ty) + b * ty);
            }
        }
        return out;
    }

    /** Mean of the non-NaN values. */
    public static double mean(float[] v) {
        double s = 0;
        long n = 0;
        for (float f : v) {
            if (!Float.isNaN(f)) {
                s += f;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** Rounds for JSON: finite values to 4 significant decimals, NaN/infinite to null-friendly NaN. */
    public static double round(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
