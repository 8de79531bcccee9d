package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Modal Gate: a small conv classifier over [F_rgb, F_fused, sigmoid(P_rgb), sigmoid(P_fused)] at stride 8:
 * 3x3 stride-2 convolution, GELU, global average pooling, linear layer to 2 logits
 * (index {@link #VISION} = vision-only features, {@link #FUSED} = vision + frequency).
 */
final class ModalGate extends LazyBlock {
    static final int VISION = 0;
    static final int FUSED = 1;
    private final Block conv;
    private final Block classifier;

    ModalGate(int hidden) {
        conv = addChildBlock("conv", Layers.conv(hidden, 3, 2, 1, 1, 1));
        classifier = addChildBlock("classifier", Layers.linear(2));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0).concat(inputs.get(1), 1)
                .concat(inputs.get(2).getNDArrayInternal().sigmoid(), 1)
                .concat(inputs.get(3).getNDArrayInternal().sigmoid(), 1);
        x = Activation.gelu(run(conv, ps, x, training));
        return new NDList(run(classifier, ps, Layers.gap(x), training));
    }
}
