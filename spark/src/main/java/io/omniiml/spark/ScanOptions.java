package io.omniiml.spark;

import io.omniiml.core.image.ImageLoader;

import java.io.Serializable;

/**
 * What a distributed scan computes and how it writes it. Serializable: it travels to the executors inside the
 * scan function. Build with {@link #builder()}.
 *
 * @param detector      analyzer name as {@code omniiml scan --detector} takes it ("network", "ela", "noise", ...)
 * @param model         model folder (any Hadoop file system URI or a local path), or null for the default model
 * @param maskFormat    how the {@code mask} column stores masks
 * @param threshold     probability above which a pixel is tampered (strict {@code >})
 * @param explain       compute the structured explanation (the {@code explanation} column; null when false)
 * @param maxPixels     larger images are recorded as errors
 * @param maxFileBytes  larger files are recorded as errors without being read
 * @param partitions    number of scan tasks; 0: four per core of the cluster
 * @param retryErrors   on resume, scan again the files whose earlier result was an error
 * @param fusion        the network detector's map fused with the evidence analysers (the default); false: the
 *                      network alone, as {@code omniiml scan --no-fusion}
 */
public record ScanOptions(String detector, String model, MaskFormat maskFormat, double threshold, boolean explain,
                          long maxPixels, long maxFileBytes, int partitions, boolean retryErrors, boolean fusion)
        implements Serializable {
    public static final String DEFAULT_DETECTOR = "network";
    public static final long DEFAULT_MAX_FILE_BYTES = 512L << 20;

    public ScanOptions {
        if (detector == null || detector.isBlank()) {
            throw new IllegalArgumentException("detector must be named");
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must lie in [0, 1], got " + threshold);
        }
        if (maxPixels < 1 || maxFileBytes < 1 || maxFileBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("max pixels must be positive and max file bytes in [1, 2 GiB)");
        }
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be 0 (automatic) or more, got " + partitions);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configuration of a scan (DJL style: opt methods with defaults). */
    public static final class Builder {
        private String detector = DEFAULT_DETECTOR;
        private String model;
        private MaskFormat maskFormat = MaskFormat.PNG;
        private double threshold = 0.5;
        private boolean explain = true;
        private long maxPixels = ImageLoader.DEFAULT_MAX_PIXELS;
        private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
        private int partitions;
        private boolean retryErrors;
        private boolean fusion = true;

        public Builder optDetector(String detector) {
            this.detector = detector;
            return this;
        }

        public Builder optModel(String model) {
            this.model = model;
            return this;
        }

        public Builder optMaskFormat(MaskFormat maskFormat) {
            this.maskFormat = maskFormat;
            return this;
        }

        public Builder optThreshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        public Builder optExplain(boolean explain) {
            this.explain = explain;
            return this;
        }

        public Builder optMaxPixels(long maxPixels) {
            this.maxPixels = maxPixels;
            return this;
        }

        public Builder optMaxFileBytes(long maxFileBytes) {
            this.maxFileBytes = maxFileBytes;
            return this;
        }

        public Builder optPartitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        public Builder optRetryErrors(boolean retryErrors) {
            this.retryErrors = retryErrors;
            return this;
        }

        public Builder optFusion(boolean fusion) {
            this.fusion = fusion;
            return this;
        }

        public ScanOptions build() {
            return new ScanOptions(detector, model, maskFormat, threshold, explain, maxPixels, maxFileBytes,
                    partitions, retryErrors, fusion);
        }
    }
}
