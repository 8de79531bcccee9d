package io.omniiml.training;

import io.omniiml.core.data.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Decides what each training step sees: per slot of the batch a source (a task of the generator or a real
 * dataset), an index into it and the augmentation. A pure function of (seed, step), so any step can be
 * reproduced without replaying the ones before it: resuming at step s continues exactly.
 */
public final class MultiTaskSampler {
    /** One slot of a batch. */
    public record Draw(int source, long index, ExampleOps.Augment augment) {
    }

    private final long seed;
    private final int batchSize;
    private final double[] cumulative;
    private final int realSources;
    private final int[] realSizes;
    private final double realRatio;
    private final TrainingConfig.Augmentation augmentation;

    /**
     * @param taskRatios weights per task; source i (in {@link Task} order, zero weights included) is task i
     * @param realSizes  sizes of the real datasets, sources {@code Task.values().length + j}
     */
    public MultiTaskSampler(long seed, int batchSize, Map<Task, Double> taskRatios, int[] realSizes, double realRatio,
                            TrainingConfig.Augmentation augmentation) {
        this.seed = seed;
        this.batchSize = batchSize;
        Task[] tasks = Task.values();
        cumulative = new double[tasks.length];
        double total = 0;
        for (int i = 0; i < tasks.length; i++) {
            total += taskRatios.getOrDefault(tasks[i], 0.0);
            cumulative[i] = total;
        }
        for (int i = 0; i < tasks.length; i++) {
            cumulative[i] /= total;
        }
        this.realSources = realSizes.length;
        this.realSizes = realSizes.clone();
        this.realRatio = realSources == 0 ? 0 : realRatio;
        this.augmentation = augmentation;
    }

    /** The draws of step {@code step}; generator indices are step * batchSize + slot, unique per sample. */
    public List<Draw> plan(long step) {
        SplittableRandom rng = new SplittableRandom(mix(seed, step));
        List<Draw> draws = new ArrayList<>(batchSize);
        for (int slot = 0; slot < batchSize; slot++) {
            long sampleNumber = step * batchSize + slot;
            double u = rng.nextDouble();
            double which = rng.nextDouble();
            ExampleOps.Augment augment = ExampleOps.Augment.draw(rng, augmentation);
            if (u < realRatio) {
                int r = Math.min(realSources - 1, (int) (which * realSources));
                long index = Math.floorMod(mix(seed ^ 0x5EA1L, sampleNumber), (long) realSizes[r]);
                draws.add(new Draw(Task.values().length + r, index, augment));
            } else {
                int t = 0;
                while (t < cumulative.length - 1 && which >= cumulative[t]) {
                    t++;
                }
                draws.add(new Draw(t, sampleNumber, augment));
            }
        }
        return draws;
    }

    /** SplitMix64 of (seed, step): neighbouring steps get unrelated streams. */
    static long mix(long seed, long step) {
        long z = seed * 0x9E3779B97F4A7C15L + step + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
