package io.omniiml.explain.evidence;

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
        int[] p = PixelOps.rgb(image.image());
        float[] luma = new float[p.length];
        float[] cb = new float[p.length];
        float[] cr = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            int r = (p[i] >> 16) & 255;
            int g = (p[i] >> 8) & 255;
            int b = p[i] & 255;
            luma[i] = 0.299f * r + 0.587f * g + 0.114f * b;
            cb[i] = -0.168736f * r - 0.331264f * g + 0.5f * b;
            cr[i] = 0.5f * r - 0.418688f * g - 0.081312f * b;
        }
        int bw = (w + CELL - 1) / CELL;
        int bh = (h + CELL - 1) / CELL;
        float[] bcb = PixelOps.blockMean(cb, w, h, CELL);
        float[] bcr = PixelOps.blockMean(cr, w, h, CELL);
        double mcb = PixelOps.median(bcb.clone());
        double mcr = PixelOps.median(bcr.clone());
        float[] dist = new float[bcb.length];
        for (int i = 0; i < dist.length; i++) {
            dist[i] = (float) Math.hypot(bcb[i] - mcb, bcr[i] - mcr);
        }
        float[] blockScore = PixelOps.robustScore(dist, 0.99);
        float[] measure = PixelOps.upsampleBlocks(PixelOps.blockMean(luma, w, h, CELL), bw, bh, CELL, w, h);
        ProbabilityMap score = new ProbabilityMap(w, h, PixelOps.upsampleBlocks(blockScore, bw, bh, CELL, w, h));
        Map<String, Object> stats = new TreeMap<>();
        stats.put("median_cb", PixelOps.round(mcb, 2));
        stats.put("median_cr", PixelOps.round(mcr, 2));
        stats.put("mean_brightness", PixelOps.round(PixelOps.mean(luma), 2));
        String finding = String.format(Locale.ROOT, "mean brightness %.1f of 255, median chroma Cb %.1f Cr %.1f",
                PixelOps.mean(luma), mcb, mcr);
        return new Evidence(name(), quantity(), score, new Field(w, h, measure), PixelOps.heatmap(score), stats, List.of(finding));
    }
}
