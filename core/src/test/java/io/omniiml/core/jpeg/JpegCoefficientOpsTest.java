package io.omniiml.core.jpeg;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class JpegCoefficientOpsTest {
    /** 2 blocks wide, 1 high; block 0 has DC 3 and coefficient 9 (row 1, col 1) = -1; block 1 DC 3, k=9 = 5. */
    static JpegCoefficients.Component sample() {
        short[] a = new short[16 * 8];
        a[0] = 3;
        a[8] = 3;
        a[16 + 1] = -1;
        a[16 + 9] = 5;
        return new JpegCoefficients.Component(1, 1, 1, 0, 2, 1, a);
    }

    @Test
    void frequencyAndHistogram() {
        JpegCoefficients.Component c = sample();
        assertArrayEquals(new short[]{3, 3}, JpegCoefficientOps.frequency(c, 0));
        assertArrayEquals(new short[]{-1, 5}, JpegCoefficientOps.frequency(c, 9));
        // range 2: values -2..2, the 5 is outside
        assertArrayEquals(new int[]{0, 1, 0, 0, 0}, JpegCoefficientOps.histogram(c, 9, 2));
        assertArrayEquals(new int[]{0, 0, 0, 0, 0, 0, 0, 2, 0}, JpegCoefficientOps.histogram(c, 0, 4));
        assertEquals(1.0, JpegCoefficientOps.zeroFraction(c, 63));
        assertEquals(0.0, JpegCoefficientOps.zeroFraction(c, 9));
        assertEquals(sample().coefficient(0, 1, 9), (short) 5);
    }

    @Test
    void dequantizeMultipliesByTheTableEntryOfEachFrequency() {
        int[] table = new int[64];
        for (int i = 0; i < 64; i++) {
            table[i] = i + 1;
        }
        int[] d = JpegCoefficientOps.dequantize(sample(), table);
        assertEquals(3, d[0]);
        assertEquals(-10, d[16 + 1]);
        assertEquals(50, d[16 + 9]);
        assertEquals(List.of(3, 3), List.of(d[0], d[8]));
    }
}
