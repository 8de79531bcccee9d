package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * Dynamic Weight Filter: K expert depthwise kernels W_1..W_K; per sample A = sigmoid(FC([GAP(x), V_g])) and the
 * kernel D = sum_i A_i W_i; the depthwise convolution with D (dilation per filter) runs for the whole batch as ONE
 * grouped convolution, the batch folded into the channels ((1, B*C, H, W), groups B*C); then a pointwise
 * convolution, GELU and a residual connection. Outputs {y, A}: A (B, K) is returned for inspection and tests.
 *
 * <p>Static variant (the paper's "static decoder weights" ablation, {@code dwd.dynamic: false}): one learned
 * depthwise kernel shared by all samples, no mixing layer; A is then a (B, 1) column of ones.
 */
final class DynamicWeightFilter extends LazyBlock {
    private final int channels;
    private final int experts;
    private final int kernel;
    private final int dilation;
    private final boolean dynamic;
    private final Parameter expertKernels;
    private final Block mixing;
    private final Block pointwise;

    DynamicWeightFilter(int channels, int experts, int kernel, int dilation, boolean dynamic) {
        this.channels = channels;
        this.experts = dynamic ? experts : 1;
        this.kernel = kernel;
        this.dilation = dilation;
        this.dynamic = dynamic;
        // He-style scale for a depthwise kernel (fan-in k*k); the mixture of K sigmoids ~0.5 each keeps it near that
        float scale = (float) Math.sqrt(2.0 / (kernel * kernel)) * (dynamic ? 2f / experts : 1f);
        expertKernels = addParameter(Parameter.builder().setName("experts").setType(Parameter.Type.OTHER)
                .optShape(new Shape(this.experts, (long) channels * kernel * kernel))
                .optInitializer(new NormalInitializer(scale))
                .build());
        mixing = dynamic ? addChildBlock("mixing", Layers.linear(experts)) : null;
        pointwise = addChildBlock("pointwise", Layers.conv(channels, 1));
    }

    int dilation() {
        return dilation;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray globalVector = inputs.get(1);
        Shape s = x.getShape();
        long b = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        NDArray weights = ps.getValue(expertKernels, x.getDevice(), training);
        int pad = dilation * (kernel - 1) / 2;
        NDArray mix;
        NDArray y;
        if (dynamic) {
            mix = run(mixing, ps, Layers.gap(x).concat(globalVector, 1), training).getNDArrayInternal().sigmoid();
            NDArray kernels = mix.matMul(weights).reshape(b * channels, 1, kernel, kernel);
            y = Conv2d.conv2d(x.reshape(1, b * channels, h, w), kernels, null, new Shape(1, 1),
                    new Shape(pad, pad), new Shape(dilation, dilation), (int) (b * channels)).singletonOrThrow()
                    .reshape(b, channels, h, w);
        } else {
            mix = x.getManager().ones(new Shape(b, 1));
            NDArray shared = weights.reshape(channels, 1, kernel, kernel);
            shared.attach(x.getManager()); // a view of the parameter: not the model's to keep
            y = Conv2d.conv2d(x, shared, null, new Shape(1, 1),
                    new Shape(pad, pad), new Shape(dilation, dilation), channels).singletonOrThrow();
        }
        y = Activation.gelu(run(pointwise, ps, y, training));
        return new NDList(x.add(y), mix);
    }
}
