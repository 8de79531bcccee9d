package io.omniiml.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ResumableAdamWTest {

    /** PyTorch's AdamW in double precision, as an independent reference. */
    private static double[] reference(double[] w, double[][] grads, double[] lrs, double b1, double b2, double eps,
                                      double wd, boolean decay) {
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        double[] x = w.clone();
        for (int t = 1; t <= grads.length; t++) {
            double lr = lrs[t - 1];
            for (int i = 0; i < x.length; i++) {
                if (decay) {
                    x[i] *= 1 - lr * wd;
                }
                double g = grads[t - 1][i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mh = m[i] / (1 - Math.pow(b1, t));
                double vh = v[i] / (1 - Math.pow(b2, t));
                x[i] -= lr * mh / (Math.sqrt(vh) + eps);
            }
        }
        return x;
    }

    @Test
    void matchesTheReferenceAndResumesExactly(@TempDir Path dir) throws Exception {
        double[][] grads = {{0.5, -1, 2, 0.01}, {0.4, -0.9, -2, 0.02}, {-0.1, 0.3, 1, 0}, {0.2, 0.2, 0.2, 0.2}};
        double[] lrs = {0.01, 0.02, 0.015, 0.005};
        double[] w0 = {1, -2, 0.5, 3};
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray weight = m.create(new float[] {1, -2, 0.5f, 3}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray straight = weight.duplicate();
            ResumableAdamW a = new ResumableAdamW(0.9, 0.999, 1e-8, 0.1);
            for (int t = 0; t < 4; t++) {
                a.setLearningRate(lrs[t]);
                a.update("w", straight, m.create(toFloat(grads[t]), straight.getShape()));
            }
            double[] ref = reference(w0, grads, lrs, 0.9, 0.999, 1e-8, 0.1, true);
            float[] got = straight.toFloatArray();
            for (int i = 0; i < 4; i++) {
                assertEquals(ref[i], got[i], 1e-6, "element " + i);
            }
            // two steps, save, a fresh optimizer loads, two more steps: bit-identical
            NDArray resumed = weight.duplicate();
            ResumableAdamW b = new ResumableAdamW(0.9, 0.999, 1e-8, 0.1);
            for (int t = 0; t < 2; t++) {
                b.setLearningRate(lrs[t]);
                b.update("w", resumed, m.create(toFloat(grads[t]), resumed.getShape()));
            }
            Path f = dir.resolve("opt.bin");
            b.save(f);
            ResumableAdamW c = new ResumableAdamW(0.9, 0.999, 1e-8, 0.1);
            c.load(f);
            for (int t = 2; t < 4; t++) {
                c.setLearningRate(lrs[t]);
                c.update("w", resumed, m.create(toFloat(grads[t]), resumed.getShape()));
            }
            c.requireAllRestored();
            assertArrayEquals(got, resumed.toFloatArray(), 0f);
            // state under another parameter name is reported, not silently dropped
            ResumableAdamW d = new ResumableAdamW(0.9, 0.999, 1e-8, 0.1);
            d.load(f);
            d.setLearningRate(0.01);
            d.update("other", weight.duplicate(), m.create(toFloat(grads[0]), weight.getShape()));
            assertThrows(IllegalStateException.class, d::requireAllRestored);
        }
    }

    @Test
    void biasesAreNotDecayed() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray bias = m.create(new float[] {1, 1});
            ResumableAdamW a = new ResumableAdamW(0.9, 0.999, 1e-8, 0.5);
            a.setLearningRate(0.1);
            a.update("b", bias, m.zeros(bias.getShape()));
            assertArrayEquals(new float[] {1, 1}, bias.toFloatArray(), 0f);
        }
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
