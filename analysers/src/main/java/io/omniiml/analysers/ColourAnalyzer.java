package io.omniiml.analysers;

import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.ProbabilityMap;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Colour and illumination: per 16x16 block the mean chroma (Cb, Cr of JPEG's YCbCr) and brightness. A pasted
 * object lit or white-balanced differently sits away from the image's typical chroma. Measure: brightness
 * (mean luma); score: the block's chroma distance from the image median, scaled by the 99th percentile.
 */
public final class ColourAnalyzer implements EvidenceAnalyzer {
    static final int CELL = 16;

    @Override
    public String name() {
        return "colour";
    }

    @Override
    public String quantity() {
        return "brightness";
    }

    @Override
    public Evidence analyze(LoadedImage image) {
        int w = image.width();
        int h = image.height();
        int bw = (w + CELL - 1) / CELL;
        int bh = (h + CELL - 1) / CELL;
        // block means of Cb, Cr and luma and the mean luma in one pass, a row at a time (same values and summation
        // order as PixelOps.blockMean / mean over full planes, without them)
        double[] scb = new double[bw * bh];
        double[] scr = new double[bw * bh];
        double[] sy = new double[bw * bh];
        int[] count = new int[bw * bh];
        double lumaSum = 0;
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.image().getRGB(0, y, w, 1, row, 0, w);
            int by = y / CELL;
            for (int x = 0; x < w; x++) {
                int r = (row[x] >> 16) & 255;
                int g = (row[x] >> 8) & 255;
                int b = row[x] & 255;
                float luma = 0.299f * r + 0.587f * g + 0.114f * b;
                float cb = -0.168736f * r - 0.331264f * g + 0.5f * b;
                float cr = 0.5f * r - 0.418688f * g - 0.081312f * b;
                int k = by * bw + x / CELL;
                scb[k] += cb;
                scr[k] += cr;
                sy[k] += luma;
                count[k]++;
                lumaSum += luma;
            }
        }
        float[] bcb = new float[bw * bh];
        float[] bcr = new float[bw * bh];
        float[] by = new float[bw * bh];
        for (int k = 0; k < bcb.length; k++) {
            bcb[k] = count[k] == 0 ? Float.NaN : (float) (scb[k] / count[k]);
            bcr[k] = count[k] == 0 ? Float.NaN : (float) (scr[k] / count[k]);
            by[k] = count[k] == 0 ? Float.NaN : (float) (sy[k] / count[k]);
        }
        double meanLuma = (long) w * h == 0 ? Double.NaN : lumaSum / ((long) w * h);
        double mcb = PixelOps.median(bcb.clone());
        double mcr = PixelOps.median(bcr.clone());
        float[] dist = new float[bcb.length];
        for (int i = 0; i < dist.length; i++) {
            dist[i] = (float) Math.hypot(bcb[i] - mcb, bcr[i] - mcr);
        }
        float[] blockScore = PixelOps.robustScore(dist, 0.99);
        WorkingGrid grid = WorkingGrid.of(w, h);
        float[] measure = grid.blocks(by, bw, bh, CELL);
        ProbabilityMap score = new ProbabilityMap(grid.width(), grid.height(), grid.blocks(blockScore, bw, bh, CELL));
        Map<String, Object> stats = new TreeMap<>();
        stats.put("median_cb", PixelOps.round(mcb, 2));
        stats.put("median_cr", PixelOps.round(mcr, 2));
        stats.put("mean_brightness", PixelOps.round(meanLuma, 2));
        String finding = String.format(Locale.ROOT, "mean brightness %.1f of 255, median chroma Cb %.1f Cr %.1f",
                meanLuma, mcb, mcr);
        return new Evidence(name(), quantity(), score, new Field(grid.width(), grid.height(), measure), PixelOps.heatmap(score), stats, List.of(finding));
    }
}
