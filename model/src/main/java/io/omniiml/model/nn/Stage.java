package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * One backbone stage: channel norm + 2x2 stride-2 convolution (ConvNeXt's downsampling layer), then
 * {@code depth} ConvNeXt blocks. Used for the visual head's stride-8 stage and the backbone's strides 16 and 32.
 */
final class Stage extends LazyBlock {
    private final ChannelNorm norm;
    private final Block downsample;
    private final List<ConvNeXtBlock> blocks = new ArrayList<>();

    Stage(int inChannels, int outChannels, int depth, int mlpRatio) {
        norm = addChildBlock("norm", new ChannelNorm(inChannels));
        downsample = addChildBlock("downsample", Layers.conv(outChannels, 2, 2, 0, 1, 1));
        for (int i = 0; i < depth; i++) {
            blocks.add(addChildBlock("block" + i, new ConvNeXtBlock(outChannels, mlpRatio)));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = run(downsample, ps, run(norm, ps, inputs.head(), training), training);
        for (ConvNeXtBlock block : blocks) {
            x = run(block, ps, x, training);
        }
        return new NDList(x);
    }
}
