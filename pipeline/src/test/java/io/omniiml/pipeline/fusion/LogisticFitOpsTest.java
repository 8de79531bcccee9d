package io.omniiml.pipeline.fusion;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogisticFitOpsTest {
    @Test
    void recoversAKnownRuleFromSampledLabels() {
        double[] truth = {2.0, -1.0, 0.5};
        double bias = -0.3;
        Random random = new Random(11);
        int n = 40_000;
        double[][] x = new double[n][3];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            double z = bias;
            for (int f = 0; f < 3; f++) {
                x[i][f] = random.nextGaussian();
                z += truth[f] * x[i][f];
            }
            y[i] = random.nextDouble() < LogisticFitOps.sigmoid(z);
        }
        LogisticFitOps.Fit fit = LogisticFitOps.fit(x, y, null, 0, 50);
        assertTrue(fit.converged(), "Newton converges in a few steps, took " + fit.iterations());
        assertArrayEquals(truth, fit.weights(), 0.08);
        assertEquals(bias, fit.bias(), 0.05);
    }

    @Test
    void sampleWeightsActLikeRepeatedRows() {
        double[][] x = {{0}, {1}, {2}, {3}, {1}, {2}};
        boolean[] y = {false, false, true, true, true, false};
        double[] w = {1, 2, 1, 3, 1, 1};
        double[][] repeated = {{0}, {1}, {1}, {2}, {3}, {3}, {3}, {1}, {2}};
        boolean[] ry = {false, false, false, true, true, true, true, true, false};
        LogisticFitOps.Fit a = LogisticFitOps.fit(x, y, w, 0.01, 50);
        LogisticFitOps.Fit b = LogisticFitOps.fit(repeated, ry, null, 0.01, 50);
        assertArrayEquals(b.weights(), a.weights(), 1e-8);
        assertEquals(b.bias(), a.bias(), 1e-8);
    }

    @Test
    void separableDataStayFiniteUnderThePenalty() {
        double[][] x = {{-2}, {-1}, {1}, {2}};
        boolean[] y = {false, false, true, true};
        LogisticFitOps.Fit fit = LogisticFitOps.fit(x, y, null, 0.1, 100);
        assertTrue(Double.isFinite(fit.weights()[0]) && fit.weights()[0] > 0);
        assertEquals(0, fit.bias(), 1e-9, "symmetric data: no intercept");
    }

    @Test
    void solvesASmallSystem() {
        double[][] a = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}};
        double[] s = LogisticFitOps.solve(a, new double[]{5, 5, 3});
        assertArrayEquals(new double[]{1, 1, 1}, s, 1e-12);
    }

    @Test
    void logitIsClippedAndNaNIsNeutral() {
        assertEquals(LogisticFitOps.LOGIT_CLIP, LogisticFitOps.logit(1), 1e-9);
        assertEquals(-LogisticFitOps.LOGIT_CLIP, LogisticFitOps.logit(0), 1e-9);
        assertEquals(0, LogisticFitOps.logit(Double.NaN));
        assertEquals(Math.log(3), LogisticFitOps.logit(0.75), 1e-12);
    }

    @Test
    void rejectsMismatchedInput() {
        assertThrows(IllegalArgumentException.class, () -> LogisticFitOps.fit(new double[][]{{1}}, new boolean[2], null, 0, 5));
    }

    @Test
    void nonNegativeFitSwitchesOffAnAntiCorrelatedFeature() {
        Random random = new Random(3);
        int n = 20_000;
        double[][] x = new double[n][2];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = random.nextGaussian();
            x[i][1] = random.nextGaussian();
            y[i] = random.nextDouble() < LogisticFitOps.sigmoid(1.5 * x[i][0] - 1.0 * x[i][1]);
        }
        LogisticFitOps.Fit free = LogisticFitOps.fit(x, y, null, 0, 50);
        assertTrue(free.weights()[1] < -0.8, "unconstrained: negative, " + free.weights()[1]);
        LogisticFitOps.Fit constrained = LogisticFitOps.fitNonNegative(x, y, null, 0, 50);
        assertEquals(0, constrained.weights()[1]);
        // with the second feature off, the first is the one-feature fit
        double[][] only = new double[n][1];
        for (int i = 0; i < n; i++) {
            only[i][0] = x[i][0];
        }
        assertEquals(LogisticFitOps.fit(only, y, null, 0, 50).weights()[0], constrained.weights()[0], 1e-9);
        assertEquals(2, constrained.weights().length, "weights for every feature, the switched-off one at 0");
    }
}
