package io.omniiml.analysers;


import io.omniiml.core.concurrent.Cancellation;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.ProbabilityMap;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Local noise level: the luma high-pass residual (pixel minus the mean of its four neighbours) and, per
 * 16x16 block, the robust standard deviation 1.4826 * MAD of that residual, converted to the sigma of white
 * noise that would give it (the residual of white noise has 1.25x its variance). Spliced or retouched areas
 * often carry a noise level unlike the rest of the photo; the score is |log2(block / image median)| / 2.
 */
public final class NoiseAnalyzer implements EvidenceAnalyzer {
    static final int CELL = 16;

    @Override
    public String name() {
        return "noise";
    }

    @Override
    public String quantity() {
        return "noise level";
    }

    @Override
    public Evidence analyze(LoadedImage image) {
        int w = image.width();
        int h = image.height();
        if (w < 3 || h < 3) {
            return Evidence.unavailable(name(), quantity(), w, h, "image too small to measure noise (" + w + "x" + h + ")");
        }
        float[] res = residual(image.luma(), w, h);
        int bw = (w + CELL - 1) / CELL;
        int bh = (h + CELL - 1) / CELL;
        float[] sigma = blockSigma(res, w, h, bw, bh);
        float[] sorted = sigma.clone();
        double med = PixelOps.median(sorted);
        float[] blockScore = new float[sigma.length];
        for (int i = 0; i < sigma.length; i++) {
            blockScore[i] = med > 0.05 ? PixelOps.clamp01(Math.abs(Math.log((sigma[i] + 0.05) / (med + 0.05)) / Math.log(2)) / 2) : 0f;
        }
        WorkingGrid grid = WorkingGrid.of(w, h);
        float[] measure = grid.blocks(sigma, bw, bh, CELL);
        float[] score = grid.blocks(blockScore, bw, bh, CELL);
        Map<String, Object> stats = new TreeMap<>();
        stats.put("median_noise_sigma", PixelOps.round(med, 3));
        stats.put("p05_noise_sigma", PixelOps.round(PixelOps.percentileOf(sigma, 0.05), 3));
        stats.put("p95_noise_sigma", PixelOps.round(PixelOps.percentileOf(sigma, 0.95), 3));
        String finding = String.format(Locale.ROOT, "median noise level %.2f grey levels (5th-95th percentile %.2f-%.2f)",
                med, PixelOps.percentileOf(sigma, 0.05), PixelOps.percentileOf(sigma, 0.95));
        return new Evidence(name(), quantity(), new ProbabilityMap(grid.width(), grid.height(), score),
                new Field(grid.width(), grid.height(), measure),
                PixelOps.grey(measure, grid.width(), grid.height(), Math.max(1, 3 * med)), stats, List.of(finding));
    }

    /** Pixel minus the mean of its 4 neighbours (borders replicate), in grey levels. */
    static float[] residual(float[] y, int w, int h) {
        float[] r = new float[w * h];
        for (int j = 0; j < h; j++) {
            Cancellation.checkpoint();
            int up = Math.max(0, j - 1) * w;
            int dn = Math.min(h - 1, j + 1) * w;
            for (int i = 0; i < w; i++) {
                int l = Math.max(0, i - 1);
                int rr = Math.min(w - 1, i + 1);
                r[j * w + i] = y[j * w + i] - 0.25f * (y[j * w + l] + y[j * w + rr] + y[up + i] + y[dn + i]);
            }
        }
        return r;
    }

    /** Robust sigma per block: 1.4826 * median(|residual|) / sqrt(1.25). */
    static float[] blockSigma(float[] res, int w, int h, int bw, int bh) {
        float[] out = new float[bw * bh];
        float[] buf = new float[CELL * CELL];
        for (int by = 0; by < bh; by++) {
            Cancellation.checkpoint();
            for (int bx = 0; bx < bw; bx++) {
                int n = 0;
                for (int y = by * CELL; y < Math.min(h, (by + 1) * CELL); y++) {
                    for (int x = bx * CELL; x < Math.min(w, (bx + 1) * CELL); x++) {
                        buf[n++] = Math.abs(res[y * w + x]);
                    }
                }
                Arrays.sort(buf, 0, n);
                float mad = n == 0 ? 0 : buf[n / 2];
                out[by * bw + bx] = (float) (1.4826 * mad / Math.sqrt(1.25));
            }
        }
        return out;
    }
}
