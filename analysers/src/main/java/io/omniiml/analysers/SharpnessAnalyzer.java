package io.omniiml.analysers;


import io.omniiml.core.concurrent.Cancellation;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.image.PixelPlaneOps;
import io.omniiml.core.mask.ProbabilityMap;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Local sharpness: per 16x16 block, the RMS of the Laplacian divided by the RMS of the gradient. The ratio is
 * independent of contrast and falls when the block is blurred (blur removes the highest frequencies first),
 * so a region blurred to hide a seam or pasted from a softer photo stands out. Blocks with almost no
 * structure (gradient RMS under 1 grey level) are not measured. Score: how much blurrier than the median.
 */
public final class SharpnessAnalyzer implements EvidenceAnalyzer {
    static final int CELL = 16;

    @Override
    public String name() {
        return "sharpness";
    }

    @Override
    public String quantity() {
        return "sharpness";
    }

    @Override
    public Evidence analyze(LoadedImage image) {
        int w = image.width();
        int h = image.height();
        if (w < 3 || h < 3) {
            return Evidence.unavailable(name(), quantity(), w, h, "image too small to measure sharpness (" + w + "x" + h + ")");
        }
        float[] y = image.luma();
        int bw = (w + CELL - 1) / CELL;
        int bh = (h + CELL - 1) / CELL;
        // block means of the squared Laplacian and gradient, a row at a time (same values and summation order as
        // PixelOps.blockMean over full planes, without them)
        double[] ls = new double[bw * bh];
        double[] gs = new double[bw * bh];
        int[] count = new int[bw * bh];
        float[] lapRow = new float[w];
        float[] gradRow = new float[w];
        for (int j = 0; j < h; j++) {
            Cancellation.checkpoint();
            row(y, w, h, j, lapRow, gradRow);
            int by = j / CELL;
            for (int i = 0; i < w; i++) {
                int b = by * bw + i / CELL;
                ls[b] += lapRow[i];
                gs[b] += gradRow[i];
                count[b]++;
            }
        }
        float[] l = new float[bw * bh];
        float[] g = new float[bw * bh];
        for (int b = 0; b < l.length; b++) {
            l[b] = count[b] == 0 ? Float.NaN : (float) (ls[b] / count[b]);
            g[b] = count[b] == 0 ? Float.NaN : (float) (gs[b] / count[b]);
        }
        float[] sharp = new float[l.length];
        for (int i = 0; i < l.length; i++) {
            sharp[i] = g[i] < 1 ? Float.NaN : (float) (Math.sqrt(l[i]) / Math.sqrt(g[i]));
        }
        double med = PixelOps.median(sharp.clone());
        float[] blockScore = new float[sharp.length];
        for (int i = 0; i < sharp.length; i++) {
            blockScore[i] = Float.isNaN(sharp[i]) || Double.isNaN(med) ? 0f
                    : PixelOps.clamp01(Math.log(med / Math.max(1e-3, sharp[i])) / Math.log(2) / 1.5);
        }
        WorkingGrid grid = WorkingGrid.of(w, h);
        float[] measure = grid.blocks(sharp, bw, bh, CELL);
        Map<String, Object> stats = new TreeMap<>();
        stats.put("median_sharpness", PixelOps.round(med, 4));
        int measured = 0;
        for (float f : sharp) {
            measured += Float.isNaN(f) ? 0 : 1;
        }
        stats.put("measured_block_fraction", PixelOps.round((double) measured / sharp.length, 4));
        String finding = Double.isNaN(med) ? "no structure to measure sharpness on (flat image)"
                : String.format(Locale.ROOT, "median sharpness %.3f (Laplacian/gradient RMS) over %d of %d blocks",
                med, measured, sharp.length);
        ProbabilityMap score = new ProbabilityMap(grid.width(), grid.height(), grid.blocks(blockScore, bw, bh, CELL));
        return new Evidence(name(), quantity(), score, new Field(grid.width(), grid.height(), measure), PixelOps.heatmap(score), stats, List.of(finding));
    }

    /** Squared 4-neighbour Laplacian and squared central-difference gradient per pixel (borders replicate). */
    static void laplacianAndGradient(float[] y, int w, int h, float[] lap2, float[] grad2) {
        for (int j = 0; j < h; j++) {
            Cancellation.checkpoint();
            int up = Math.max(0, j - 1) * w;
            int dn = Math.min(h - 1, j + 1) * w;
            for (int i = 0; i < w; i++) {
                int l = j * w + Math.max(0, i - 1);
                int r = j * w + Math.min(w - 1, i + 1);
                float c = y[j * w + i];
                float lap = y[l] + y[r] + y[up + i] + y[dn + i] - 4 * c;
                float gx = (y[r] - y[l]) / 2;
                float gy = (y[dn + i] - y[up + i]) / 2;
                lap2[j * w + i] = lap * lap;
                grad2[j * w + i] = gx * gx + gy * gy;
            }
        }
    }

    /** One row of {@link #laplacianAndGradient}. */
    static void row(float[] y, int w, int h, int j, float[] lap2, float[] grad2) {
        int up = Math.max(0, j - 1) * w;
        int dn = Math.min(h - 1, j + 1) * w;
        for (int i = 0; i < w; i++) {
            int l = j * w + Math.max(0, i - 1);
            int r = j * w + Math.min(w - 1, i + 1);
            float c = y[j * w + i];
            float lap = y[l] + y[r] + y[up + i] + y[dn + i] - 4 * c;
            float gx = (y[r] - y[l]) / 2;
            float gy = (y[dn + i] - y[up + i]) / 2;
            lap2[i] = lap * lap;
            grad2[i] = gx * gx + gy * gy;
        }
    }

    /**
     * The mean gradient magnitude over the whole image and the magnitudes in a window, from the image a few rows
     * at a time (no full-size plane). The mean equals the mean of {@link #gradientMagnitude} (same order of
     * summation); the window holds the same values as that plane's window.
     */
    public static double gradientMean(java.awt.image.BufferedImage img, List<io.omniiml.core.mask.Box> windows,
                                      List<float[]> windowOut) {
        int w = img.getWidth();
        int h = img.getHeight();
        float[] rows = new float[3 * w];
        int[] rgb = new int[w];
        float[] lap = new float[w];
        float[] grad = new float[w];
        double sum = 0;
        for (int j = 0; j < h; j++) {
            if (j % 64 == 0) {
                Cancellation.checkpoint();
            }
            // rows j-1, j, j+1 (clamped) as a 3-row plane; the middle row is row 1
            for (int k = 0; k < 3; k++) {
                int src = Math.max(0, Math.min(h - 1, j - 1 + k));
                img.getRGB(0, src, w, 1, rgb, 0, w);
                for (int i = 0; i < w; i++) {
                    rows[k * w + i] = PixelPlaneOps.luma(rgb[i]);
                }
            }
            int up = 0;
            int dn = 2 * w;
            for (int i = 0; i < w; i++) {
                int l = w + Math.max(0, i - 1);
                int r = w + Math.min(w - 1, i + 1);
                float gx = (rows[r] - rows[l]) / 2;
                float gy = (rows[dn + i] - rows[up + i]) / 2;
                grad[i] = (float) Math.sqrt(gx * gx + gy * gy);
                sum += grad[i];
            }
            for (int k = 0; k < windows.size(); k++) {
                io.omniiml.core.mask.Box win = windows.get(k);
                if (j >= win.y() && j < win.y() + win.height()) {
                    System.arraycopy(grad, win.x(), windowOut.get(k), (j - win.y()) * win.width(), win.width());
                }
            }
        }
        return sum / ((double) w * h);
    }

    /** Gradient magnitude per pixel (central differences), for border-sharpness statistics. */
    public static float[] gradientMagnitude(float[] y, int w, int h) {
        float[] lap2 = new float[w * h];
        float[] grad2 = new float[w * h];
        laplacianAndGradient(y, w, h, lap2, grad2);
        for (int i = 0; i < grad2.length; i++) {
            grad2[i] = (float) Math.sqrt(grad2[i]);
        }
        return grad2;
    }
}
