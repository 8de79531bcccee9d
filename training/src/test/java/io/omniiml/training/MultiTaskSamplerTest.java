package io.omniiml.training;

import io.omniiml.core.data.Task;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultiTaskSamplerTest {
    private static final TrainingConfig.Augmentation AUG = new TrainingConfig.Augmentation(0.5, 0, true);

    @Test
    void planIsAPureFunctionOfSeedAndStep() {
        Map<Task, Double> r = TrainingConfig.named("tiny-cpu").tasks();
        MultiTaskSampler a = new MultiTaskSampler(7, 8, r, new int[0], 0, AUG);
        MultiTaskSampler b = new MultiTaskSampler(7, 8, r, new int[0], 0, AUG);
        assertEquals(a.plan(12345), b.plan(12345));
        assertNotEquals(a.plan(1), a.plan(2));
        assertNotEquals(a.plan(1), new MultiTaskSampler(8, 8, r, new int[0], 0, AUG).plan(1));
        List<MultiTaskSampler.Draw> p = a.plan(3);
        for (int slot = 0; slot < 8; slot++) {
            assertEquals(3L * 8 + slot, p.get(slot).index(), "generator index = step * batch + slot");
        }
    }

    @Test
    void tasksFollowTheRatiosAndRealDataItsShare() {
        Map<Task, Double> r = new EnumMap<>(Task.class);
        r.put(Task.NATURAL, 10.0);
        r.put(Task.DOCUMENT, 5.0);
        r.put(Task.FACE, 2.0);
        r.put(Task.SCENE_TEXT, 20.0);
        MultiTaskSampler s = new MultiTaskSampler(1, 16, r, new int[] {5}, 0.25, AUG);
        int[] counts = new int[5];
        int flips = 0;
        int n = 0;
        for (long step = 0; step < 2000; step++) {
            for (MultiTaskSampler.Draw d : s.plan(step)) {
                counts[d.source()]++;
                flips += d.augment().flipH() ? 1 : 0;
                n++;
                if (d.source() == 4) {
                    assertTrue(d.index() >= 0 && d.index() < 5);
                }
            }
        }
        assertEquals(0.25, counts[4] / (double) n, 0.01);
        double synthetic = n - counts[4];
        assertEquals(10 / 37.0, counts[0] / synthetic, 0.01);
        assertEquals(5 / 37.0, counts[1] / synthetic, 0.01);
        assertEquals(2 / 37.0, counts[2] / synthetic, 0.01);
        assertEquals(20 / 37.0, counts[3] / synthetic, 0.01);
        assertEquals(0.5, flips / (double) n, 0.01);
    }

    @Test
    void zeroWeightTasksAreNeverDrawn() {
        Map<Task, Double> r = new EnumMap<>(Task.class);
        r.put(Task.DOCUMENT, 1.0);
        MultiTaskSampler s = new MultiTaskSampler(1, 8, r, new int[0], 0, AUG);
        for (long step = 0; step < 200; step++) {
            for (MultiTaskSampler.Draw d : s.plan(step)) {
                assertEquals(Task.DOCUMENT.ordinal(), d.source());
            }
        }
    }
}
