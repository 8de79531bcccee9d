package io.omniiml.explain.evidence;

import io.omniiml.core.concurrent.Cancellation;
import io.omniiml.core.image.LoadedImage;
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
        float[] y = PixelOps.luma(image.image());
        float[] lap2 = new float[w * h];
        float[] grad2 = new float[w * h];
        laplacianAndGradient(y, w, h, lap2, grad2);
        int bw = (w + CELL - 1) / CELL;
        int bh = (h + CELL - 1) / CELL;
        float[] l = PixelOps.blockMean(lap2, w, h, CELL);
        float[] g = PixelOps.blockMean(grad2, w, h, CELL);
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
        float[] measure = PixelOps.upsampleBlocks(sharp, bw, bh, CELL, w, h);
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
        ProbabilityMap score = new ProbabilityMap(w, h, PixelOps.upsampleBlocks(blockScore, bw, bh, CELL, w, h));
        return new Evidence(name(), quantity(), score, new Field(w, h, measure), PixelOps.heatmap(score), stats, List.of(finding));
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
