package io.omniiml.training.step;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.config.OmniImlConfig;
import io.omniiml.model.nn.NetworkOutputs;
import io.omniiml.model.testing.SpliceFixtures;
import io.omniiml.training.ResumableAdamW;
import io.omniiml.training.testing.SpliceBatches;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The networks under training: gradients reach every parameter, frozen statistics stay, nothing leaks per step. */
class NetworkTrainingTest {
    /** A training step through the pretrained head: finite loss and gradients, the statistics stay frozen. */
    @Test
    void trainsThroughTheHeadWithFrozenStatistics() {
        try (OmniImlModel model = OmniImlModel.untrained(OmniImlConfig.named("mnv2"), 1)) {
            float[] before = null;
            Parameter statistic = null;
            for (Pair<String, Parameter> p : model.network().getParameters()) {
                if (p.getValue().getName().endsWith("moving_variance")) {
                    statistic = p.getValue();
                    before = statistic.getArray().toFloatArray();
                    break;
                }
            }
            OmniImlTrainer trainer = OmniImlTrainer.builder().setModel(model).build();
            LossParts parts = trainer.step(SpliceBatches.batch(SpliceFixtures.generate(2, 64, 9)));
            assertFalse(parts.skipped(), parts.toString());
            assertTrue(Double.isFinite(parts.gradientNorm()) && parts.gradientNorm() > 0, parts.toString());
            assertArrayEquals(before, statistic.getArray().toFloatArray(), "moving statistics are not trained");
        }
    }

    /**
     * Training steps leave nothing behind in the model's manager: before the fix each step left the trunk's folded
     * weights there (about 8 MB a step, until the kernel killed an 1,800-step sitting at 18 GB).
     */
    @Test
    void trainingStepsDoNotGrowTheModelsManager() {
        try (OmniImlModel model = OmniImlModel.untrained(OmniImlConfig.named("mnv2"), 1)) {
            BaseNDManager manager = (BaseNDManager) model.network().getParameters().valueAt(0).getArray().getManager();
            // the optimizer of `omniiml train`
            OmniImlTrainer trainer = OmniImlTrainer.builder().setModel(model)
                    .optOptimizer(new ResumableAdamW(0.9, 0.999, 1e-8, 0.05)).build();
            trainer.step(SpliceBatches.batch(SpliceFixtures.generate(2, 64, 9)));
            int after1 = manager.getManagedArrays().size();
            for (int i = 0; i < 2; i++) {
                trainer.step(SpliceBatches.batch(SpliceFixtures.generate(2, 64, 10 + i)));
            }
            assertEquals(after1, manager.getManagedArrays().size(), "arrays left in the model's manager by 2 steps");
        }
    }

    @Test
    void everyParameterGetsANonZeroGradientInATrainingStep() {
        try (OmniImlModel model = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 7)) {
            gradientsReachEveryParameter(model);
        }
    }

    private static void gradientsReachEveryParameter(OmniImlModel model) {
        TrainingBatch batch = SpliceBatches.batch(SpliceFixtures.generate(2, 64, 3));
        List<String> zero = new ArrayList<>();
        try (NDManager m = model.djlModel().getNDManager().newSubManager()) {
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDList raw = model.network().forward(new ParameterStore(m, false), batch.toNetworkInputs(m), true);
                NetworkOutputs out = NetworkOutputs.of(raw, model.network().filterCount(), true);
                gc.backward(OmniImlLoss.compute(out, batch, m, model.config().loss())[0]);
            }
            int aeParameters = 0;
            for (Pair<String, Parameter> p : model.network().getParameters()) {
                try (NDArray g = p.getValue().getArray().getGradient()) {
                    float norm = g.abs().sum().getFloat();
                    if (!(norm > 0) || !Float.isFinite(norm)) {
                        zero.add(p.getKey() + "=" + norm);
                    }
                    g.set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
                }
                aeParameters += OmniImlModel.isTrainingOnly(p.getKey()) ? 1 : 0;
            }
            assertEquals(4, aeParameters, "AE head: two convolutions with bias");
        }
        assertTrue(zero.isEmpty(), "parameters without gradient: " + zero);
    }
}
