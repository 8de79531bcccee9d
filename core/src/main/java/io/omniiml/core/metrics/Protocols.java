package io.omniiml.core.metrics;

/** The protocol names that every reported number carries (see docs/data-and-metrics.md). */
public final class Protocols {
    /** IMDL-BenCo: per tampered image at threshold 0.5 (strict >), averaged over tampered images. */
    public static final String IMDLBENCO_PIXEL = "imdlbenco-pixel@0.5";
    /** Threshold-free per-image pixel metrics (AUC, best-threshold F1), averaged over tampered images. */
    public static final String PIXEL_THRESHOLD_FREE = "imdlbenco-pixel";
    /** TruFor: max over map and inverted map, GT boundary ignored (erode 15 / dilate 11), at 0.5. */
    public static final String TRUFOR_PIXEL = "trufor-pixel@0.5";
    /** TruFor's protocol without a threshold (best F1, AUC). */
    public static final String TRUFOR_THRESHOLD_FREE = "trufor-pixel";
    /** Image level at 0.5 pooled over all images. */
    public static final String IMAGE_POOLED = "image-pooled@0.5";
    /** Image-level AUC pooled over all images. */
    public static final String IMAGE_POOLED_AUC = "image-pooled";

    /**
     * Image level at each prediction's own default (verdict) threshold, pooled over the images with a verdict:
     * flagged = edited probability > verdict threshold.
     */
    public static final String IMAGE_VERDICT = "image-verdict@default";

    /** Authentic images at threshold 0.5 (strict >): marked area (share of pixels) and share with any marked pixel. */
    public static final String AUTHENTIC_PIXEL = "authentic-pixel@0.5";

    private Protocols() {
    }
}
