package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** ConvNeXt block: depthwise 7x7, channel norm, pointwise MLP with GELU, residual. */
final class ConvNeXtBlock extends LazyBlock {
    private final Conv2d depthwise;
    private final ChannelNorm norm;
    private final Conv2d expand;
    private final Conv2d project;

    ConvNeXtBlock(int channels, int mlpRatio) {
        depthwise = addChildBlock("depthwise", Layers.conv(channels, 7, 1, 3, 1, channels));
        norm = addChildBlock("norm", new ChannelNorm(channels));
        expand = addChildBlock("expand", Layers.conv(channels * mlpRatio, 1));
        project = addChildBlock("project", Layers.conv(channels, 1));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray y = run(depthwise, ps, x, training);
        y = run(norm, ps, y, training);
        y = Activation.gelu(run(expand, ps, y, training));
        y = run(project, ps, y, training);
        return new NDList(x.add(y));
    }
}
