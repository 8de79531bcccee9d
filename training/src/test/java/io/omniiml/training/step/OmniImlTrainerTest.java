package io.omniiml.training.step;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.omniiml.core.mask.Box;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.config.OmniImlConfig;
import io.omniiml.model.testing.SpliceFixtures.Splice;
import io.omniiml.model.testing.SpliceFixtures;
import io.omniiml.training.testing.SpliceBatches;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OmniImlTrainerTest {

    /** Mean IoU of the network's masks (inference mode, the gate choosing) on the fixture splices. */
    static double meanIou(OmniImlModel model, List<Splice> splices) {
        double sum = 0;
        try (NDManager m = model.djlModel().getNDManager().newSubManager()) {
            NDList in = SpliceBatches.batch(splices).toNetworkInputs(m);
            NDList inference = new NDList(in.get(0), in.get(1), in.get(2));
            float[] logits = model.network().forward(new ParameterStore(m, false), inference, false).get(0)
                    .getNDArrayInternal().sigmoid().toFloatArray();
            int plane = splices.get(0).mask().data().length;
            for (int i = 0; i < splices.size(); i++) {
                float[] p = java.util.Arrays.copyOfRange(logits, i * plane, (i + 1) * plane);
                sum += SpliceFixtures.iou(p, splices.get(i).mask().data());
            }
        }
        return sum / splices.size();
    }

    /**
     * Overfits 8 generated splices: IoU > 0.9 within the step budget (about 60 steps, 11 s on 2 quiet cores).
     * With -Domniiml.quickLearningCheck=true: a smoke run asserting only that the loss falls by a clear factor.
     */
    @Test
    void tinyNetworkLearnsGeneratedSplices() {
        boolean full = !Boolean.getBoolean("omniiml.quickLearningCheck");
        int size = full ? 96 : 64;
        int maxSteps = full ? 600 : 15;
        List<Splice> splices = SpliceFixtures.generate(8, size, 2024);
        TrainingBatch batch = SpliceBatches.batch(splices);
        try (OmniImlModel model = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 3)) {
            OmniImlTrainer trainer = OmniImlTrainer.builder().setModel(model).optLearningRate(3e-3f)
                    .optWeightDecay(0f).build();
            double first = Double.NaN;
            double last = Double.NaN;
            double firstMask = Double.NaN;
            double lastMask = Double.NaN;
            double iou = 0;
            int step = 0;
            long t0 = System.nanoTime();
            while (step < maxSteps) {
                LossParts parts = trainer.step(batch);
                step++;
                if (step == 1) {
                    first = parts.total();
                    firstMask = parts.maskBce() + parts.maskDice();
                }
                last = parts.total();
                lastMask = parts.maskBce() + parts.maskDice();
                if (full && step % 20 == 0) {
                    iou = meanIou(model, splices);
                    System.out.printf("step %d: %s  IoU %.3f%n", step, parts, iou);
                    if (full && iou > 0.9) {
                        break;
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            iou = meanIou(model, splices);
            System.out.printf("learning check (%s, %dpx): %d steps, %.1f s, loss %.3f -> %.3f, mask loss %.3f -> %.3f, "
                    + "IoU %.3f%n", full ? "full" : "smoke", size, step, seconds, first, last, firstMask, lastMask, iou);
            assertEquals(step, trainer.appliedSteps() + trainer.skippedSteps());
            assertTrue(model.isTrained());
            if (full) {
                assertTrue(iou > 0.9, "IoU after " + step + " steps: " + iou);
            } else {
                assertTrue(last < first / 3, "loss must fall by 3x in " + step + " steps: " + first + " -> " + last);
                assertTrue(lastMask < firstMask / 2, "mask loss must halve: " + firstMask + " -> " + lastMask);
            }
        }
    }

    @Test
    void nonFiniteStepIsSkippedAndLeavesTheWeightsAlone() {
        List<Splice> splices = SpliceFixtures.generate(2, 64, 5);
        TrainingBatch.Builder b = TrainingBatch.builder(64, 64);
        float[] rgb = new float[3 * 64 * 64];
        java.util.Arrays.fill(rgb, Float.NaN);
        b.addSample(rgb, splices.get(0).dct(), splices.get(0).qtable(), splices.get(0).mask().data(),
                List.of(splices.get(0).box()), true);
        try (OmniImlModel model = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 3)) {
            OmniImlTrainer trainer = OmniImlTrainer.builder().setModel(model).build();
            List<float[]> before = weights(model);
            LossParts parts = trainer.step(b.build());
            assertTrue(parts.skipped());
            assertEquals(1, trainer.skippedSteps());
            List<float[]> after = weights(model);
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), 0f);
            }
            // and a normal step afterwards works (gradients were cleared, not left NaN)
            LossParts ok = trainer.step(SpliceBatches.batch(splices));
            assertFalse(ok.skipped(), ok.toString());
            assertTrue(Double.isFinite(ok.gradientNorm()));
        }
    }

    private static List<float[]> weights(OmniImlModel model) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : model.network().getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    @Test
    void batchBuilderChecksSizes() {
        assertThrows(IllegalArgumentException.class, () -> TrainingBatch.builder(60, 64));
        TrainingBatch.Builder b = TrainingBatch.builder(32, 32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                b.addSample(new float[3 * 32 * 32], new short[10], new int[64], new byte[32 * 32], List.of(), false));
        assertTrue(e.getMessage().contains("dct"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> TrainingBatch.builder(32, 32).build());
    }

    @Test
    void learningRateScheduleWarmsUpThenDecays() {
        assertEquals(0.1f, LearningRate.warmupCosine(0, 10, 110, 1f, 0f), 1e-6);
        assertEquals(1f, LearningRate.warmupCosine(10, 10, 110, 1f, 0f), 1e-6);
        assertEquals(0.5f, LearningRate.warmupCosine(60, 10, 110, 1f, 0f), 1e-6);
        assertEquals(0.1f, LearningRate.warmupCosine(500, 10, 110, 1f, 0.1f), 1e-6);
        LearningRate lr = new LearningRate(0.01f);
        lr.set(0.02f);
        assertEquals(0.02f, lr.getNewValue(123));
    }

    @Test
    void boxTargetsMarkCellsInsideTheSmallestBox() {
        float[][] t = BoxTargetOps.targets(List.of(new Box(0, 0, 32, 32), new Box(16, 16, 8, 8)), 32, 32, 16);
        // 2x2 grid, centres at 8 and 24: (0,0) in the big box only; (1,1) centre (24,24) outside the small box
        assertArrayEquals(new float[] {1, 1, 1, 1}, t[0]);
        // cell 0: centre (8, 8), big box -> distances 8, 8, 24, 24 -> log1p(d/16)
        assertEquals(Math.log1p(0.5), t[1][0], 1e-6);
        assertEquals(Math.log1p(1.5), t[1][2 * 4], 1e-6);
        // a box smaller than a cell still gets its centre cell
        float[][] small = BoxTargetOps.targets(List.of(new Box(40, 2, 3, 3)), 32, 64, 16);
        assertEquals(1f, small[0][2]);
        assertEquals(1f, sum(small[0]));
    }

    private static float sum(float[] v) {
        float s = 0;
        for (float x : v) {
            s += x;
        }
        return s;
    }

    /** Skipped steps are tolerated up to 1% of the window; beyond that the run stops and names the broken part. */
    @Test
    void tooManySkippedStepsStopTheRunNamingTheNonFiniteLossPart() {
        TrainingBatch batch = SpliceBatches.batch(SpliceFixtures.generate(2, 64, 5));
        try (OmniImlModel model = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 3)) {
            OmniImlTrainer trainer = OmniImlTrainer.builder().setModel(model).build();
            for (Pair<String, Parameter> p : model.network().getParameters()) {
                if (p.getKey().contains("scoreHead") && p.getKey().endsWith("weight")) {
                    p.getValue().getArray().set(new ai.djl.ndarray.index.NDIndex("..."), Float.NaN);
                }
            }
            for (int i = 0; i < OmniImlTrainer.MAX_SKIPS_IN_WINDOW; i++) {
                LossParts parts = trainer.step(batch);
                assertTrue(parts.skipped());
                assertEquals("image", parts.nonFiniteParts());
            }
            OmniImlTrainer.NonFiniteTrainingException e =
                    assertThrows(OmniImlTrainer.NonFiniteTrainingException.class, () -> trainer.step(batch));
            assertTrue(e.getMessage().contains("non-finite image"), e.getMessage());
            assertEquals(0, trainer.appliedSteps());
        }
    }
}
