package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A mask predictor: 3x3 convolution to {@code hidden} (>= 16) channels, GELU, 1x1 convolution to 1 logit.
 * The 3x3-then-1x1 form avoids oneDNN's NaN gradients of 3x3 convolutions with 1..8 outputs (ENGINE.md trap 2).
 * Used for the auxiliary decoders (P_rgb, P_fused) and the final mask.
 */
final class MaskHead extends LazyBlock {
    private final Block hiddenConv;
    private final Block logit;

    MaskHead(int hidden) {
        hiddenConv = addChildBlock("hidden", Layers.conv(hidden, 3));
        logit = addChildBlock("logit", Layers.conv(1, 1));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(run(logit, ps, Activation.gelu(run(hiddenConv, ps, inputs.head(), training)), training));
    }
}
