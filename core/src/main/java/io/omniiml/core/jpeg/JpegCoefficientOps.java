package io.omniiml.core.jpeg;

/**
 * Pure functions over coefficient arrays, the building blocks of double-compression and quality analysis
 * (e.g. periodic histograms of a frequency after requantization).
 */
public final class JpegCoefficientOps {
    private JpegCoefficientOps() {
    }

    /** Number of 8x8 blocks of a component. */
    public static int blockCount(JpegCoefficients.Component component) {
        return component.blocksWide() * component.blocksHigh();
    }

    /** Coefficient k (natural order, 0 = DC) of every block, blocks in row-major order. */
    public static short[] frequency(JpegCoefficients.Component component, int k) {
        checkFrequency(k);
        short[] out = new short[blockCount(component)];
        int stride = component.stride();
        int offset = (k >> 3) * stride + (k & 7);
        int i = 0;
        for (int r = 0; r < component.blocksHigh(); r++) {
            for (int c = 0; c < component.blocksWide(); c++) {
                out[i++] = component.coefficients()[r * 8 * stride + c * 8 + offset];
            }
        }
        return out;
    }

    /**
     * Histogram of the quantized values of frequency k over all blocks: {@code out[v + range]} counts value v for
     * -range..range; values outside are not counted (use {@link #frequency} to see them).
     */
    public static int[] histogram(JpegCoefficients.Component component, int k, int range) {
        if (range < 0) {
            throw new IllegalArgumentException("range must be >= 0: " + range);
        }
        int[] counts = new int[2 * range + 1];
        for (short v : frequency(component, k)) {
            if (v >= -range && v <= range) {
                counts[v + range]++;
            }
        }
        return counts;
    }

    /** 64 histograms, one per natural-order frequency: {@code out[k][v + range]}. */
    public static int[][] histograms(JpegCoefficients.Component component, int range) {
        int[][] out = new int[64][];
        for (int k = 0; k < 64; k++) {
            out[k] = histogram(component, k, range);
        }
        return out;
    }

    /** Dequantized coefficients (value times its table entry), same layout as the component's array. */
    public static int[] dequantize(JpegCoefficients.Component component, int[] naturalOrderTable) {
        short[] q = component.coefficients();
        int[] out = new int[q.length];
        int stride = component.stride();
        for (int i = 0; i < q.length; i++) {
            int row = i / stride;
            int col = i % stride;
            out[i] = q[i] * naturalOrderTable[(row & 7) * 8 + (col & 7)];
        }
        return out;
    }

    /** Fraction of blocks whose frequency k is zero: a quick sparsity measure per frequency. */
    public static double zeroFraction(JpegCoefficients.Component component, int k) {
        short[] values = frequency(component, k);
        int zeros = 0;
        for (short v : values) {
            if (v == 0) {
                zeros++;
            }
        }
        return values.length == 0 ? 0 : (double) zeros / values.length;
    }

    private static void checkFrequency(int k) {
        if (k < 0 || k > 63) {
            throw new IllegalArgumentException("frequency index must be 0..63: " + k);
        }
    }
}
