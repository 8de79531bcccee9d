package io.omniiml.training;

import java.nio.file.Path;

/** Receives a run's events (the CLI draws a progress bar; the default prints a line every few steps). */
public interface ProgressListener {
    default void onStart(long fromStep, long totalSteps, String description) {
    }

    void onStep(StepRecord record, long totalSteps);

    default void onValidation(long step, SyntheticEvaluation.Result result, boolean best) {
    }

    default void onCheckpoint(long step, Path dir) {
    }

    default void onMessage(String message) {
    }

    default void onEnd() {
    }

    /** Plain stderr lines every {@code every} steps (and every validation and checkpoint). */
    static ProgressListener stderr(int every) {
        return new ProgressListener() {
            private long started;
            private long firstStep;

            @Override
            public void onStart(long fromStep, long totalSteps, String description) {
                started = System.nanoTime();
                firstStep = fromStep;
                System.err.println(description);
            }

            @Override
            public void onStep(StepRecord r, long totalSteps) {
                if (r.step() % every == 0 || r.step() == totalSteps) {
                    double elapsed = (System.nanoTime() - started) / 1e9;
                    double perStep = elapsed / Math.max(1, r.step() - firstStep);
                    long eta = Math.round(perStep * (totalSteps - r.step()));
                    System.err.printf(java.util.Locale.ROOT,
                            "step %d/%d loss %.4f lr %.2e %.2f img/s data %.0f ms compute %.0f ms ETA %dh%02dm%02ds%n",
                            r.step(), totalSteps, r.loss().total(), r.learningRate(), r.imagesPerSec(),
                            r.dataMillis(), r.computeMillis(), eta / 3600, eta / 60 % 60, eta % 60);
                }
            }

            @Override
            public void onValidation(long step, SyntheticEvaluation.Result result, boolean best) {
                System.err.printf(java.util.Locale.ROOT, "validation at step %d: mean IoU %.4f%s%n%s", step,
                        result.meanIou(), best ? " (best)" : "", result.table());
            }

            @Override
            public void onCheckpoint(long step, Path dir) {
                System.err.println("checkpoint at step " + step + ": " + dir);
            }

            @Override
            public void onMessage(String message) {
                System.err.println(message);
            }
        };
    }
}
