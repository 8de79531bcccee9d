package io.omniiml.bench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;

import java.util.function.Supplier;

/**
 * Milliseconds of the network's building blocks at the sizes a 512x512 tile gives them (one sample, inference):
 * finds the layers that run far below the engine's FLOP rate.
 * <pre>java -Dai.djl.offline=true -cp bench/target-x/benchmarks.jar io.omniiml.bench.model.LayerBench</pre>
 */
public final class LayerBench {
    private LayerBench() {
    }

    private static void time(String name, double macs, Supplier<NDArray> op) {
        op.get().close();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            try (NDArray y = op.get()) {
                y.toFloatArray();
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        System.out.printf("%-44s %8.2f ms  %6.2f GFLOP/s%n", name, best, 2 * macs / best / 1e6);
    }

    private static NDArray conv(NDArray x, NDArray w, int stride, int pad, int dil, int groups) {
        return Conv2d.conv2d(x, w, null, new Shape(stride, stride), new Shape(pad, pad), new Shape(dil, dil), groups)
                .singletonOrThrow();
    }

    public static void main(String[] args) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray full21 = m.randomUniform(0, 1, new Shape(1, 21, 512, 512));
            NDArray full16 = m.randomUniform(0, 1, new Shape(1, 16, 512, 512));
            NDArray s4 = m.randomUniform(0, 1, new Shape(1, 24, 128, 128));
            NDArray s4x5 = m.randomUniform(0, 1, new Shape(1, 5, 512, 512));
            NDArray s8 = m.randomUniform(0, 1, new Shape(1, 48, 64, 64));
            NDArray s4d = m.randomUniform(0, 1, new Shape(1, 32, 128, 128));
            NDArray dct = m.randomUniform(-5, 5, new Shape(1, 512, 512)).toType(DataType.INT32, false);
            double p1 = 512 * 512;
            double p4 = p1 / 16;
            double p8 = p1 / 64;
            time("stem 4x4/4 5->24", p4 * 24 * 5 * 16, () -> conv(s4x5, m.randomNormal(new Shape(24, 5, 4, 4)), 4, 0, 1, 1));
            time("one-hot (eq) 21 x 512^2", 0, () -> {
                NDArray level = dct.abs().clip(0, 20).expandDims(1);
                return level.eq(m.arange(0, 21, 1, DataType.INT32).reshape(1, 21, 1, 1)).toType(DataType.FLOAT32, false);
            });
            time("1x1 21->16 @512^2", p1 * 21 * 16, () -> conv(full21, m.randomNormal(new Shape(16, 21, 1, 1)), 1, 0, 1, 1));
            time("dw3x3 dil8 16 @512^2", p1 * 16 * 9, () -> conv(full16, m.randomNormal(new Shape(16, 1, 3, 3)), 1, 8, 8, 16));
            time("dense 3x3 dil8 21->16 @512^2", p1 * 16 * 21 * 9, () -> conv(full21, m.randomNormal(new Shape(16, 21, 3, 3)), 1, 8, 8, 1));
            time("gelu 16 @512^2", 0, () -> Activation.gelu(full16));
            time("8x8/8 16->48", p8 * 48 * 16 * 64, () -> conv(full16, m.randomNormal(new Shape(48, 16, 8, 8)), 8, 0, 1, 1));
            time("modulation reshape-mul 16 @512^2", 0, () -> full16.reshape(1, 16, 64, 8, 64, 8)
                    .mul(m.randomUniform(0, 1, new Shape(1, 16, 1, 8, 1, 8))).reshape(1, 16, 512, 512));
            time("dw7x7 24 @128^2", p4 * 24 * 49, () -> conv(s4, m.randomNormal(new Shape(24, 1, 7, 7)), 1, 3, 1, 24));
            time("1x1 24->72 @128^2", p4 * 24 * 72, () -> conv(s4, m.randomNormal(new Shape(72, 24, 1, 1)), 1, 0, 1, 1));
            time("channel norm 24 @128^2", 0, () -> {
                NDArray c = s4.sub(s4.mean(new int[] {1}, true));
                return c.div(c.square().mean(new int[] {1}, true).add(1e-6f).sqrt());
            });
            time("3x3 48->48 @64^2", p8 * 48 * 48 * 9, () -> conv(s8, m.randomNormal(new Shape(48, 48, 3, 3)), 1, 1, 1, 1));
            time("3x3 48->16 @64^2", p8 * 48 * 16 * 9, () -> conv(s8, m.randomNormal(new Shape(16, 48, 3, 3)), 1, 1, 1, 1));
            time("dynamic dw3x3 dil4 32 @128^2 (groups)", p4 * 32 * 9, () -> conv(s4d, m.randomNormal(new Shape(32, 1, 3, 3)), 1, 4, 4, 32));
            time("3x3 32->16 @128^2", p4 * 32 * 16 * 9, () -> conv(s4d, m.randomNormal(new Shape(16, 32, 3, 3)), 1, 1, 1, 1));
            time("bilinear x4 to 512^2", 0, () -> m.randomUniform(0, 1, new Shape(1, 1, 128, 128)).getNDArrayInternal()
                    .interpolation(new long[] {512, 512}, 1, false));
        }
    }
}
