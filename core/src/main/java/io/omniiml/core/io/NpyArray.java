package io.omniiml.core.io;

import java.util.Arrays;

/**
 * An array read from a NumPy .npy file, kept in its stored element type.
 *
 * @param dtype  the NumPy type string as written in the header, e.g. "&lt;i2", "|u1", "|b1"
 * @param shape  the dimensions, C (row-major) order
 * @param integers the elements in C order for integer and bool (0/1) dtypes, else null
 * @param floats   the elements in C order for f4/f8, else null
 */
public record NpyArray(String dtype, int[] shape, long[] integers, double[] floats) {

    /** Number of elements (product of the shape). */
    public int size() {
        return integers != null ? integers.length : floats.length;
    }

    /** Whether the elements are floating point (f4, f8). */
    public boolean floating() {
        return floats != null;
    }

    /** The elements as float (integers converted exactly where they fit a float's mantissa). */
    public float[] toFloats() {
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = floats != null ? (float) floats[i] : (float) integers[i];
        }
        return out;
    }

    /** The elements as int; floats are truncated toward zero. */
    public int[] toInts() {
        int[] out = new int[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = floats != null ? (int) floats[i] : (int) integers[i];
        }
        return out;
    }

    /** The elements as short (int16 data round-trips exactly). */
    public short[] toShorts() {
        short[] out = new short[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = floats != null ? (short) floats[i] : (short) integers[i];
        }
        return out;
    }

    @Override
    public String toString() {
        return "NpyArray[" + dtype + " " + Arrays.toString(shape) + "]";
    }
}
