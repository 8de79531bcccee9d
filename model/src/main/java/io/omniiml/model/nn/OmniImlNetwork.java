package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.omniiml.model.config.OmniImlConfig;

/**
 * The Omni-IML localization network (see docs/model.md for the diagram and the deviations from the paper).
 *
 * <p>Inputs, all with the same batch size B and H, W multiples of 32 (see {@link NetworkInputs}):
 * <ol>
 *   <li>rgb (B, 3, H, W) float in [0, 1]</li>
 *   <li>dct (B, H, W) int32: luminance DCT coefficients in jpegio layout, aligned with the pixels</li>
 *   <li>qtable (B, 64) float: the luminance quantization table, natural order</li>
 *   <li>training only: mask (B, 1, H, W) float 0/1 (the gate label and the routing need it)</li>
 *   <li>optional: gate (B) int32, {@link #GATE_AUTO}, {@link #GATE_VISION} or {@link #GATE_FUSED}: forces the path
 *       (at inference; during training it overrides the routing)</li>
 * </ol>
 * Outputs: see {@link NetworkOutputs}. In training mode the Anomaly Enhancement head runs as well; at inference it
 * is never called, so its parameters are not part of the inference computation.
 */
public final class OmniImlNetwork extends LazyBlock {
    public static final int GATE_AUTO = 0;
    public static final int GATE_VISION = 1;
    public static final int GATE_FUSED = 2;

    private final OmniImlConfig config;
    private final Block visual;
    private final FrequencyPerceptionHead frequency;
    private final FusionBlock fusion;
    private final MaskHead auxRgb;
    private final MaskHead auxFused;
    private final ModalGate gate;
    private final Stage stage16;
    private final Stage stage32;
    private final AnomalyEnhancementHead anomalyEnhancement;
    private final DynamicWeightDecoder decoder;
    private final MaskHead maskHead;
    private final IntegrityScoreHead scoreHead;
    private DataType computeType = DataType.FLOAT32;

    public OmniImlNetwork(OmniImlConfig config) {
        this.config = config;
        int r = config.mlpRatio();
        visual = addChildBlock("visual", config.visualHead().equals(OmniImlConfig.MOBILENETV2_HEAD)
                ? new MobileNetV2VisualHead(config.width(0), config.width(1))
                : new VisualPerceptionHead(config.width(0), config.depth(0), config.width(1), config.depth(1), r));
        frequency = addChildBlock("frequency", new FrequencyPerceptionHead(config.dctWidth(), config.width(1)));
        fusion = addChildBlock("fusion", new FusionBlock(config.width(1)));
        auxRgb = addChildBlock("auxRgb", new MaskHead(config.auxWidth()));
        auxFused = addChildBlock("auxFused", new MaskHead(config.auxWidth()));
        gate = addChildBlock("gate", new ModalGate(config.gateWidth()));
        stage16 = addChildBlock("stage16", new Stage(config.width(1), config.width(2), config.depth(2), r));
        stage32 = addChildBlock("stage32", new Stage(config.width(2), config.width(3), config.depth(3), r));
        anomalyEnhancement = addChildBlock(NetworkOutputs.AE_BLOCK, new AnomalyEnhancementHead(config.aeWidth()));
        decoder = addChildBlock("decoder", new DynamicWeightDecoder(config.decoderWidth(), config.dwd().experts(),
                config.dwd().kernelSize(), config.dwd().dilations(), config.dwd().dynamic()));
        maskHead = addChildBlock("maskHead", new MaskHead(Math.max(16, config.decoderWidth() / 2)));
        scoreHead = addChildBlock("scoreHead", new IntegrityScoreHead(Math.max(16, config.width(3) / 2)));
        // He initialization for the GELU convolutions and linear layers
        setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2),
                Parameter.Type.WEIGHT);
    }

    /**
     * Casts the parameters; inputs are then cast to the same type. Float64 runs on PyTorch's own reference kernels
     * instead of oneDNN's, which makes it the kernel-independent reference that the numerics tests compare with.
     */
    @Override
    public void cast(DataType dataType) {
        // DJL's AbstractBaseBlock.cast is not implemented: re-create each parameter in the new type, same values
        for (Pair<String, Parameter> p : getParameters()) {
            Parameter parameter = p.getValue();
            NDArray values = parameter.getArray().toType(dataType, true);
            parameter.close();
            parameter.initialize(values.getManager(), dataType);
            parameter.getArray().set(new NDIndex("..."), values);
            values.close();
        }
        computeType = dataType;
    }

    /** Sets the MobileNetV2 trunk of the visual head from a converted weights file (docs/pretrained.md). */
    public void loadPretrainedVisualHead(NDManager manager, java.nio.file.Path weights) throws java.io.IOException {
        if (!(visual instanceof MobileNetV2VisualHead head)) {
            throw new IllegalStateException("config " + config.name() + " has no pretrained visual head ("
                    + config.visualHead() + ")");
        }
        head.trunk().loadWeights(manager, weights);
    }

    public OmniImlConfig config() {
        return config;
    }

    /** Number of Dynamic Weight Filters (one mixing-weight output each). */
    public int filterCount() {
        return decoder.filterCount();
    }

    /** The Anomaly Enhancement head (training only), for callers that want to list or exclude its parameters. */
    public Block anomalyEnhancement() {
        return anomalyEnhancement;
    }

    /** Initializes every part by one small training-mode forward pass (parts size themselves from their inputs). */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        try (NDManager scratch = manager.newSubManager()) {
            int side = 2 * OmniImlConfig.MAX_STRIDE;
            NDList inputs = new NDList(
                    scratch.zeros(new Shape(1, 3, side, side)),
                    scratch.zeros(new Shape(1, side, side), DataType.INT32),
                    scratch.ones(new Shape(1, 64)),
                    scratch.zeros(new Shape(1, 1, side, side)));
            forwardInternal(new ParameterStore(manager, false), inputs, true, null);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        DataType type = computeType;
        NDArray rgb = inputs.get(0).toType(type, false);
        NDArray dct = inputs.get(1);
        NDArray qtable = inputs.get(2).toType(type, false);
        checkSize(rgb.getShape());
        NDArray mask = training ? inputs.get(3).toType(type, false) : null;
        int gateIndex = training ? 4 : 3;
        NDArray forcedGate = inputs.size() > gateIndex ? inputs.get(gateIndex) : null;

        NDList v = visual.forward(ps, new NDList(rgb), training);
        NDArray f1 = v.get(0);
        NDArray fRgb = v.get(1);
        NDArray fFreq = frequency.forward(ps, new NDList(dct, qtable), training).singletonOrThrow();
        NDArray fFused = fusion.forward(ps, new NDList(fRgb, fFreq), training).singletonOrThrow();
        NDArray pRgb = run(auxRgb, ps, fRgb, training);
        NDArray pFused = run(auxFused, ps, fFused, training);
        NDArray gateLogits = gate.forward(ps, new NDList(fRgb, fFused, pRgb, pFused), training).singletonOrThrow();

        NDArray gateLabel = null;
        NDArray route;
        if (training) {
            gateLabel = gateLabel(pRgb, pFused, mask);
            route = trainingRoute(gateLabel);
        } else {
            route = gateLogits.argMax(1).toType(DataType.FLOAT32, false);
        }
        if (forcedGate != null) {
            NDArray g = forcedGate.toType(DataType.INT32, false);
            route = g.eq(GATE_FUSED).toType(DataType.FLOAT32, false)
                    .add(g.eq(GATE_AUTO).toType(DataType.FLOAT32, false).mul(route));
        }
        // hard per-sample selection; the unselected path gets no gradient from the backbone for that sample
        NDArray r = route.reshape(-1, 1, 1, 1);
        NDArray f2 = fFused.mul(r).add(fRgb.mul(r.neg().add(1f)));

        NDArray f3 = run(stage16, ps, f2, training);
        NDArray f4 = run(stage32, ps, f3, training);
        NDList decoded = decoder.forward(ps, new NDList(f1, f2, f3, f4), training);
        NDArray logits4 = run(maskHead, ps, decoded.get(0), training);
        NDArray score = scoreHead.forward(ps, new NDList(f4, logits4), training).singletonOrThrow();
        NDArray maskLogits = Layers.resize(logits4, rgb.getShape().get(2), rgb.getShape().get(3));

        NDList out = new NDList(maskLogits, score, gateLogits, route, pRgb, pFused);
        for (int i = 1; i < decoded.size(); i++) {
            out.add(decoded.get(i));
        }
        if (training) {
            out.add(gateLabel);
            out.add(run(anomalyEnhancement, ps, f3, training));
        }
        return out;
    }

    private static void checkSize(Shape rgb) {
        if (rgb.dimension() != 4 || rgb.get(1) != 3 || rgb.get(2) % OmniImlConfig.MAX_STRIDE != 0
                || rgb.get(3) % OmniImlConfig.MAX_STRIDE != 0) {
            throw new IllegalArgumentException("network input must be (B, 3, H, W) with H and W multiples of "
                    + OmniImlConfig.MAX_STRIDE + ", got " + rgb);
        }
    }

    /** 1 where the fused path's coarse mask has the lower BCE against the (8x8-averaged) ground truth, else 0. */
    static NDArray gateLabel(NDArray pRgb, NDArray pFused, NDArray mask) {
        NDArray target = Pool.avgPool2d(mask, new Shape(8, 8), new Shape(8, 8), new Shape(0, 0), false, true);
        long b = target.getShape().get(0);
        NDArray lossRgb = LossOps.bceWithLogits(pRgb, target).reshape(b, -1).mean(new int[] {1});
        NDArray lossFused = LossOps.bceWithLogits(pFused, target).reshape(b, -1).mean(new int[] {1});
        return lossFused.lt(lossRgb).toType(DataType.FLOAT32, false).stopGradient();
    }

    /** Per sample: the gate label with probability p (teacher routing), else a fair coin, so both paths learn. */
    private NDArray trainingRoute(NDArray gateLabel) {
        NDManager m = gateLabel.getManager();
        Shape s = gateLabel.getShape();
        NDArray teacher = m.randomUniform(0f, 1f, s).lt((float) config.gateTeacherProbability())
                .toType(DataType.FLOAT32, false);
        NDArray coin = m.randomUniform(0f, 1f, s).lt(0.5f).toType(DataType.FLOAT32, false);
        return teacher.mul(gateLabel).add(teacher.neg().add(1f).mul(coin));
    }
}
