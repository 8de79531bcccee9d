package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Fusion of visual and frequency features at stride 8: concat, 1x1 convolution, squeeze-and-excitation channel
 * attention, 3x3 convolution, channel norm, added to F_rgb (so F_fused = F_rgb + what frequency adds).
 */
final class FusionBlock extends LazyBlock {
    private final Block mix;
    private final Block squeeze;
    private final Block excite;
    private final Block refine;
    private final ChannelNorm norm;

    FusionBlock(int channels) {
        mix = addChildBlock("mix", Layers.conv(channels, 1));
        squeeze = addChildBlock("squeeze", Layers.linear(Math.max(16, channels / 4)));
        excite = addChildBlock("excite", Layers.linear(channels));
        refine = addChildBlock("refine", Layers.conv(channels, 3));
        norm = addChildBlock("norm", new ChannelNorm(channels));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray rgb = inputs.get(0);
        NDArray freq = inputs.get(1);
        NDArray x = Activation.gelu(run(mix, ps, rgb.concat(freq, 1), training));
        NDArray attention = run(excite, ps, Activation.relu(run(squeeze, ps, Layers.gap(x), training)), training);
        x = x.mul(attention.getNDArrayInternal().sigmoid().expandDims(2).expandDims(3));
        x = run(norm, ps, run(refine, ps, x, training), training);
        return new NDList(rgb.add(x));
    }
}
