package io.omniiml.training;

import io.omniiml.model.OmniImlModel;
import io.omniiml.training.step.LossParts;
import io.omniiml.training.step.OmniImlTrainer;
import io.omniiml.training.step.TrainingBatch;

/**
 * {@link OmniImlTrainer}'s step with what exact resumption needs: the optimizer is a {@link ResumableAdamW} whose
 * moments are checkpointed, and the engine's random generator (the gate's routing coins) is re-seeded from
 * (seed, step) before every step, so step s draws the same coins whether or not the run was interrupted.
 */
public final class ResumableTrainer {
    private final OmniImlTrainer trainer;
    private final ResumableAdamW optimizer;
    private final long seed;

    public ResumableTrainer(OmniImlModel model, ResumableAdamW optimizer, double clipNorm, long seed) {
        this.trainer = OmniImlTrainer.builder().setModel(model).optOptimizer(optimizer).optClipNorm((float) clipNorm)
                .build();
        this.optimizer = optimizer;
        this.seed = seed;
    }

    public ResumableAdamW optimizer() {
        return optimizer;
    }

    public long skippedSteps() {
        return trainer.skippedSteps();
    }

    /** One optimization step at learning rate {@code lr}; {@code step} seeds the engine's generator. */
    public LossParts step(long step, TrainingBatch batch, double lr) {
        optimizer.setLearningRate(lr);
        LossParts loss = trainer.step(batch, (int) MultiTaskSampler.mix(seed ^ 0x7A7EL, step));
        if (!loss.skipped()) {
            optimizer.requireAllRestored();
        }
        return loss;
    }
}
