package io.omniiml.core.jpeg;

import java.util.ArrayList;
import java.util.List;

/**
 * Estimates the IJG (libjpeg) quality setting that produced a quantization table, by comparing it with the
 * standard tables of Annex K scaled as {@code jpeg_set_quality} does. A table that equals a scaled standard
 * table exactly is reported as standard; anything else (camera or Photoshop tables, custom tables) gets the
 * closest quality and a mean absolute deviation that says how far off it is.
 */
public final class JpegQuality {
    /** Annex K luminance table, natural order. */
    public static final int[] STD_LUMINANCE = {
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
    /** Annex K chrominance table, natural order. */
    public static final int[] STD_CHROMINANCE = {
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
        24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99};

    private JpegQuality() {
    }

    /**
     * The estimate for one table.
     *
     * @param quality         best-fitting IJG quality 1..100
     * @param standard        whether the table equals the IJG-scaled standard table at that quality exactly
     * @param meanAbsError    mean |table - scaled standard table| over the 64 entries at that quality (0 if standard)
     * @param luminance       whether it was compared with the luminance (else chrominance) table
     */
    public record Estimate(int quality, boolean standard, double meanAbsError, boolean luminance) {
    }

    /** The estimate for one table slot of a file. */
    public record TableSummary(int slot, int[] table, Estimate estimate, List<Integer> componentIndexes) {
    }

    /** IJG's jpeg_set_quality scaling: quality 1..100 to a percentage scale factor. */
    public static int scaleFactor(int quality) {
        int q = Math.max(1, Math.min(100, quality));
        return q < 50 ? 5000 / q : 200 - 2 * q;
    }

    /**
     * The table jpeg_set_quality(quality) writes for a standard base table, natural order.
     *
     * @param forceBaseline clamp entries to 255 (cjpeg -baseline, and every 8-bit DQT) instead of 32767
     */
    public static int[] scaledTable(int[] base, int quality, boolean forceBaseline) {
        int scale = scaleFactor(quality);
        int[] out = new int[64];
        for (int i = 0; i < 64; i++) {
            long v = ((long) base[i] * scale + 50) / 100;
            out[i] = (int) Math.max(1, Math.min(forceBaseline ? 255 : 32767, v));
        }
        return out;
    }

    /** Estimates the quality of a table (natural order) against the luminance or chrominance standard table. */
    public static Estimate estimate(int[] naturalOrderTable, boolean luminance) {
        if (naturalOrderTable.length != 64) {
            throw new IllegalArgumentException("a quantization table has 64 entries, not " + naturalOrderTable.length);
        }
        int[] base = luminance ? STD_LUMINANCE : STD_CHROMINANCE;
        int bestQuality = 1;
        double bestError = Double.MAX_VALUE;
        // from high to low quality so that ties (clamped tables) resolve to the highest quality
        for (int q = 100; q >= 1; q--) {
            for (boolean clamp : new boolean[]{true, false}) {
                int[] candidate = scaledTable(base, q, clamp);
                double error = 0;
                for (int i = 0; i < 64; i++) {
                    error += Math.abs(candidate[i] - naturalOrderTable[i]);
                }
                error /= 64;
                if (error < bestError) {
                    bestError = error;
                    bestQuality = q;
                }
            }
        }
        return new Estimate(bestQuality, bestError == 0, bestError, luminance);
    }

    /**
     * One summary per defined table slot. A slot used by component 0 (or by a single-component file) is compared with
     * the luminance table, other slots with the chrominance table, as IJG assigns them.
     */
    public static List<TableSummary> summarize(JpegCoefficients coefficients) {
        List<TableSummary> out = new ArrayList<>();
        for (int slot = 0; slot < coefficients.quantTables().length; slot++) {
            int[] table = coefficients.quantTables()[slot];
            if (table == null) {
                continue;
            }
            List<Integer> users = new ArrayList<>();
            for (int c = 0; c < coefficients.components().size(); c++) {
                if (coefficients.components().get(c).quantTable() == slot) {
                    users.add(c);
                }
            }
            boolean luminance = users.isEmpty() ? slot == 0 : users.get(0) == 0;
            out.add(new TableSummary(slot, table.clone(), estimate(table, luminance), List.copyOf(users)));
        }
        return out;
    }
}
