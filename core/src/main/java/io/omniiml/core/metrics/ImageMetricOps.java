package io.omniiml.core.metrics;

import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.ProbabilityMap;

/** Image-level detection metrics pooled over all images (tampered = positive class). */
public final class ImageMetricOps {
    private ImageMetricOps() {
    }

    /** Counts of {@code score > threshold} against the labels (true = tampered). */
    public static Confusion confusion(boolean[] tampered, double[] scores, double threshold) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean predicted = scores[i] > threshold;
            if (tampered[i]) {
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

    /** (TPR + TNR) / 2; NaN when one class is absent. */
    public static double balancedAccuracy(Confusion c) {
        if (c.tp() + c.fn() == 0 || c.tn() + c.fp() == 0) {
            return Double.NaN;
        }
        return (c.recall() + c.specificity()) / 2;
    }

    /** Mann-Whitney AUC with ties counted one half; NaN when one class is absent. */
    public static double auc(boolean[] tampered, double[] scores) {
        int n = scores.length;
        byte[] labels = new byte[n];
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = tampered[i] ? (byte) 1 : 0;
            values[i] = (float) scores[i];
        }
        if (n == 0) {
            return Double.NaN;
        }
        // Reuse the pixel ranking on a 1-row "image" of scores.
        return PixelMetricOps.rank(new Mask(n, 1, labels), new ProbabilityMap(n, 1, values), null).auc();
    }
}
