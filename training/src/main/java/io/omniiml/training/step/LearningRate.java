package io.omniiml.training.step;

import ai.djl.training.tracker.Tracker;

/**
 * A learning rate the training loop sets before each step (warm-up + cosine, plateaus, whatever the pipeline
 * wants); the optimizer reads it through DJL's {@link Tracker} interface. Also see {@link #warmupCosine}.
 */
public final class LearningRate implements Tracker {
    private volatile float value;

    public LearningRate(float initial) {
        this.value = initial;
    }

    public void set(float learningRate) {
        this.value = learningRate;
    }

    public float get() {
        return value;
    }

    @Override
    public float getNewValue(int numUpdate) {
        return value;
    }

    /** Linear warm-up from 0 over {@code warmup} steps, then cosine decay from {@code peak} to {@code floor}. */
    public static float warmupCosine(long step, long warmup, long total, float peak, float floor) {
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        double progress = Math.min(1.0, (double) (step - warmup) / Math.max(1, total - warmup));
        return (float) (floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
