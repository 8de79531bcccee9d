package io.omniiml.core.metrics;

import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;
import io.omniiml.core.mask.ProbabilityMap;

import java.util.Arrays;

/** Per-image pixel metrics: confusion at a threshold, AUC and best-threshold F1 from one sort. */
public final class PixelMetricOps {
    /** TruFor's boundary handling: positives = erode(gt, 15x15), negatives = NOT dilate(gt, 11x11). */
    public static final int TRUFOR_ERODE = 15;
    public static final int TRUFOR_DILATE = 11;

    private PixelMetricOps() {
    }

    /**
     * Counts at {@code threshold} with a strict {@code >} (IMDL-BenCo). {@code care} (nullable) selects the
     * pixels that count; the others are ignored.
     */
    public static Confusion confusion(Mask gt, ProbabilityMap pred, double threshold, Mask care) {
        requireSameSize(gt, pred);
        byte[] g = gt.data();
        float[] p = pred.values();
        byte[] c = care == null ? null : care.data();
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        for (int i = 0; i < g.length; i++) {
            if (c != null && c[i] == 0) {
                continue;
            }
            boolean predicted = p[i] > threshold;
            if (g[i] != 0) {
                if (predicted) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (predicted) {
                fp++;
            } else {
                tn++;
            }
        }
        return new Confusion(tp, fp, fn, tn);
    }

    /**
     * Threshold-free statistics of one map against its mask.
     *
     * @param auc             Mann-Whitney AUC, ties counted one half (average ranks); NaN if a class is empty
     * @param bestF1          max over thresholds t of F1(map > t), including "nothing predicted" (F1 0)
     * @param bestF1Inverted  the same for the inverted map 1 - map
     */
    public record Ranking(double auc, double bestF1, double bestF1Inverted, long positives, long negatives) {
    }

    public static Ranking rank(Mask gt, ProbabilityMap pred, Mask care) {
        requireSameSize(gt, pred);
        byte[] g = gt.data();
        float[] p = pred.values();
        byte[] c = care == null ? null : care.data();
        int n = 0;
        for (int i = 0; i < g.length; i++) {
            if (c == null || c[i] != 0) {
                n++;
            }
        }
        // Sort (score, label) packed in one long: sortable float bits in the high part, label in bit 0.
        long[] packed = new long[n];
        long positives = 0;
        int k = 0;
        for (int i = 0; i < g.length; i++) {
            if (c != null && c[i] == 0) {
                continue;
            }
            int label = g[i] != 0 ? 1 : 0;
            positives += label;
            packed[k++] = ((long) sortableBits(p[i]) << 1) | label;
        }
        Arrays.sort(packed);
        long negatives = n - positives;
        // Group equal scores: average rank for AUC; cumulative counts for the F1 sweeps in both directions.
        double rankSumPositives = 0;
        long posBelow = 0;
        long negBelow = 0;
        double bestInverted = 0; // inverted map > t  <=>  map < 1 - t: predicted positives are a prefix
        int i = 0;
        while (i < n) {
            long key = packed[i] >> 1;
            int j = i;
            long pos = 0;
            while (j < n && (packed[j] >> 1) == key) {
                pos += packed[j] & 1;
                j++;
            }
            rankSumPositives += pos * ((i + 1 + j) / 2.0);
            posBelow += pos;
            negBelow += (j - i) - pos;
            if (positives > 0) {
                bestInverted = Math.max(bestInverted, 2.0 * posBelow / (posBelow + negBelow + positives));
            }
            i = j;
        }
        double best = 0;
        long posAbove = 0;
        long negAbove = 0;
        i = n - 1;
        while (i >= 0) {
            long key = packed[i] >> 1;
            int j = i;
            long pos = 0;
            while (j >= 0 && (packed[j] >> 1) == key) {
                pos += packed[j] & 1;
                j--;
            }
            posAbove += pos;
            negAbove += (i - j) - pos;
            if (positives > 0) {
                best = Math.max(best, 2.0 * posAbove / (posAbove + negAbove + positives));
            }
            i = j;
        }
        double auc = positives == 0 || negatives == 0 ? Double.NaN
                : (rankSumPositives - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
        return new Ranking(auc, best, bestInverted, positives, negatives);
    }

    /** Pixels TruFor's protocol scores: erode(gt, 15) (positives) or outside dilate(gt, 11) (negatives). */
    public static Mask truForCare(Mask gt) {
        byte[] inner = MaskOps.erode(gt, TRUFOR_ERODE).data();
        byte[] outer = MaskOps.dilate(gt, TRUFOR_DILATE).data();
        byte[] care = new byte[inner.length];
        for (int i = 0; i < care.length; i++) {
            care[i] = inner[i] != 0 || outer[i] == 0 ? (byte) 1 : 0;
        }
        return new Mask(gt.width(), gt.height(), care);
    }

    /** Maps floats to ints with the same order (NaN sorts as 0). */
    static int sortableBits(float v) {
        int bits = Float.floatToIntBits(Float.isNaN(v) ? 0f : v + 0f); // +0f folds -0 into +0
        return bits ^ ((bits >> 31) & 0x7FFFFFFF);
    }

    private static void requireSameSize(Mask gt, ProbabilityMap pred) {
        if (gt.width() != pred.width() || gt.height() != pred.height()) {
            throw new IllegalArgumentException("prediction " + pred.width() + "x" + pred.height()
                    + " does not match mask " + gt.width() + "x" + gt.height());
        }
    }
}
