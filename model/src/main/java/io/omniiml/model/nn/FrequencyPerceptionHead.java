package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Frequency Perception Head. Input: luminance DCT coefficients on the pixel grid (B, H, W) in jpegio layout
 * (block (r, c) at rows 8r..8r+7, columns 8c..8c+7) and the 64 quantization-table entries (B, 64), natural order.
 * <ol>
 *   <li>|coef| clipped to 20, one-hot over 21 values;</li>
 *   <li>a 1x1 convolution (an embedding of the 21 values) then a depthwise 3x3 convolution with dilation 8: each
 *       tap sees the SAME frequency in the neighbouring blocks, so the 8x8 grid is kept. Factorised from a dense
 *       3x3 21->C convolution because at pixel resolution the dense one cost more than the rest of tiny;</li>
 *   <li>each position of each 8x8 block multiplied by 1 + tanh(embedding of the quantization table), so the
 *       features know the compression step of every frequency;</li>
 *   <li>an 8x8 stride-8 convolution to the stride-8 grid, channel norm.</li>
 * </ol>
 * H and W must be multiples of 8 and the coefficients must start at a block boundary.
 */
final class FrequencyPerceptionHead extends LazyBlock {
    static final int CLIP = 20;
    private final int width;
    private final Block embed;
    private final Block dilated;
    private final Block quantEmbedding;
    private final Block toStride8;
    private final ChannelNorm norm;

    FrequencyPerceptionHead(int width, int outChannels) {
        this.width = width;
        embed = addChildBlock("embed", Layers.conv(width, 1));
        dilated = addChildBlock("dilated", Layers.conv(width, 3, 1, 8, 8, width));
        quantEmbedding = addChildBlock("quantEmbedding", Layers.linear(width * 64));
        toStride8 = addChildBlock("toStride8", Layers.conv(outChannels, 8, 8, 0, 1, 1));
        norm = addChildBlock("norm", new ChannelNorm(outChannels));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray dct = inputs.get(0);
        NDArray qtable = inputs.get(1);
        Shape s = dct.getShape();
        long b = s.get(0);
        long h = s.get(1);
        long w = s.get(2);
        NDArray x = run(dilated, ps, run(embed, ps, oneHot(dct), training), training);
        x = Activation.gelu(x);
        // quantization steps span 1..255 (8-bit tables): log scale keeps fine and coarse steps apart
        NDArray q = qtable.toType(DataType.FLOAT32, false).clip(1, 255).log().div((float) Math.log(255));
        NDArray modulation = run(quantEmbedding, ps, q, training).tanh().add(1f).reshape(b, width, 1, 8, 1, 8);
        x = x.reshape(b, width, h / 8, 8, w / 8, 8).mul(modulation).reshape(b, width, h, w);
        return new NDList(run(norm, ps, run(toStride8, ps, x, training), training));
    }

    /** (B, H, W) integer coefficients -> (B, 21, H, W) float one-hot of min(|coef|, 20). */
    static NDArray oneHot(NDArray dct) {
        NDArray level = dct.toType(DataType.INT32, false).abs().clip(0, CLIP).expandDims(1);
        NDArray values = dct.getManager().arange(0, CLIP + 1, 1, DataType.INT32).reshape(1, CLIP + 1, 1, 1);
        return level.eq(values).toType(DataType.FLOAT32, false);
    }
}
