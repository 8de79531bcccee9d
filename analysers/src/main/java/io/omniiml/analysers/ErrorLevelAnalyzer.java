package io.omniiml.analysers;

import io.omniiml.core.concurrent.Cancellation;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.image.PixelPlaneOps;
import io.omniiml.core.mask.ProbabilityMap;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Error level analysis: re-save at a fixed JPEG quality and look at how much each 8x8 block changes. Content
 * that was already compressed at that quality (or lower) changes little; pasted or retouched content that was
 * not, changes more. The measure is the block-mean absolute difference in grey levels.
 */
public final class ErrorLevelAnalyzer implements EvidenceAnalyzer {
    private final int quality;

    public ErrorLevelAnalyzer(int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("ELA quality must be 1..100, got " + quality);
        }
        this.quality = quality;
    }

    public ErrorLevelAnalyzer() {
        this(90);
    }

    @Override
    public String name() {
        return "ela";
    }

    @Override
    public String quantity() {
        return "error level";
    }

    @Override
    public Evidence analyze(LoadedImage image) {
        int w = image.width();
        int h = image.height();
        int[] p = PixelPlaneOps.rgb(image.image());
        int[] q = PixelPlaneOps.rgb(JpegResave.roundTrip(image.image(), quality));
        int bw = (w + 7) / 8;
        int bh = (h + 7) / 8;
        // One pass over the pixels, no per-pixel plane: the 8x8 block means, the mean, and a histogram of the
        // difference (a mean over R, G, B of integers: one of 766 values, so its percentiles are exact).
        double[] blockSum = new double[bw * bh];
        int[] blockCount = new int[bw * bh];
        long[] histogram = new long[766];
        double total = 0;
        for (int y = 0; y < h; y++) {
            Cancellation.checkpoint();
            int by = y / 8;
            for (int x = 0; x < w; x++) {
                int s = absDiffSum(p[y * w + x], q[y * w + x]);
                float d = s / 3f;
                int b = by * bw + x / 8;
                blockSum[b] += d;
                blockCount[b]++;
                total += d;
                histogram[s]++;
            }
        }
        float[] blocks = new float[bw * bh];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = blockCount[i] == 0 ? Float.NaN : (float) (blockSum[i] / blockCount[i]);
        }
        WorkingGrid grid = WorkingGrid.of(w, h);
        float[] measure = grid.blocks(blocks, bw, bh, 8);
        float[] score = PixelOps.robustScore(measure, 0.995);
        double p99 = histogramPercentile(histogram, (long) w * h, 0.995);
        double mean = (long) w * h == 0 ? Double.NaN : total / ((long) w * h);
        float[] diff = new float[grid.width() * grid.height()];
        for (int y = 0; y < grid.height(); y++) {
            int row = grid.sourceY(y) * w;
            for (int x = 0; x < grid.width(); x++) {
                int i = row + grid.sourceX(x);
                diff[y * grid.width() + x] = absDiffSum(p[i], q[i]) / 3f;
            }
        }
        Map<String, Object> stats = new TreeMap<>();
        stats.put("quality", quality);
        stats.put("mean_error_level", PixelOps.round(mean, 3));
        stats.put("p99_5_error_level", PixelOps.round(p99, 3));
        String finding = String.format(java.util.Locale.ROOT,
                "error level after re-saving at quality %d: mean %.2f, 99.5th percentile %.2f grey levels",
                quality, mean, p99);
        return new Evidence(name(), quantity(), new ProbabilityMap(grid.width(), grid.height(), score),
                new Field(grid.width(), grid.height(), measure),
                PixelOps.grey(diff, grid.width(), grid.height(), Math.max(1, p99)), stats, List.of(finding));
    }

    /** |R - R'| + |G - G'| + |B - B'| of two packed pixels (0..765). */
    private static int absDiffSum(int x, int y) {
        return Math.abs(((x >> 16) & 255) - ((y >> 16) & 255)) + Math.abs(((x >> 8) & 255) - ((y >> 8) & 255))
                + Math.abs((x & 255) - (y & 255));
    }

    /** {@link PixelOps#percentile} (nearest rank) of n values given as a histogram of sums of three (value = s / 3). */
    private static double histogramPercentile(long[] histogram, long n, double p) {
        if (n == 0) {
            return Double.NaN;
        }
        long k = Math.min(n - 1, Math.max(0, Math.round(p * (n - 1))));
        long seen = 0;
        for (int s = 0; s < histogram.length; s++) {
            seen += histogram[s];
            if (seen > k) {
                return s / 3f;
            }
        }
        return 765 / 3f;
    }
}
