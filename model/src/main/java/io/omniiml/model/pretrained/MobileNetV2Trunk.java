package io.omniiml.model.pretrained;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import io.omniiml.model.nn.ConvOps;
import io.omniiml.model.pretrained.MobileNetV2Layout.Block;
import io.omniiml.model.pretrained.MobileNetV2Layout.Kind;
import io.omniiml.model.pretrained.MobileNetV2Layout.TensorSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * keras-applications' MobileNetV2 (alpha 1.0) from {@code Conv1} to {@code block_10_project_BN}, computed as Keras
 * computes it, with the weights {@link MobileNetV2Import} converts from nsfwjs. Input: (B, 3, H, W) RGB floats in
 * [0, 1] (x/255, nsfwjs' preprocessing: the stored BatchNorm statistics fit that scaling, not x/127.5-1). Output, in
 * this order ({@link #TAPS}):
 * <ol>
 *   <li>{@code block_2_add}: (B, 24, H/4, W/4)</li>
 *   <li>{@code block_5_add}: (B, 32, H/8, W/8)</li>
 *   <li>{@code block_9_add}: (B, 64, H/16, W/16)</li>
 *   <li>{@code block_10_project_BN}: (B, 96, H/16, W/16) (block 10 has no residual add)</li>
 * </ol>
 * Each stride-2 layer halves a side rounding down; H and W should be multiples of 16.
 *
 * <p>Computation, as in the saved Keras graph: stride-2 layers ({@code Conv1} and the depthwise convolutions of
 * blocks 1, 3 and 6) get one row of zeros at the bottom and one column at the right (ZeroPadding2D ((0,1),(0,1)))
 * and a valid convolution; stride-1 3x3 depthwise convolutions pad 1 on every side; 1x1 convolutions pad nothing;
 * ReLU6 after the expansion and depthwise BatchNorms (and the stem's); residual adds on blocks 2, 4, 5, 7, 8, 9.
 *
 * <p>BatchNorm is an affine map with inference semantics in training as well:
 * {@code y = (x - moving_mean) / sqrt(moving_variance + 1e-3) * gamma + beta}, folded into the preceding convolution
 * at each forward pass (weight times the per-channel scale, the shift as the convolution's bias), so gradients reach
 * the kernels, gamma and beta. The moving statistics are parameters that take no gradient
 * ({@code requiresGradient() == false}): they stay frozen at the values nsfwjs stored (22 channels have a moving
 * variance of exactly 0, so the epsilon matters). Kernels, gamma and beta are ordinary trainable parameters, named
 * like the tensors of the weights file ({@code block_3_expand/weight}, {@code block_3_expand_BN/gamma}, ...).
 *
 * <p>Convolutions run through {@link ConvOps#conv2d}, which routes around oneDNN's faults with unaligned input
 * channels ({@code Conv1}: 3 -> 16, {@code block_2_expand}: 24 -> 32) and channels-last inputs (docs/model.md).
 *
 * <p>Use {@link #load(NDManager, Path)} for the pretrained trunk. A trunk made with the constructor and
 * {@link #initialize} gets Xavier kernels and identity BatchNorms instead.
 */
public final class MobileNetV2Trunk extends AbstractBlock {
    /** The outputs, in order. */
    public static final List<String> TAPS = List.of("block_2_add", "block_5_add", "block_9_add", "block_10_project_BN");
    /** Channels of each tap. */
    public static final List<Integer> TAP_CHANNELS = List.of(24, 32, 64, 96);
    /** Stride of each tap relative to the input. */
    public static final List<Integer> TAP_STRIDES = List.of(4, 8, 16, 16);
    /** BatchNorm epsilon (Keras' value in this model). */
    public static final float BN_EPSILON = (float) MobileNetV2Layout.BN_EPSILON;

    private static final byte VERSION = 1;

    private final Map<String, Parameter> byName = new LinkedHashMap<>();

    /** A trunk with uninitialised parameters (see {@link #load} for the pretrained one). */
    public MobileNetV2Trunk() {
        super(VERSION);
        for (TensorSpec t : MobileNetV2Layout.TENSORS) {
            Parameter.Type type = switch (t.kind()) {
                case CONV_KERNEL, DEPTHWISE_KERNEL -> Parameter.Type.WEIGHT;
                case GAMMA -> Parameter.Type.GAMMA;
                case BETA -> Parameter.Type.BETA;
                case MOVING_MEAN -> Parameter.Type.RUNNING_MEAN;
                case MOVING_VARIANCE -> Parameter.Type.RUNNING_VAR;
            };
            boolean statistic = t.kind() == Kind.MOVING_MEAN || t.kind() == Kind.MOVING_VARIANCE;
            Parameter p = addParameter(Parameter.builder()
                    .setName(t.name())
                    .setType(type)
                    .optInitializer(switch (t.kind()) {
                        case CONV_KERNEL, DEPTHWISE_KERNEL -> new XavierInitializer();
                        case GAMMA, MOVING_VARIANCE -> new ConstantInitializer(1f);
                        case BETA, MOVING_MEAN -> new ConstantInitializer(0f);
                    })
                    .optRequiresGrad(!statistic)
                    .build());
            byName.put(t.name(), p);
        }
    }

    /**
     * The pretrained trunk: parameters from a weights file of {@link MobileNetV2Import}, as arrays of
     * {@code manager}, already initialised (trainable ones require gradients).
     */
    public static MobileNetV2Trunk load(NDManager manager, Path weights) throws IOException {
        MobileNetV2Trunk trunk = new MobileNetV2Trunk();
        trunk.loadWeights(manager, weights);
        trunk.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
        return trunk;
    }

    /** Sets every parameter from {@code weights}; names and shapes must match exactly, no tensor may be missing. */
    public void loadWeights(NDManager manager, Path weights) throws IOException {
        Map<String, MobileNetV2Import.Tensor> tensors = new LinkedHashMap<>();
        for (MobileNetV2Import.Tensor t : MobileNetV2Import.readWeights(weights)) {
            tensors.put(t.name(), t);
        }
        for (TensorSpec spec : MobileNetV2Layout.TENSORS) {
            MobileNetV2Import.Tensor t = tensors.remove(spec.name());
            if (t == null) {
                throw new MobileNetV2Import.ImportException(weights, "tensor " + spec.name() + " missing");
            }
            if (!Arrays.equals(t.shape(), spec.shape())) {
                throw new MobileNetV2Import.ImportException(weights, "tensor " + spec.name() + " has shape "
                        + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(spec.shape()));
            }
            Parameter p = byName.get(spec.name());
            Shape shape = new Shape(Arrays.stream(spec.shape()).asLongStream().toArray());
            if (p.isInitialized()) {
                p.getArray().set(t.data());
            } else if (p.getShape() == null) {
                p.setArray(manager.create(t.data(), shape));
            } else {
                p.initialize(manager, DataType.FLOAT32);
                p.getArray().set(t.data());
            }
        }
        if (!tensors.isEmpty()) {
            throw new MobileNetV2Import.ImportException(weights, "unexpected tensors " + tensors.keySet());
        }
    }

    /** Number of values in all parameters, the frozen BatchNorm statistics included. */
    public static long parameterCount() {
        return MobileNetV2Layout.TENSORS.stream().mapToLong(t -> MobileNetV2Layout.numel(t.shape())).sum();
    }

    /** Number of values in the parameters that take gradients (kernels, gamma, beta). */
    public static long trainableParameterCount() {
        return MobileNetV2Layout.TENSORS.stream()
                .filter(t -> t.kind() != Kind.MOVING_MEAN && t.kind() != Kind.MOVING_VARIANCE)
                .mapToLong(t -> MobileNetV2Layout.numel(t.shape())).sum();
    }

    /** Multiply-accumulates of one forward pass over a height x width input (BatchNorm folded, so not counted). */
    public static long forwardMacs(long height, long width) {
        long h = (height + 1) / 2;
        long w = (width + 1) / 2;
        long macs = h * w * MobileNetV2Layout.STEM_CHANNELS * 3 * 9;
        for (MobileNetV2Layout.Block b : MobileNetV2Layout.BLOCKS) {
            if (b.hasExpansion()) {
                macs += h * w * (long) b.in() * b.expanded();
            }
            h = (h + b.stride() - 1) / b.stride();
            w = (w + b.stride() - 1) / b.stride();
            macs += h * w * (long) b.expanded() * 9 + h * w * (long) b.expanded() * b.out();
        }
        return macs;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        for (TensorSpec t : MobileNetV2Layout.TENSORS) {
            Parameter p = byName.get(t.name());
            if (!p.isInitialized() && p.getShape() == null) {
                p.setShape(new Shape(Arrays.stream(t.shape()).asLongStream().toArray()));
            }
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long b = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        Shape[] out = new Shape[TAPS.size()];
        for (int i = 0; i < out.length; i++) {
            long hh = h;
            long ww = w;
            for (int k = TAP_STRIDES.get(i); k > 1; k /= 2) {
                hh /= 2;
                ww /= 2;
            }
            out[i] = new Shape(b, TAP_CHANNELS.get(i), hh, ww);
        }
        return out;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (x.getShape().dimension() != 4 || x.getShape().get(1) != 3) {
            throw new IllegalArgumentException("MobileNetV2Trunk takes (B, 3, H, W) RGB, got " + x.getShape());
        }
        Forward f = new Forward(ps, training);
        x = relu6(f.convBn(padBottomRight(x), "Conv1", "bn_Conv1", 2, 0, 1));
        NDList taps = new NDList(TAPS.size());
        for (Block b : MobileNetV2Layout.BLOCKS) {
            NDArray h = x;
            if (b.hasExpansion()) {
                h = relu6(f.convBn(h, b.expand(), Block.bn(b.expand()), 1, 0, 1));
            }
            h = b.stride() == 2
                    ? f.convBn(padBottomRight(h), b.depthwise(), Block.bn(b.depthwise()), 2, 0, b.expanded())
                    : f.convBn(h, b.depthwise(), Block.bn(b.depthwise()), 1, 1, b.expanded());
            h = relu6(h);
            h = f.convBn(h, b.project(), Block.bn(b.project()), 1, 0, 1);
            if (b.residual()) {
                h = x.add(h);
            }
            x = h;
            String name = b.residual() ? b.prefix() + "_add" : Block.bn(b.project());
            if (TAPS.contains(name)) {
                taps.add(x);
            }
        }
        return taps;
    }

    /** Per-call access to the parameters. */
    private final class Forward {
        private final ParameterStore ps;
        private final boolean training;

        Forward(ParameterStore ps, boolean training) {
            this.ps = ps;
            this.training = training;
        }

        private NDArray value(NDArray like, String name) {
            return ps.getValue(byName.get(name), like.getDevice(), training);
        }

        /**
         * Convolution (no bias) followed by BatchNorm with the moving statistics, folded into one convolution. An
         * operation's result belongs to its first operand's manager, here the model's: each folded array is moved to
         * the input's (per-step or per-tile) manager, or every forward pass would leak the folded weights into the
         * model (measured: about 8 MB per training step, 18 GB after 1,800 steps).
         */
        NDArray convBn(NDArray x, String conv, String bn, int stride, int pad, int groups) {
            NDManager m = x.getManager();
            NDArray w = value(x, conv + "/weight");
            NDArray gamma = value(x, bn + "/gamma");
            NDArray beta = value(x, bn + "/beta");
            NDArray mean = value(x, bn + "/moving_mean");
            NDArray var = value(x, bn + "/moving_variance");
            NDArray scale = to(m, gamma.div(to(m, var.add(BN_EPSILON)).sqrt()));
            NDArray shift = to(m, beta.sub(to(m, mean.mul(scale))));
            Shape ws = w.getShape();
            NDArray folded = to(m, w.mul(scale.reshape(ws.get(0), 1, 1, 1)));
            return conv(x, folded, shift, stride, pad, groups);
        }
    }

    private static NDArray to(NDManager manager, NDArray array) {
        array.attach(manager);
        return array;
    }

    static NDArray conv(NDArray x, NDArray w, NDArray bias, int stride, int pad, int groups) {
        return ConvOps.conv2d(x, w, bias, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), groups);
    }

    /** Keras' ZeroPadding2D ((0, 1), (0, 1)): one zero row at the bottom, one zero column at the right. */
    static NDArray padBottomRight(NDArray x) {
        Shape s = x.getShape();
        NDManager m = x.getManager();
        NDArray rows = x.concat(m.zeros(new Shape(s.get(0), s.get(1), 1, s.get(3)), x.getDataType()), 2);
        return rows.concat(m.zeros(new Shape(s.get(0), s.get(1), s.get(2) + 1, 1), x.getDataType()), 3);
    }

    private static NDArray relu6(NDArray x) {
        return x.clip(0, 6);
    }
}
