package io.omniiml.core.metrics;

/**
 * Pixel (or image) counts of a binary decision. Ratios with an empty denominator are 0, as IMDL-BenCo's
 * epsilon-guarded formulas give.
 */
public record Confusion(long tp, long fp, long fn, long tn) {
    public double precision() {
        return ratio(tp, tp + fp);
    }

    public double recall() {
        return ratio(tp, tp + fn);
    }

    /** 2TP / (2TP + FP + FN): equal to the harmonic mean of precision and recall. */
    public double f1() {
        return ratio(2 * tp, 2 * tp + fp + fn);
    }

    /** TP / (TP + FP + FN). */
    public double iou() {
        return ratio(tp, tp + fp + fn);
    }

    public double accuracy() {
        return ratio(tp + tn, tp + tn + fp + fn);
    }

    /** True-negative rate. */
    public double specificity() {
        return ratio(tn, tn + fp);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }
}
