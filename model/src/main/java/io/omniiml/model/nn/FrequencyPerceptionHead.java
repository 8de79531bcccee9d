package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * Frequency Perception Head. Input: luminance DCT coefficients on the pixel grid (B, H, W) in jpegio layout
 * (block (r, c) at rows 8r..8r+7, columns 8c..8c+7) and the 64 quantization-table entries (B, 64), natural order.
 *
 * <p>What it computes is the paper's (DTD's) head: |coef| clipped to 20 and one-hot over 21 values, a 3x3
 * convolution with dilation 8 (each tap sees the SAME frequency in the neighbouring blocks), each 8x8 block position
 * modulated by an embedding of its quantization step, an 8x8 stride-8 convolution to the stride-8 grid. It is
 * computed in an equivalent but much faster layout: the coefficients are regrouped per frequency,
 * (B*64, H/8, W/8) with frequency k = 8 * row + column inside the block; there
 * <ul>
 *   <li>one-hot + 1x1 convolution = an embedding lookup (21 x C table): no 21-channel tensor at pixel resolution;</li>
 *   <li>the dilation-8 3x3 convolution = a plain 3x3 (depthwise, after the embedding) on the block grid;</li>
 *   <li>the per-position modulation = a per-(frequency, channel) factor 1 + tanh(FC(log q));</li>
 *   <li>the 8x8 stride-8 convolution = a 1x1 convolution over the 64 * C (frequency, channel) features.</li>
 * </ul>
 * Measured on 2 cores, the pixel-grid formulation (one-hot, dilated convolution, 8x8 stride-8) took most of the
 * tiny network's time; see docs/model.md. H and W must be multiples of 8, the coefficients start at a block boundary.
 */
final class FrequencyPerceptionHead extends LazyBlock {
    static final int CLIP = 20;
    private final int width;
    private final Parameter valueEmbedding;
    private final Block neighbours;
    private final Block quantEmbedding;
    private final Block toStride8;
    private final ChannelNorm norm;

    FrequencyPerceptionHead(int width, int outChannels) {
        this.width = width;
        valueEmbedding = addParameter(Parameter.builder().setName("valueEmbedding").setType(Parameter.Type.OTHER)
                .optShape(new Shape(CLIP + 1, width)).optInitializer(new NormalInitializer(1f)).build());
        neighbours = addChildBlock("neighbours", Layers.conv(width, 3, 1, 1, 1, width));
        quantEmbedding = addChildBlock("quantEmbedding", Layers.linear(width * 64));
        toStride8 = addChildBlock("toStride8", Layers.conv(outChannels, 1));
        norm = addChildBlock("norm", new ChannelNorm(outChannels));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray dct = inputs.get(0);
        NDArray qtable = inputs.get(1);
        Shape s = dct.getShape();
        long b = s.get(0);
        long h = s.get(1) / 8;
        long w = s.get(2) / 8;
        NDArray perFrequency = blocksToFrequencies(dct);
        NDArray table = ps.getValue(valueEmbedding, dct.getDevice(), training);
        NDArray x = perFrequency.getNDArrayInternal().embedding(perFrequency, table, SparseFormat.DENSE)
                .singletonOrThrow()                     // (B*64, h, w, C)
                .transpose(0, 3, 1, 2);                 // (B*64, C, h, w)
        x = Activation.gelu(run(neighbours, ps, x, training));
        // quantization steps span 1..255 (8-bit tables): log scale keeps fine and coarse steps apart
        NDArray q = qtable.clip(1, 255).log().div((float) Math.log(255));
        NDArray modulation = run(quantEmbedding, ps, q, training).tanh().add(1f).reshape(b, 64, width, 1, 1);
        x = x.reshape(b, 64, width, h, w).mul(modulation).reshape(b, 64L * width, h, w);
        return new NDList(run(norm, ps, run(toStride8, ps, x, training), training));
    }

    /** (B, H, W) coefficients -> (B*64, H/8, W/8) int64 levels min(|coef|, 20), frequency-major per sample. */
    static NDArray blocksToFrequencies(NDArray dct) {
        Shape s = dct.getShape();
        long b = s.get(0);
        long h = s.get(1) / 8;
        long w = s.get(2) / 8;
        return dct.toType(DataType.INT32, false).abs().clip(0, CLIP).toType(DataType.INT64, false)
                .reshape(b, h, 8, w, 8).transpose(0, 2, 4, 1, 3).reshape(b * 64, h, w);
    }
}
