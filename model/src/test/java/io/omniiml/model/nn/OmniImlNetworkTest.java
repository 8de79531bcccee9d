package io.omniiml.model.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.config.OmniImlConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OmniImlNetworkTest {
    private static OmniImlModel model;

    @BeforeAll
    static void build() {
        model = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 7);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static NDList inferenceInputs(NDManager m, int b, int h, int w, long seed, int gate) {
        Random rnd = new Random(seed);
        float[] rgb = new float[b * 3 * h * w];
        int[] dct = new int[b * h * w];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = rnd.nextFloat();
        }
        for (int i = 0; i < dct.length; i++) {
            dct[i] = (int) Math.round(rnd.nextGaussian() * 6);
        }
        float[] q = new float[b * 64];
        for (int i = 0; i < q.length; i++) {
            q[i] = 2 + rnd.nextInt(40);
        }
        int[] g = new int[b];
        java.util.Arrays.fill(g, gate);
        return new NDList(m.create(rgb, new Shape(b, 3, h, w)), m.create(dct, new Shape(b, h, w)),
                m.create(q, new Shape(b, 64)), m.create(g, new Shape(b)));
    }

    /** What a training step feeds: RGB, coefficients, quantisation table and the ground-truth mask (for the AE head). */
    private static NDList trainingInputs(NDManager m, int b, int h, int w, long seed) {
        NDList in = inferenceInputs(m, b, h, w, seed, 0);
        in.set(3, m.zeros(new Shape(b, 1, h, w)));
        return in;
    }

    @Test
    void outputShapesFollowTheInputIncludingNonSquareSizes() {
        try (NDManager m = model.djlModel().getNDManager().newSubManager()) {
            NDList raw = model.network().forward(new ParameterStore(m, false), inferenceInputs(m, 2, 96, 160, 1, 0), false);
            NetworkOutputs out = NetworkOutputs.of(raw, model.network().filterCount(), false);
            assertEquals(new Shape(2, 1, 96, 160), out.maskLogits().getShape());
            assertEquals(new Shape(2, 1), out.scoreLogit().getShape());
            assertEquals(new Shape(2, 2), out.gateLogits().getShape());
            assertEquals(new Shape(2, 1, 12, 20), out.auxRgb().getShape());
            assertEquals(3, out.mixingWeights().size());
            assertEquals(new Shape(2, 4), out.mixingWeights().get(0).getShape());
            assertEquals(6 + 3, raw.size(), "inference output must not contain the AE head's output");
        }
    }

    @Test
    void rejectsSizesThatAreNotMultiplesOf32() {
        try (NDManager m = model.djlModel().getNDManager().newSubManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                    model.network().forward(new ParameterStore(m, false), inferenceInputs(m, 1, 72, 64, 1, 0), false));
            assertTrue(e.getMessage().contains("multiples of 32"), e.getMessage());
        }
    }

    @Test
    void differentImagesGetDifferentDynamicKernels() {
        try (NDManager m = model.djlModel().getNDManager().newSubManager()) {
            NDList a = inferenceInputs(m, 1, 64, 64, 11, 0);
            NDList b = inferenceInputs(m, 1, 64, 64, 12, 0);
            b.set(0, b.get(0).mul(0.3f)); // darker image, other content
            ParameterStore ps = new ParameterStore(m, false);
            NetworkOutputs oa = NetworkOutputs.of(model.network().forward(ps, a, false), 3, false);
            NetworkOutputs ob = NetworkOutputs.of(model.network().forward(ps, b, false), 3, false);
            for (int j = 0; j < 3; j++) {
                float[] wa = oa.mixingWeights().get(j).toFloatArray();
                float[] wb = ob.mixingWeights().get(j).toFloatArray();
                double diff = 0;
                for (int k = 0; k < wa.length; k++) {
                    diff += Math.abs(wa[k] - wb[k]);
                }
                assertTrue(diff > 1e-4, "filter " + j + " mixed the experts identically: " + diff);
            }
            // and the same image in a batch of two gets the same kernel as alone (per-sample, not per-batch)
            NDList both = new NDList(a.get(0).concat(b.get(0), 0), a.get(1).concat(b.get(1), 0),
                    a.get(2).concat(b.get(2), 0), a.get(3).concat(b.get(3), 0));
            NetworkOutputs ab = NetworkOutputs.of(model.network().forward(ps, both, false), 3, false);
            assertArrayEquals(oa.mixingWeights().get(2).toFloatArray(),
                    ab.mixingWeights().get(2).get("0:1").toFloatArray(), 1e-5f);
            assertArrayEquals(ob.maskLogits().toFloatArray(), ab.maskLogits().get("1:2").toFloatArray(), 1e-4f);
        }
    }

    @Test
    void staticDecoderUsesOneKernelForEveryImage() {
        OmniImlConfig config = OmniImlConfig.named("tiny-static");
        assertFalse(config.dwd().dynamic());
        assertTrue(OmniImlConfig.named("tiny").dwd().dynamic(), "absent means dynamic");
        try (OmniImlModel staticModel = OmniImlModel.untrained(config, 7);
             NDManager m = staticModel.djlModel().getNDManager().newSubManager()) {
            assertTrue(staticModel.parameterCount() < model.parameterCount(), "no expert kernels, no mixing layers");
            NDList a = inferenceInputs(m, 1, 64, 64, 11, 0);
            NDList b = inferenceInputs(m, 1, 64, 64, 12, 0);
            ParameterStore ps = new ParameterStore(m, false);
            NetworkOutputs oa = NetworkOutputs.of(staticModel.network().forward(ps, a, false), 3, false);
            NetworkOutputs ob = NetworkOutputs.of(staticModel.network().forward(ps, b, false), 3, false);
            for (int j = 0; j < 3; j++) {
                assertArrayEquals(new float[]{1f}, oa.mixingWeights().get(j).toFloatArray());
                assertArrayEquals(oa.mixingWeights().get(j).toFloatArray(), ob.mixingWeights().get(j).toFloatArray());
            }
            assertFalse(java.util.Arrays.equals(oa.maskLogits().toFloatArray(), ob.maskLogits().toFloatArray()));
        }
    }

    @Test
    void forcingTheGateChangesThePathAndTheOutput() {
        try (NDManager m = model.djlModel().getNDManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NetworkOutputs vision = NetworkOutputs.of(model.network().forward(ps,
                    inferenceInputs(m, 1, 64, 64, 5, OmniImlNetwork.GATE_VISION), false), 3, false);
            NetworkOutputs fused = NetworkOutputs.of(model.network().forward(ps,
                    inferenceInputs(m, 1, 64, 64, 5, OmniImlNetwork.GATE_FUSED), false), 3, false);
            NetworkOutputs auto = NetworkOutputs.of(model.network().forward(ps,
                    inferenceInputs(m, 1, 64, 64, 5, OmniImlNetwork.GATE_AUTO), false), 3, false);
            assertEquals(0f, vision.route().getFloat(0));
            assertEquals(1f, fused.route().getFloat(0));
            float[] v = vision.maskLogits().toFloatArray();
            float[] f = fused.maskLogits().toFloatArray();
            double diff = 0;
            for (int i = 0; i < v.length; i++) {
                diff += Math.abs(v[i] - f[i]);
            }
            assertTrue(diff / v.length > 1e-4, "vision and fused paths gave the same mask: " + diff);
            // AUTO follows the gate's own argmax
            float[] g = auto.gateLogits().toFloatArray();
            assertEquals(g[1] > g[0] ? 1f : 0f, auto.route().getFloat(0));
            assertArrayEquals(g[1] > g[0] ? f : v, auto.maskLogits().toFloatArray(), 1e-5f);
        }
    }

    /** Records which parameters a forward pass reads. */
    private static final class RecordingStore extends ParameterStore {
        final Set<String> read = new HashSet<>();

        RecordingStore(NDManager m) {
            super(m, false);
        }

        @Override
        public NDArray getValue(Parameter parameter, Device device, boolean training) {
            read.add(parameter.getId());
            return super.getValue(parameter, device, training);
        }
    }

    @Test
    void inferenceUsesEveryParameterExceptTheAnomalyEnhancementHead() {
        try (NDManager m = model.djlModel().getNDManager().newSubManager()) {
            RecordingStore inference = new RecordingStore(m);
            model.network().forward(inference, inferenceInputs(m, 1, 64, 64, 9, 0), false);
            RecordingStore training = new RecordingStore(m);
            model.network().forward(training, trainingInputs(m, 1, 64, 64, 4), true);
            for (Pair<String, Parameter> p : model.network().getParameters()) {
                boolean ae = OmniImlModel.isTrainingOnly(p.getKey());
                assertEquals(!ae, inference.read.contains(p.getValue().getId()), p.getKey());
                assertTrue(training.read.contains(p.getValue().getId()), p.getKey());
            }
        }
        assertTrue(model.inferenceParameterCount() < model.parameterCount());
    }

    @Test
    void configurationsHaveTheirSizes() {
        long tiny = model.parameterCount();
        System.out.printf("tiny: %,d parameters (%,d at inference)%n", tiny, model.inferenceParameterCount());
        assertTrue(tiny > 200_000 && tiny < 3_000_000, "tiny must stay at a few million parameters at most: " + tiny);
        try (OmniImlModel small = OmniImlModel.untrained(OmniImlConfig.named("small"), 1)) {
            System.out.printf("small: %,d parameters%n", small.parameterCount());
            assertTrue(small.parameterCount() > tiny);
        }
    }

    @Test
    void coefficientsAreRegroupedPerFrequencyWithClippedMagnitudes() {
        try (NDManager m = NDManager.newBaseManager()) {
            int[] v = new int[16 * 8];
            for (int i = 0; i < v.length; i++) {
                v[i] = i % 2 == 0 ? i : -i; // pixel (y, x) = y * 16 + x, sign alternating
            }
            NDArray levels = FrequencyPerceptionHead.blocksToFrequencies(m.create(v, new Shape(1, 8, 16)));
            assertEquals(new Shape(64, 1, 2), levels.getShape());
            long[] got = levels.toLongArray();
            // frequency k = 8 * row + col inside the block, block column c: pixel (row, 8c + col)
            for (int k = 0; k < 64; k++) {
                for (int c = 0; c < 2; c++) {
                    int pixel = (k / 8) * 16 + c * 8 + k % 8;
                    assertEquals(Math.min(pixel, 20), got[k * 2 + c], "k" + k + " c" + c);
                }
            }
            assertEquals(DataType.INT64, levels.getDataType());
        }
    }

    @Test
    void lossesMatchTheirFormulas() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {2f, -1f, 0f, 30f}, new Shape(1, 1, 2, 2));
            NDArray t = m.create(new float[] {1f, 0f, 1f, 0f}, new Shape(1, 1, 2, 2));
            float[] bce = LossOps.bceWithLogits(x, t).toFloatArray();
            float[] xs = {2f, -1f, 0f, 30f};
            float[] ts = {1f, 0f, 1f, 0f};
            for (int i = 0; i < 4; i++) {
                double p = 1 / (1 + Math.exp(-xs[i]));
                double ref = ts[i] == 1 ? -Math.log(p) : (xs[i] > 20 ? xs[i] : -Math.log(1 - p));
                assertEquals(ref, bce[i], 1e-4, "bce " + i);
            }
            double sp = 0;
            double inter = 0;
            for (int i = 0; i < 4; i++) {
                double p = 1 / (1 + Math.exp(-xs[i]));
                sp += p;
                inter += p * ts[i];
            }
            assertEquals(1 - (2 * inter + 1) / (sp + 2 + 1), LossOps.diceLoss(x, t).getFloat(), 1e-5);
            NDArray logits = m.create(new float[] {1f, 3f}, new Shape(1, 2));
            double ce = -Math.log(Math.exp(3) / (Math.exp(1) + Math.exp(3)));
            assertEquals(ce, LossOps.binaryChoiceLoss(logits, m.create(new float[] {1f})).getFloat(), 1e-5);
        }
    }

    @Test
    void samplesAreIndependentOfBatchCompanionsAndDiffer() {
        try (NDManager m = model.djlModel().getNDManager().newSubManager()) {
            NDList two = inferenceInputs(m, 2, 64, 64, 21, 0);
            NetworkOutputs out = NetworkOutputs.of(model.network().forward(new ParameterStore(m, false), two, false),
                    3, false);
            assertNotEquals(out.scoreLogit().getFloat(0, 0), out.scoreLogit().getFloat(1, 0));
        }
    }
}
