package io.omniiml.model.pretrained;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The part of keras-applications' MobileNetV2 (alpha 1.0) that {@link MobileNetV2Trunk} implements: {@code Conv1}
 * .. {@code block_10_project_BN}, with Keras 2.2.4's layer names. Shared by the importer (which checks the package's
 * topology against it and takes exactly these tensors) and the trunk (which runs it).
 */
final class MobileNetV2Layout {
    /** Last layer taken from the package; everything after it (block_11 .. the classifier) is left out. */
    static final String LAST_LAYER = "block_10_project_BN";
    /** BatchNormalization epsilon of every BN layer in the model. */
    static final double BN_EPSILON = 1e-3;
    /** Output channels of the stem convolution {@code Conv1}. */
    static final int STEM_CHANNELS = 32;

    /**
     * One inverted-residual block. Block 0 ({@code expanded_conv_*}) has no expansion layer.
     *
     * @param index    0..10
     * @param in       input channels
     * @param expanded channels after the 1x1 expansion (= in for block 0)
     * @param out      output channels of the 1x1 projection
     * @param stride   stride of the depthwise 3x3 (2: bottom/right zero pad by one, then a valid convolution)
     * @param residual whether {@code block_N_add} adds the block's input
     */
    record Block(int index, int in, int expanded, int out, int stride, boolean residual) {
        String prefix() {
            return index == 0 ? "expanded_conv" : "block_" + index;
        }

        boolean hasExpansion() {
            return index != 0;
        }

        String expand() {
            return prefix() + "_expand";
        }

        String depthwise() {
            return prefix() + "_depthwise";
        }

        String project() {
            return prefix() + "_project";
        }

        /** Keras names the BN of block 0's depthwise/projection {@code expanded_conv_depthwise_BN} etc. too. */
        static String bn(String conv) {
            return conv + "_BN";
        }
    }

    /** A converted tensor: name in the weights file, its shape there, Keras source name and source shape. */
    record TensorSpec(String name, int[] shape, String source, int[] sourceShape, Kind kind) {
    }

    /** What a tensor is; decides the layout conversion and whether the trunk trains it. */
    enum Kind {
        CONV_KERNEL, DEPTHWISE_KERNEL, GAMMA, BETA, MOVING_MEAN, MOVING_VARIANCE
    }

    static final List<Block> BLOCKS;
    static final List<TensorSpec> TENSORS;

    static {
        List<Block> b = new ArrayList<>();
        b.add(new Block(0, 32, 32, 16, 1, false));
        int[][] rest = { // out, stride, residual (1/0); expansion factor 6 throughout
            {24, 2, 0}, {24, 1, 1}, {32, 2, 0}, {32, 1, 1}, {32, 1, 1}, {64, 2, 0}, {64, 1, 1}, {64, 1, 1},
            {64, 1, 1}, {96, 1, 0}};
        int in = 16;
        for (int i = 0; i < rest.length; i++) {
            b.add(new Block(i + 1, in, in * 6, rest[i][0], rest[i][1], rest[i][2] == 1));
            in = rest[i][0];
        }
        BLOCKS = Collections.unmodifiableList(b);

        List<TensorSpec> t = new ArrayList<>();
        conv(t, "Conv1", STEM_CHANNELS, 3, 3);
        bn(t, "bn_Conv1", STEM_CHANNELS);
        for (Block block : BLOCKS) {
            if (block.hasExpansion()) {
                conv(t, block.expand(), block.expanded(), block.in(), 1);
                bn(t, Block.bn(block.expand()), block.expanded());
            }
            String dw = block.depthwise();
            t.add(new TensorSpec(dw + "/weight", new int[] {block.expanded(), 1, 3, 3}, dw + "/depthwise_kernel",
                    new int[] {3, 3, block.expanded(), 1}, Kind.DEPTHWISE_KERNEL));
            bn(t, Block.bn(dw), block.expanded());
            conv(t, block.project(), block.out(), block.expanded(), 1);
            bn(t, Block.bn(block.project()), block.out());
        }
        TENSORS = Collections.unmodifiableList(t);
    }

    private MobileNetV2Layout() {
    }

    private static void conv(List<TensorSpec> t, String layer, int out, int in, int k) {
        t.add(new TensorSpec(layer + "/weight", new int[] {out, in, k, k}, layer + "/kernel", new int[] {k, k, in, out},
                Kind.CONV_KERNEL));
    }

    private static void bn(List<TensorSpec> t, String layer, int c) {
        String[] keras = {"gamma", "beta", "moving_mean", "moving_variance"};
        Kind[] kinds = {Kind.GAMMA, Kind.BETA, Kind.MOVING_MEAN, Kind.MOVING_VARIANCE};
        for (int i = 0; i < keras.length; i++) {
            t.add(new TensorSpec(layer + "/" + keras[i], new int[] {c}, layer + "/" + keras[i], new int[] {c}, kinds[i]));
        }
    }

    /** The Keras layers from {@code Conv1_pad} to {@link #LAST_LAYER} in topology order, with their class names. */
    static List<String[]> kerasLayers() {
        List<String[]> l = new ArrayList<>();
        l.add(new String[] {"Conv1_pad", "ZeroPadding2D"});
        l.add(new String[] {"Conv1", "Conv2D"});
        l.add(new String[] {"bn_Conv1", "BatchNormalization"});
        l.add(new String[] {"Conv1_relu", "ReLU"});
        for (Block b : BLOCKS) {
            String p = b.prefix();
            if (b.hasExpansion()) {
                l.add(new String[] {p + "_expand", "Conv2D"});
                l.add(new String[] {p + "_expand_BN", "BatchNormalization"});
                l.add(new String[] {p + "_expand_relu", "ReLU"});
            }
            if (b.stride() == 2) {
                l.add(new String[] {p + "_pad", "ZeroPadding2D"});
            }
            l.add(new String[] {p + "_depthwise", "DepthwiseConv2D"});
            l.add(new String[] {p + "_depthwise_BN", "BatchNormalization"});
            l.add(new String[] {p + "_depthwise_relu", "ReLU"});
            l.add(new String[] {p + "_project", "Conv2D"});
            l.add(new String[] {p + "_project_BN", "BatchNormalization"});
            if (b.residual()) {
                l.add(new String[] {p + "_add", "Add"});
            }
        }
        return l;
    }

    static long numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }
}
