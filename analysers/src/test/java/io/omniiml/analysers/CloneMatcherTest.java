package io.omniiml.analysers;

import boofcv.struct.feature.TupleDesc_F64;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CloneMatcherTest {
    // From the original to the copy: rotation 20 degrees, scale 0.9, shift (200, 40).
    private static final double C = 0.9 * Math.cos(Math.toRadians(20));
    private static final double S = 0.9 * Math.sin(Math.toRadians(20));
    private static final double[] T = {C, -S, 200, S, C, 40};

    @Test
    void ransacRecoversTheTransformFromUnorderedPairsAmongOutliers() {
        Random r = new Random(5);
        int copies = 30;
        int noise = 40;
        int n = 2 * copies + 2 * noise;
        double[] x = new double[n];
        double[] y = new double[n];
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            x[2 * i] = 50 + r.nextDouble() * 100;
            y[2 * i] = 60 + r.nextDouble() * 100;
            double[] q = AffineOps.apply(T, x[2 * i], y[2 * i]);
            x[2 * i + 1] = q[0] + r.nextGaussian() * 0.5;
            y[2 * i + 1] = q[1] + r.nextGaussian() * 0.5;
            // Half the pairs listed copy-first: a match does not know which end is the original.
            pairs.add(i % 2 == 0 ? new int[]{2 * i, 2 * i + 1} : new int[]{2 * i + 1, 2 * i});
        }
        for (int i = 2 * copies; i < n; i += 2) {
            x[i] = r.nextDouble() * 500;
            y[i] = r.nextDouble() * 400;
            x[i + 1] = r.nextDouble() * 500;
            y[i + 1] = r.nextDouble() * 400;
            pairs.add(new int[]{i, i + 1});
        }
        CloneMatcher.Keypoints kps = new CloneMatcher.Keypoints(x, y, new double[n], List.of());
        List<CloneMatcher.Match> found = CloneMatcher.transforms(kps, pairs, 3, 10, 20);
        assertEquals(1, found.size());
        CloneMatcher.Match m = found.get(0);
        assertTrue(m.inliers() >= copies - 2 && m.inliers() <= copies + 2, "inliers " + m.inliers());
        double[] t = m.transform();
        boolean forward = AffineOps.scale(t) < 1;
        double[] expected = forward ? T : AffineOps.invert(T);
        for (int k = 0; k < 6; k++) {
            assertEquals(expected[k], t[k], k % 3 == 2 ? 2.0 : 0.02, "coefficient " + k);
        }
    }

    @Test
    void g2nnPairsDuplicatedDescriptorsAndSkipsNearSelf() {
        // Keypoints 0 and 1 share a descriptor far apart; 2 and 3 share one but sit 3 px apart; 4.. are distinct.
        Random r = new Random(9);
        int n = 12;
        double[] x = new double[n];
        double[] y = new double[n];
        List<TupleDesc_F64> d = new ArrayList<>();
        double[] shared = unit(r);
        double[] close = unit(r);
        for (int i = 0; i < n; i++) {
            x[i] = 40 * i;
            y[i] = 10;
            d.add(new TupleDesc_F64(i < 2 ? shared : i < 4 ? close : unit(r)));
        }
        x[3] = x[2] + 3;
        List<int[]> pairs = CloneMatcher.g2nn(new CloneMatcher.Keypoints(x, y, new double[n], d), 0.5, 10);
        assertEquals(1, pairs.size());
        assertEquals(0, pairs.get(0)[0]);
        assertEquals(1, pairs.get(0)[1]);
    }

    private static double[] unit(Random r) {
        double[] v = new double[128];
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble();
            s += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= Math.sqrt(s);
        }
        return v;
    }
}
