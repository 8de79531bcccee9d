package io.omniiml.core.mask;

/**
 * A per-pixel tampering probability (or any score in [0, 1]): {@code values[y * width + x]}.
 * The common currency between the network, the evidence analysers, the metrics and the writers.
 */
public record ProbabilityMap(int width, int height, float[] values) {
    public ProbabilityMap {
        if ((long) width * height != values.length) {
            throw new IllegalArgumentException("map " + width + "x" + height + " needs " + (long) width * height
                    + " values, got " + values.length);
        }
    }

    public float get(int x, int y) {
        return values[y * width + x];
    }

    /** The binary mask at IMDL-BenCo's threshold convention: tampered where value > threshold (strict). */
    public Mask threshold(double threshold) {
        byte[] m = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            m[i] = values[i] > threshold ? (byte) 1 : 0;
        }
        return new Mask(width, height, m);
    }
}
