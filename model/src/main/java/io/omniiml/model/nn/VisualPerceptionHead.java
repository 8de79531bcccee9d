package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * Visual Perception Head: RGB in [0, 1] plus two coordinate channels (x and y in [-1, 1] over the input) through a
 * ConvNeXt stem (4x4 stride-4 patchify + channel norm) and blocks at stride 4 (F1), then a stage to stride 8
 * (F_rgb). Outputs {F1, F_rgb}. The patchify convolution runs as pixel-unshuffle + 1x1 convolution (same
 * function, 30x faster on 2 cores than a 4x4 stride-4 convolution over 5 channels); the coordinates enter at the
 * stride-4 cell centres, which spans the same affine functions of position as per-pixel coordinate channels.
 */
final class VisualPerceptionHead extends LazyBlock {
    private final Block stem;
    private final ChannelNorm stemNorm;
    private final List<ConvNeXtBlock> blocks = new ArrayList<>();
    private final Stage stage8;

    VisualPerceptionHead(int width4, int depth4, int width8, int depth8, int mlpRatio) {
        stem = addChildBlock("stem", Layers.conv(width4, 1));
        stemNorm = addChildBlock("stemNorm", new ChannelNorm(width4));
        for (int i = 0; i < depth4; i++) {
            blocks.add(addChildBlock("block" + i, new ConvNeXtBlock(width4, mlpRatio)));
        }
        stage8 = addChildBlock("stage8", new Stage(width4, width8, depth8, mlpRatio));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray rgb = inputs.head();
        // centre the colours so that the stem starts near zero mean; the scale is left to the stem's weights
        Shape s = rgb.getShape();
        long b = s.get(0);
        long h = s.get(2) / 4;
        long w = s.get(3) / 4;
        NDArray patches = rgb.sub(0.5f).mul(4f).reshape(b, 3, h, 4, w, 4).transpose(0, 1, 3, 5, 2, 4)
                .reshape(b, 48, h, w);
        NDArray x = patches.concat(coordinates(b, h, w, rgb.getManager()), 1);
        x = run(stemNorm, ps, run(stem, ps, x, training), training);
        for (ConvNeXtBlock block : blocks) {
            x = run(block, ps, x, training);
        }
        NDArray f8 = run(stage8, ps, x, training);
        return new NDList(x, f8);
    }

    /** (B, 2, h, w): x then y coordinate of each cell, from -1 (first cell) to 1 (last cell) of this input. */
    static NDArray coordinates(long b, long h, long w, NDManager m) {
        NDArray xs = m.linspace(-1f, 1f, (int) w).reshape(1, 1, 1, w).broadcast(b, 1, h, w);
        NDArray ys = m.linspace(-1f, 1f, (int) h).reshape(1, 1, h, 1).broadcast(b, 1, h, w);
        return xs.concat(ys, 1);
    }
}
