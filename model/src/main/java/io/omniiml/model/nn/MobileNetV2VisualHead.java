package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.omniiml.model.pretrained.MobileNetV2Trunk;

/**
 * Visual Perception Head on MobileNetV2's Conv1..block_10 ({@link MobileNetV2Trunk}, initialised from nsfwjs'
 * ImageNet-derived weights): same outputs as {@link VisualPerceptionHead}, {F1 at stride 4, F_rgb at stride 8}, so
 * the gate, fusion, backbone and decoder are unchanged. F1 = norm(1x1(block_2_add)); F_rgb = norm(1x1(block_5_add
 * concatenated with block_10's stride-16 features upsampled to stride 8)): the deepest pretrained features reach the
 * stride-8 map that the gate and the frequency fusion see.
 */
final class MobileNetV2VisualHead extends LazyBlock {
    static final String TRUNK = "trunk";
    private final MobileNetV2Trunk trunk;
    private final Block to4;
    private final ChannelNorm norm4;
    private final Block to8;
    private final ChannelNorm norm8;

    MobileNetV2VisualHead(int width4, int width8) {
        trunk = addChildBlock(TRUNK, new MobileNetV2Trunk());
        to4 = addChildBlock("to4", Layers.conv(width4, 1));
        norm4 = addChildBlock("norm4", new ChannelNorm(width4));
        to8 = addChildBlock("to8", Layers.conv(width8, 1));
        norm8 = addChildBlock("norm8", new ChannelNorm(width8));
    }

    MobileNetV2Trunk trunk() {
        return trunk;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList taps = trunk.forward(ps, inputs, training);
        NDArray s4 = taps.get(0);
        NDArray s8 = taps.get(1);
        NDArray deep = Layers.resize(taps.get(3), s8.getShape().get(2), s8.getShape().get(3));
        NDArray f1 = run(norm4, ps, run(to4, ps, s4, training), training);
        NDArray f8 = run(norm8, ps, Activation.gelu(run(to8, ps, s8.concat(deep, 1), training)), training);
        return new NDList(f1, f8);
    }
}
