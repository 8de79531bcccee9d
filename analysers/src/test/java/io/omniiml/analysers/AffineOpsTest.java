package io.omniiml.analysers;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AffineOpsTest {
    // A rotation by 30 degrees, scale 1.2, shift (15, -7).
    private static final double C = 1.2 * Math.cos(Math.toRadians(30));
    private static final double S = 1.2 * Math.sin(Math.toRadians(30));
    private static final double[] T = {C, -S, 15, S, C, -7};

    @Test
    void threePointsRecoverTheTransform() {
        double[] src = {0, 0, 10, 0, 0, 10};
        double[] dst = new double[6];
        for (int i = 0; i < 3; i++) {
            double[] p = AffineOps.apply(T, src[2 * i], src[2 * i + 1]);
            dst[2 * i] = p[0];
            dst[2 * i + 1] = p[1];
        }
        assertArrayEquals(T, AffineOps.fromThree(src, dst), 1e-9);
        assertEquals(30, AffineOps.rotationDegrees(T), 1e-9);
        assertEquals(1.2, AffineOps.scale(T), 1e-9);
        assertNull(AffineOps.fromThree(new double[]{0, 0, 1, 1, 2, 2}, dst));
    }

    @Test
    void leastSquaresAndInverse() {
        List<double[]> src = new ArrayList<>();
        List<double[]> dst = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            double[] p = {i * 3.0, (i * 7) % 11};
            src.add(p);
            dst.add(AffineOps.apply(T, p[0], p[1]));
        }
        assertArrayEquals(T, AffineOps.fit(src, dst), 1e-9);
        double[] back = AffineOps.apply(AffineOps.invert(T), 15, -7);
        assertArrayEquals(new double[]{0, 0}, back, 1e-9);
    }
}
