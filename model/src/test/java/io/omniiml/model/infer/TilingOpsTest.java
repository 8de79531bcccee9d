package io.omniiml.model.infer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TilingOpsTest {
    @Test
    void tilesCoverTheImageOnTheGrid() {
        assertArrayEquals(new int[] {0}, TilingOps.starts(500, 512, 64));
        assertEquals(512, TilingOps.extent(500, 0, 512));
        assertEquals(96, TilingOps.extent(77, 0, 512));
        assertArrayEquals(new int[] {0, 448, 896}, TilingOps.starts(1000, 512, 64));
        for (int length : new int[] {513, 1000, 4000, 4032}) {
            int[] s = TilingOps.starts(length, 512, 64);
            int last = s[s.length - 1];
            assertTrue(last + TilingOps.extent(length, last, 512) >= length, "covers " + length);
            for (int start : s) {
                assertEquals(0, start % 32);
                assertEquals(0, TilingOps.extent(length, start, 512) % 32);
            }
            if (s.length > 1) {
                int prev = s[s.length - 2];
                assertTrue(prev + 512 < length, "no redundant last tile for " + length);
            }
        }
    }

    @Test
    void weightsRampOnlyTowardsNeighbours() {
        float[] w = TilingOps.weights(8, 4, true, false);
        assertArrayEquals(new float[] {0.125f, 0.375f, 0.625f, 0.875f, 1, 1, 1, 1}, w, 1e-6f);
        float[] both = TilingOps.weights(8, 4, true, true);
        assertEquals(both[0], both[7], 1e-6f);
        float[] none = TilingOps.weights(5, 4, false, false);
        assertArrayEquals(new float[] {1, 1, 1, 1, 1}, none);
    }
}
