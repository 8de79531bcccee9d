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
 * ConvNeXt stem (4x4 stride-4 convolution + channel norm) and blocks at stride 4 (F1), then a stage to stride 8
 * (F_rgb). Outputs {F1, F_rgb}.
 */
final class VisualPerceptionHead extends LazyBlock {
    private final Block stem;
    private final ChannelNorm stemNorm;
    private final List<ConvNeXtBlock> blocks = new ArrayList<>();
    private final Stage stage8;

    VisualPerceptionHead(int width4, int depth4, int width8, int depth8, int mlpRatio) {
        stem = addChildBlock("stem", Layers.conv(width4, 4, 4, 0, 1, 1));
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
        NDArray x = rgb.sub(0.5f).mul(4f).concat(coordinates(rgb), 1);
        x = run(stemNorm, ps, run(stem, ps, x, training), training);
        for (ConvNeXtBlock block : blocks) {
            x = run(block, ps, x, training);
        }
        NDArray f8 = run(stage8, ps, x, training);
        return new NDList(x, f8);
    }

    /** (B, 2, H, W): x then y coordinate, each from -1 (first pixel) to 1 (last pixel) of this input. */
    static NDArray coordinates(NDArray rgb) {
        Shape s = rgb.getShape();
        long b = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        NDManager m = rgb.getManager();
        NDArray xs = m.linspace(-1f, 1f, (int) w).reshape(1, 1, 1, w).broadcast(b, 1, h, w);
        NDArray ys = m.linspace(-1f, 1f, (int) h).reshape(1, 1, h, 1).broadcast(b, 1, h, w);
        return xs.concat(ys, 1);
    }
}
