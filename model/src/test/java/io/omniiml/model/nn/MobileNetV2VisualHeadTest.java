package io.omniiml.model.nn;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.config.OmniImlConfig;
import io.omniiml.model.pipeline.ResumableAdamW;
import io.omniiml.model.pretrained.MobileNetV2Import;
import io.omniiml.model.testing.SpliceFixtures;
import io.omniiml.model.train.LossParts;
import io.omniiml.model.train.OmniImlTrainer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MobileNetV2VisualHeadTest {
    private static final Path WEIGHTS = Path.of(System.getProperty("user.dir")).getParent()
            .resolve("models/pretrained/mobilenetv2-nsfwjs-4.4.0/weights.npz");

    /** An untrained mnv2 network starts from the converted weights: every trunk tensor equals the file's. */
    @Test
    void untrainedNetworkStartsFromThePretrainedTrunk() throws Exception {
        Map<String, float[]> file = new HashMap<>();
        for (MobileNetV2Import.Tensor t : MobileNetV2Import.readWeights(WEIGHTS)) {
            file.put(t.name(), t.data());
        }
        try (OmniImlModel model = OmniImlModel.untrained(OmniImlConfig.named("mnv2"), 1)) {
            int matched = 0;
            for (Pair<String, Parameter> p : model.network().getParameters()) {
                String key = p.getKey();
                int at = key.indexOf(MobileNetV2VisualHead.TRUNK + "_");
                if (at < 0) {
                    continue;
                }
                String name = p.getValue().getName();
                assertArrayEquals(file.get(name), p.getValue().getArray().toFloatArray(), key);
                matched++;
            }
            assertEquals(file.size(), matched, "every converted tensor is a trunk parameter");
            assertTrue(model.provenance().path("pretrained").path("file").asText().endsWith("weights.npz"));
            assertFalse(model.provenance().path("pretrained").path("provenance").isMissingNode());
        }
    }

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
            LossParts parts = trainer.step(SpliceFixtures.batch(SpliceFixtures.generate(2, 64, 9)));
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
            trainer.step(SpliceFixtures.batch(SpliceFixtures.generate(2, 64, 9)));
            int after1 = manager.getManagedArrays().size();
            for (int i = 0; i < 2; i++) {
                trainer.step(SpliceFixtures.batch(SpliceFixtures.generate(2, 64, 10 + i)));
            }
            assertEquals(after1, manager.getManagedArrays().size(), "arrays left in the model's manager by 2 steps");
        }
    }

    @Test
    void headKindComesFromTheConfig() {
        assertEquals(OmniImlConfig.CONVNEXT_HEAD, OmniImlConfig.named("tiny").visualHead(), "absent means convnext");
        assertEquals(OmniImlConfig.MOBILENETV2_HEAD, OmniImlConfig.named("mnv2").visualHead());
    }
}
