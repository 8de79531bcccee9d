package io.omniiml.analysers;


import io.omniiml.core.concurrent.Cancellation;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.ProbabilityMap;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JPEG blocking grid, found in the pixels (so it also works on PNG/TIFF copies of JPEGs): the step between
 * neighbouring columns |f(x) - f(x-1)| is larger across 8x8 block boundaries (one phase of eight; a second
 * difference would peak on both sides of the boundary and make the phase ambiguous). Per 32x32 window
 * the horizontal and vertical phase (0..7) with the strongest boundaries is compared with the image's
 * dominant phase. Content pasted from another JPEG and moved by a non-multiple of 8 carries its own,
 * shifted grid (non-aligned double compression); retouched or resampled content carries none. The measure is
 * the blocking strength at the image's phase relative to the window's average (1 = no grid); the score is how
 * much more a different phase stands out than the image's phase.
 */
public final class JpegGridAnalyzer implements EvidenceAnalyzer {
    static final int WINDOW = 32;

    @Override
    public String name() {
        return "jpeg-grid";
    }

    @Override
    public String quantity() {
        return "blocking strength at the image's 8x8 grid";
    }

    @Override
    public Evidence analyze(LoadedImage image) {
        int w = image.width();
        int h = image.height();
        if (w < 24 || h < 24) {
            return Evidence.unavailable(name(), quantity(), w, h, "image too small to find an 8x8 grid (" + w + "x" + h + ")");
        }
        float[] y = image.luma();
        float[] eh = new float[w * h];
        float[] ev = new float[w * h];
        for (int j = 1; j < h - 1; j++) {
            for (int i = 1; i < w - 1; i++) {
                int p = j * w + i;
                eh[p] = Math.abs(y[p] - y[p - 1]);
                ev[p] = Math.abs(y[p] - y[p - w]);
            }
        }
        double[] gh = phaseProfile(eh, w, 1, 1, w - 1, h - 1, true);
        double[] gv = phaseProfile(ev, w, 1, 1, w - 1, h - 1, false);
        int phaseX = argMax(gh);
        int phaseY = argMax(gv);
        double globalStrength = (contrast(gh, phaseX) + contrast(gv, phaseY)) / 2;
        int bw = (w + WINDOW - 1) / WINDOW;
        int bh = (h + WINDOW - 1) / WINDOW;
        float[] blockScore = new float[bw * bh];
        float[] blockMeasure = new float[bw * bh];
        double[][] lhs = new double[bw * bh][];
        double[][] lvs = new double[bw * bh][];
        int own = 0;
        int agree = 0;
        for (int by = 0; by < bh; by++) {
            Cancellation.checkpoint();
            for (int bx = 0; bx < bw; bx++) {
                int x0 = Math.max(1, bx * WINDOW);
                int y0 = Math.max(1, by * WINDOW);
                int x1 = Math.min(w - 1, (bx + 1) * WINDOW);
                int y1 = Math.min(h - 1, (by + 1) * WINDOW);
                if (x1 - x0 < 16 || y1 - y0 < 16) {
                    continue;
                }
                double[] lh = phaseProfile(eh, w, x0, y0, x1, y1, true);
                double[] lv = phaseProfile(ev, w, x0, y0, x1, y1, false);
                lhs[by * bw + bx] = lh;
                lvs[by * bw + bx] = lv;
                if (contrast(lh, argMax(lh)) > 0.15 && contrast(lv, argMax(lv)) > 0.15) {
                    own++;
                    agree += argMax(lh) == phaseX && argMax(lv) == phaseY ? 1 : 0;
                }
            }
        }
        // A real JPEG grid is the same across most of the image; text, tiles or stripes give a phase too,
        // but one that changes from window to window. Without a consistent grid nothing can be shifted against it.
        boolean gridVisible = globalStrength > 0.2 && own >= 4 && agree >= 0.5 * own;
        int shifted = 0;
        for (int b = 0; b < bw * bh; b++) {
            double[] lh = lhs[b];
            double[] lv = lvs[b];
            if (lh == null) {
                blockMeasure[b] = Float.NaN;
                continue;
            }
            blockMeasure[b] = (float) ((ratio(lh, phaseX) + ratio(lv, phaseY)) / 2);
            if (!gridVisible) {
                continue;
            }
            // A shift counts only where the window has a grid of its own (its best phase stands out).
            double ownX = contrast(lh, argMax(lh)) > 0.2 ? 1 : 0;
            double ownY = contrast(lv, argMax(lv)) > 0.2 ? 1 : 0;
            double excess = ownX * Math.max(0, (lh[argMax(lh)] - lh[phaseX]) / (mean(lh) + 1e-3))
                    + ownY * Math.max(0, (lv[argMax(lv)] - lv[phaseY]) / (mean(lv) + 1e-3));
            blockScore[b] = PixelOps.clamp01(excess / 0.4);
            shifted += excess > 0.2 ? 1 : 0;
        }
        WorkingGrid grid = WorkingGrid.of(w, h);
        float[] score = grid.blocks(blockScore, bw, bh, WINDOW);
        float[] measure = grid.blocks(blockMeasure, bw, bh, WINDOW);
        Map<String, Object> stats = new TreeMap<>();
        stats.put("grid_phase_x", phaseX);
        stats.put("grid_phase_y", phaseY);
        stats.put("grid_strength", PixelOps.round(globalStrength, 4));
        stats.put("consistent_grid", gridVisible);
        stats.put("shifted_window_fraction", PixelOps.round((double) shifted / (bw * bh), 4));
        String finding = gridVisible
                ? String.format(Locale.ROOT, "8x8 JPEG blocking grid at offset (%d, %d), strength %.2f; %.1f%% of 32x32 windows favour another offset",
                phaseX, phaseY, globalStrength, 100.0 * shifted / (bw * bh))
                : String.format(Locale.ROOT, "no consistent 8x8 JPEG blocking grid in the pixels (strength %.2f)", globalStrength);
        ProbabilityMap map = new ProbabilityMap(grid.width(), grid.height(), score);
        return new Evidence(name(), quantity(), map, new Field(grid.width(), grid.height(), measure), PixelOps.heatmap(map), stats, List.of(finding));
    }

    /** Mean boundary energy per phase 0..7 over a window (columns for horizontal, rows for vertical). */
    static double[] phaseProfile(float[] e, int w, int x0, int y0, int x1, int y1, boolean horizontal) {
        double[] sum = new double[8];
        long[] n = new long[8];
        for (int j = y0; j < y1; j++) {
            for (int i = x0; i < x1; i++) {
                int phase = horizontal ? i & 7 : j & 7;
                sum[phase] += e[j * w + i];
                n[phase]++;
            }
        }
        for (int k = 0; k < 8; k++) {
            sum[k] = n[k] == 0 ? 0 : sum[k] / n[k];
        }
        return sum;
    }

    static int argMax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    /** (peak at phase - mean of the other phases) / mean of the other phases. */
    static double contrast(double[] v, int phase) {
        double others = (mean(v) * v.length - v[phase]) / (v.length - 1);
        return others <= 1e-6 ? 0 : (v[phase] - others) / others;
    }

    static double ratio(double[] v, int phase) {
        double m = mean(v);
        return m <= 1e-6 ? 1 : v[phase] / m;
    }
}
