package io.omniiml.analysers;

import io.omniiml.core.image.ImageReadException;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.jpeg.JpegCoefficients;
import io.omniiml.core.jpeg.JpegQuality;
import io.omniiml.core.mask.ProbabilityMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Aligned double JPEG compression, read from the file's own quantized luma coefficients. A photo compressed
 * with a coarse step q1 and then re-compressed with a finer step q2 (on the same 8x8 grid) can only take the
 * values round(u * q1 / q2): the other bins of each DCT frequency's histogram stay (almost) empty, a
 * periodic pattern. Content pasted in before the last save was not on that lattice and fills the empty
 * bins. Per frequency we pick the q1 whose lattice leaves the most expected mass unexplained; per block the
 * score compares the coefficients that fall off the lattice with how many a singly compressed block would
 * put there: about 1 means "compressed once" (suspect inside a doubly compressed photo), about 0 "twice",
 * 0.5 "cannot tell" (too few non-zero coefficients).
 * <p>Limits: q1 finer than q2 leaves no empty bins and is reported as not detectable; a second compression
 * on a shifted grid is the job of {@link JpegGridAnalyzer}.
 */
public final class JpegDoubleCompressionAnalyzer implements EvidenceAnalyzer {
    /** Natural-order indices of the low AC frequencies examined (zigzag 1..14): they hold most non-zero values. */
    static final int[] FREQUENCIES = {1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4};
    static final int MAX_BIN = 60;
    static final int MIN_COEFFICIENTS = 300;

    @Override
    public String name() {
        return "jpeg-dq";
    }

    @Override
    public String quantity() {
        return "share of coefficients off the double-compression lattice";
    }

    /** What one frequency's histogram says. */
    record FrequencyFit(int frequency, int q2, int q1, double observedOff, double expectedOff, boolean[] reachable, int limit) {
        boolean doubleCompressed() {
            return q1 > 0 && expectedOff >= 0.08 && observedOff < 0.35 * expectedOff;
        }
    }

    @Override
    public Evidence analyze(LoadedImage image) {
        int w = image.width();
        int h = image.height();
        if (!image.isJpeg()) {
            return Evidence.unavailable(name(), quantity(), w, h,
                    "not a JPEG (" + image.format() + "): no JPEG compression history to analyse");
        }
        JpegCoefficients coefs;
        try {
            coefs = image.jpegCoefficients();
        } catch (ImageReadException e) {
            return Evidence.unavailable(name(), quantity(), w, h, "JPEG coefficients unreadable: " + e.problem());
        }
        JpegCoefficients.Component y = coefs.components().get(0);
        int[] table = coefs.quantTableOf(0);
        List<FrequencyFit> fits = new ArrayList<>();
        for (int k : FREQUENCIES) {
            FrequencyFit fit = fit(y, k, table[k]);
            if (fit != null) {
                fits.add(fit);
            }
        }
        List<FrequencyFit> dq = fits.stream().filter(FrequencyFit::doubleCompressed).toList();
        boolean detected = dq.size() >= Math.max(2, (fits.size() + 2) / 3);
        int bw = y.blocksWide();
        int bh = y.blocksHigh();
        float[] blockScore = new float[bw * bh];
        float[] blockMeasure = new float[bw * bh];
        java.util.Arrays.fill(blockMeasure, Float.NaN);
        if (detected) {
            blockScores(y, dq, blockScore, blockMeasure);
        }
        int sw = image.storedWidth();
        int sh = image.storedHeight();
        WorkingGrid grid = WorkingGrid.of(w, h);
        float[] score = grid.orientedBlocks(blockScore, bw, bh, 8, sw, sh, image.exifOrientation());
        float[] measure = grid.orientedBlocks(blockMeasure, bw, bh, 8, sw, sh, image.exifOrientation());
        Map<String, Object> stats = new TreeMap<>();
        stats.put("double_compressed", detected);
        stats.put("frequencies_examined", fits.size());
        stats.put("frequencies_double_compressed", dq.size());
        Map<String, Integer> q1 = new TreeMap<>();
        for (FrequencyFit f : dq) {
            q1.put(String.format(Locale.ROOT, "%02d", f.frequency()), f.q1());
        }
        stats.put("primary_steps_by_frequency", q1);
        stats.put("last_luma_table_dc", table[0]);
        JpegQuality.Estimate quality = JpegQuality.estimate(table, true);
        stats.put("quality_estimate", quality.quality());
        stats.put("quality_tables_standard", quality.standard());
        int suspicious = 0;
        for (float s : blockScore) {
            suspicious += s > 0.5f ? 1 : 0;
        }
        stats.put("single_compressed_block_fraction", detected ? PixelOps.round((double) suspicious / blockScore.length, 4) : 0.0);
        String qualityFinding = String.format(Locale.ROOT, "JPEG quality about %d (%s)", quality.quality(),
                quality.standard() ? "standard IJG tables" : String.format(Locale.ROOT,
                        "non-standard tables, mean deviation %.1f from IJG's", quality.meanAbsError()));
        String finding;
        if (fits.isEmpty()) {
            finding = "too few non-zero DCT coefficients to test for double JPEG compression";
        } else if (detected) {
            finding = String.format(Locale.ROOT, "aligned double JPEG compression: %d of %d low frequencies show empty "
                    + "periodic histogram bins (first-compression steps %s); %.1f%% of blocks look compressed only once",
                    dq.size(), fits.size(), q1.values(), 100.0 * suspicious / blockScore.length);
        } else {
            finding = String.format(Locale.ROOT, "no sign of aligned double JPEG compression in %d low frequencies "
                    + "(a first compression finer than the last one would not be visible)", fits.size());
        }
        ProbabilityMap map = new ProbabilityMap(grid.width(), grid.height(), score);
        return new Evidence(name(), quantity(), map, new Field(grid.width(), grid.height(), measure), PixelOps.heatmap(map), stats, List.of(qualityFinding, finding));
    }

    /** Histogram fit of one frequency; null when there are too few non-zero coefficients. */
    static FrequencyFit fit(JpegCoefficients.Component y, int k, int q2) {
        long[] hist = new long[MAX_BIN + 1];
        long total = 0;
        for (int r = 0; r < y.blocksHigh(); r++) {
            for (int c = 0; c < y.blocksWide(); c++) {
                int v = Math.abs(y.coefficient(r, c, k));
                if (v != 0 && v <= MAX_BIN) {
                    hist[v]++;
                    total++;
                }
            }
        }
        if (total < MIN_COEFFICIENTS) {
            return null;
        }
        // Only bins with real support count: beyond the 99th percentile the tail is too sparse to judge.
        int limit = 1;
        long acc = 0;
        while (limit < MAX_BIN && acc + hist[limit] < 0.99 * total) {
            acc += hist[limit];
            limit++;
        }
        double best = 0;
        FrequencyFit bestFit = new FrequencyFit(k, q2, 0, 0, 0, null, limit);
        for (int q1 = 1; q1 <= 4 * q2 + 8 && q1 <= 255; q1++) {
            if (q1 == q2) {
                continue;
            }
            boolean[] reach = reachable(q1, q2, limit);
            double obs = 0;
            double exp = 0;
            double mass = 0;
            for (int m = 1; m <= limit; m++) {
                // Expected mass under single compression: the local average, which a lattice cannot empty.
                double smooth = (hist[m - 1 == 0 ? 1 : m - 1] + hist[m] + hist[Math.min(limit, m + 1)]) / 3.0;
                mass += smooth;
                if (!reach[m]) {
                    obs += hist[m];
                    exp += smooth;
                }
            }
            if (mass <= 0 || exp <= 0) {
                continue;
            }
            double observedOff = obs / total;
            double expectedOff = exp / mass;
            double gain = expectedOff - observedOff;
            if (gain > best + 1e-9) {
                best = gain;
                bestFit = new FrequencyFit(k, q2, q1, observedOff, expectedOff, reach, limit);
            }
        }
        return bestFit;
    }

    /** reach[m] = whether |value| m in 1..limit can come from round(u * q1 / q2) for an integer u. */
    static boolean[] reachable(int q1, int q2, int limit) {
        boolean[] reach = new boolean[limit + 1];
        for (int u = 0; ; u++) {
            int m = (int) Math.round((double) u * q1 / q2);
            if (m > limit) {
                break;
            }
            reach[m] = true;
        }
        return reach;
    }

    /** Per block: observed off-lattice count over the count a singly compressed block would give, 3x3 pooled. */
    private static void blockScores(JpegCoefficients.Component y, List<FrequencyFit> dq, float[] score, float[] measure) {
        int bw = y.blocksWide();
        int bh = y.blocksHigh();
        float[] off = new float[bw * bh];
        float[] expected = new float[bw * bh];
        for (int r = 0; r < bh; r++) {
            for (int c = 0; c < bw; c++) {
                for (FrequencyFit f : dq) {
                    int v = Math.abs(y.coefficient(r, c, f.frequency()));
                    if (v != 0 && v <= f.limit()) {
                        expected[r * bw + c] += (float) f.expectedOff();
                        off[r * bw + c] += f.reachable()[v] ? 0 : 1;
                    }
                }
            }
        }
        for (int r = 0; r < bh; r++) {
            for (int c = 0; c < bw; c++) {
                double o = 0;
                double e = 0;
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        int rr = r + dr;
                        int cc = c + dc;
                        if (rr >= 0 && rr < bh && cc >= 0 && cc < bw) {
                            o += off[rr * bw + cc];
                            e += expected[rr * bw + cc];
                        }
                    }
                }
                // A prior of half a coefficient each way: blocks with nothing to count land on 0.5, "unknown".
                score[r * bw + c] = PixelOps.clamp01((o + 0.5) / (e + 1.0));
                measure[r * bw + c] = e >= 1 ? (float) (o / e) : Float.NaN;
            }
        }
    }
}
