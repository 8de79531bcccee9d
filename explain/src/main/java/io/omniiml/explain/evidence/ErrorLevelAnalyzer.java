package io.omniiml.explain.evidence;

import io.omniiml.core.image.LoadedImage;
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
        float[] diff = JpegResave.absDiff(image.image(), JpegResave.roundTrip(image.image(), quality));
        int bw = (w + 7) / 8;
        int bh = (h + 7) / 8;
        float[] measure = PixelOps.upsampleBlocks(PixelOps.blockMean(diff, w, h, 8), bw, bh, 8, w, h);
        float[] score = PixelOps.robustScore(measure, 0.995);
        double p99 = PixelOps.percentileOf(diff, 0.995);
        Map<String, Object> stats = new TreeMap<>();
        stats.put("quality", quality);
        stats.put("mean_error_level", PixelOps.round(PixelOps.mean(diff), 3));
        stats.put("p99_5_error_level", PixelOps.round(p99, 3));
        String finding = String.format(java.util.Locale.ROOT,
                "error level after re-saving at quality %d: mean %.2f, 99.5th percentile %.2f grey levels",
                quality, PixelOps.mean(diff), p99);
        return new Evidence(name(), quantity(), new ProbabilityMap(w, h, score), new Field(w, h, measure),
                PixelOps.grey(diff, w, h, Math.max(1, p99)), stats, List.of(finding));
    }
}
