package io.omniiml.training;

/**
 * Linear warm-up from 0 to the peak over {@code warmupSteps}, then a cosine decay to
 * {@code peak * minFraction} at {@code totalSteps}; constant at that floor beyond it.
 * Step numbers count from 0 (the rate used for the update of step s).
 */
public record LearningRateSchedule(double peak, int warmupSteps, int totalSteps, double minFraction) {

    public static LearningRateSchedule of(TrainingConfig config) {
        TrainingConfig.Optimizer o = config.optimizer();
        return new LearningRateSchedule(o.learningRate(), o.warmupSteps(), config.steps(), o.minLearningRateFraction());
    }

    public double at(long step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        long decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        double floor = peak * minFraction;
        return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
