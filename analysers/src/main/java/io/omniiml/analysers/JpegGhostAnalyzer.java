package io.omniiml.analysers;

import io.omniiml.core.concurrent.Cancellation;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.ProbabilityMap;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * JPEG ghosts (Farid 2009): re-save at a range of qualities and record, per 16x16 block, how much it
 * changes. Content that was once compressed at quality q changes least when re-saved near q, so a region
 * pasted from a lower-quality JPEG shows a dip ("ghost") at a quality where the rest of the image does not.
 * Per block the differences are normalized to [0, 1] across qualities; the score is how far below the image's
 * median curve the block dips at its worst quality. The measure is the quality of the block's minimum.
 */
public final class JpegGhostAnalyzer implements EvidenceAnalyzer {
    static final int CELL = 16;
    private final int[] qualities;

    public JpegGhostAnalyzer(int[] qualities) {
        if (qualities.length < 2) {
            throw new IllegalArgumentException("JPEG ghosts need at least 2 qualities");
        }
        this.qualities = qualities.clone();
    }

    public JpegGhostAnalyzer() {
        this(new int[]{50, 55, 60, 65, 70, 75, 80, 85, 90, 95});
    }

    @Override
    public String name() {
        return "jpeg-ghost";
    }

    @Override
    public String quantity() {
        return "JPEG ghost quality";
    }

    @Override
    public Evidence analyze(LoadedImage image) {
        int w = image.width();
        int h = image.height();
        int bw = (w + CELL - 1) / CELL;
        int bh = (h + CELL - 1) / CELL;
        int nq = qualities.length;
        float[][] d = new float[nq][];
        for (int q = 0; q < nq; q++) {
            Cancellation.checkpoint();
            float[] diff = JpegResave.absDiff(image.image(), JpegResave.roundTrip(image.image(), qualities[q]));
            d[q] = PixelOps.blockMean(diff, w, h, CELL);
        }
        int nb = bw * bh;
        float[][] norm = new float[nq][nb];
        float[] ghostQuality = new float[nb];
        for (int b = 0; b < nb; b++) {
            float lo = Float.MAX_VALUE;
            float hi = -Float.MAX_VALUE;
            int arg = 0;
            for (int q = 0; q < nq; q++) {
                if (d[q][b] < lo) {
                    lo = d[q][b];
                    arg = q;
                }
                hi = Math.max(hi, d[q][b]);
            }
            for (int q = 0; q < nq; q++) {
                norm[q][b] = hi - lo < 1e-3f ? 0 : (d[q][b] - lo) / (hi - lo);
            }
            ghostQuality[b] = qualities[arg];
        }
        float[] blockScore = new float[nb];
        double[] medianCurve = new double[nq];
        for (int q = 0; q < nq; q++) {
            medianCurve[q] = PixelOps.median(norm[q].clone());
        }
        for (int b = 0; b < nb; b++) {
            double dip = 0;
            // The top quality always dips for everything; only lower qualities separate a ghost.
            for (int q = 0; q < nq - 1; q++) {
                dip = Math.max(dip, medianCurve[q] - norm[q][b]);
            }
            blockScore[b] = PixelOps.clamp01(dip * 2);
        }
        float[] score = PixelOps.upsampleBlocks(blockScore, bw, bh, CELL, w, h);
        float[] measure = PixelOps.upsampleBlocks(ghostQuality, bw, bh, CELL, w, h);
        Map<String, Object> stats = new TreeMap<>();
        stats.put("qualities", qualities.clone());
        stats.put("median_ghost_quality", PixelOps.median(ghostQuality.clone()));
        int ghosts = 0;
        for (float s : blockScore) {
            ghosts += s > 0.5f ? 1 : 0;
        }
        stats.put("ghost_block_fraction", PixelOps.round((double) ghosts / nb, 4));
        String finding = String.format(Locale.ROOT, "JPEG ghosts over qualities %d-%d: most blocks change least at quality %.0f; "
                + "%.1f%% of blocks dip at a quality where the rest do not", qualities[0], qualities[nq - 1],
                PixelOps.median(ghostQuality.clone()), 100.0 * ghosts / nb);
        ProbabilityMap map = new ProbabilityMap(w, h, score);
        return new Evidence(name(), quantity(), map, new Field(w, h, measure), PixelOps.heatmap(map), stats, List.of(finding));
    }
}
