package io.omniiml.analysers;

/**
 * A per-pixel measurement in its own unit (noise sigma in grey levels, error level, sharpness...),
 * {@code values[y * width + x]}; NaN where nothing could be measured.
 */
public record Field(int width, int height, float[] values) {
    public Field {
        if ((long) width * height != values.length) {
            throw new IllegalArgumentException("field " + width + "x" + height + " needs " + (long) width * height
                    + " values, got " + values.length);
        }
    }

    public static Field filled(int width, int height, float value) {
        float[] v = new float[width * height];
        java.util.Arrays.fill(v, value);
        return new Field(width, height, v);
    }
}
