package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChannelNormTest {
    /** The fused layer_norm path against the definition, computed here in double precision per pixel. */
    @Test
    void normalizesEachPixelOverTheChannelsWithScaleAndShift() {
        int b = 2, c = 5, h = 3, w = 4;
        try (NDManager m = NDManager.newBaseManager()) {
            ChannelNorm norm = new ChannelNorm(c);
            norm.setInitializer(new NormalInitializer(1f), ai.djl.nn.Parameter.Type.GAMMA);
            norm.setInitializer(new NormalInitializer(1f), ai.djl.nn.Parameter.Type.BETA);
            Random rnd = new Random(3);
            float[] data = new float[b * c * h * w];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (rnd.nextGaussian() * 3 + 1);
            }
            NDArray x = m.create(data, new Shape(b, c, h, w));
            norm.initialize(m, DataType.FLOAT32, x.getShape());
            float[] gamma = norm.getParameters().get("gamma").getArray().toFloatArray();
            float[] beta = norm.getParameters().get("beta").getArray().toFloatArray();
            float[] y = norm.forward(new ParameterStore(m, false), new NDList(x), false).head().toFloatArray();
            for (int n = 0; n < b; n++) {
                for (int p = 0; p < h * w; p++) {
                    double mean = 0;
                    for (int k = 0; k < c; k++) {
                        mean += data[(n * c + k) * h * w + p];
                    }
                    mean /= c;
                    double var = 0;
                    for (int k = 0; k < c; k++) {
                        double d = data[(n * c + k) * h * w + p] - mean;
                        var += d * d;
                    }
                    var /= c;
                    for (int k = 0; k < c; k++) {
                        int i = (n * c + k) * h * w + p;
                        double expected = (data[i] - mean) / Math.sqrt(var + 1e-6) * gamma[k] + beta[k];
                        assertEquals(expected, y[i], 1e-4, "sample " + n + " pixel " + p + " channel " + k);
                    }
                }
            }
        }
    }
}
