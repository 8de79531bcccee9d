package io.omniiml.training.step;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.nn.NetworkOutputs;
import io.omniiml.model.nn.OmniImlNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs training steps on an {@link OmniImlModel}: forward in training mode (with the Anomaly Enhancement head),
 * the weighted loss, backward, global-norm gradient clipping and an AdamW update (DJL's decoupled weight decay).
 * A step whose loss or gradient is not finite is skipped and logged; when more than 1% of the last
 * {@value #SKIP_WINDOW} steps were skipped the trainer stops with an error naming the non-finite loss part, since
 * that means broken numerics rather than a rare outlier (docs/model.md, "Numerics on every CPU"). All arrays of a step
 * live in a sub-manager closed at the end of the step (ENGINE.md trap 3).
 *
 * <p>Not thread-safe, and the PyTorch engine allows one gradient collection per process at a time: one trainer,
 * one thread.
 */
public final class OmniImlTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(OmniImlTrainer.class);

    private final OmniImlModel model;
    private final OmniImlNetwork network;
    private final Tracker learningRate;
    private final Optimizer optimizer;
    private final float clipNorm;
    /** Trainable parameters by hierarchical name: DJL's Parameter ids are random per process, names are stable. */
    private final List<Pair<String, Parameter>> parameters = new ArrayList<>();
    private long applied;
    private long skipped;
    /** Skip flags of the most recent steps, oldest first, at most {@link #SKIP_WINDOW}. */
    private final java.util.ArrayDeque<Boolean> recentSkips = new java.util.ArrayDeque<>();
    private int recentSkipCount;

    /** Steps over which the share of skipped steps is watched. */
    public static final int SKIP_WINDOW = 200;
    /** At most this many skipped steps are tolerated within the window (1%). */
    public static final int MAX_SKIPS_IN_WINDOW = SKIP_WINDOW / 100;

    private OmniImlTrainer(Builder b) {
        model = b.model;
        network = model.network();
        learningRate = b.learningRate;
        clipNorm = b.clipNorm;
        optimizer = b.optimizer != null ? b.optimizer : Optimizer.adamW().optLearningRateTracker(learningRate)
                .optWeightDecays(b.weightDecay).optBeginNumUpdate(0).build();
        for (Pair<String, Parameter> p : network.getParameters()) {
            if (p.getValue().requiresGradient()) {
                // a model read by OmniImlModel.load has its arrays but no gradient buffers yet
                if (!p.getValue().getArray().hasGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                }
                parameters.add(p);
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public OmniImlModel model() {
        return model;
    }

    /** The learning-rate tracker the optimizer reads (a {@link LearningRate} unless the builder got another). */
    public Tracker learningRateTracker() {
        return learningRate;
    }

    public long appliedSteps() {
        return applied;
    }

    public long skippedSteps() {
        return skipped;
    }

    /**
     * One optimization step with the engine's random generator (the routing coins of the Modal Gate) re-seeded
     * first, so that a resumed run draws the same coins at the same step.
     */
    public LossParts step(TrainingBatch batch, int randomSeed) {
        Engine.getEngine("PyTorch").setRandomSeed(randomSeed);
        return step(batch);
    }

    /** One optimization step on {@code batch}. */
    public LossParts step(TrainingBatch batch) {
        try (NDManager m = model.djlModel().getNDManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            double[] parts = new double[7];
            NetworkOutputs out;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDList raw = network.forward(ps, batch.toNetworkInputs(m), true);
                out = NetworkOutputs.of(raw, network.filterCount(), true);
                NDArray[] loss = OmniImlLoss.compute(out, batch, m, model.config().loss());
                for (int i = 0; i < parts.length; i++) {
                    parts[i] = loss[i].getFloat();
                }
                if (Double.isFinite(parts[0])) {
                    gc.backward(loss[0]);
                }
            }
            double fusedRouted = out.route().mean().getFloat();
            double fusedLabelled = out.gateLabel().mean().getFloat();
            double norm = Double.isFinite(parts[0]) ? gradientNorm() : Double.NaN;
            boolean skip = !Double.isFinite(norm);
            if (skip) {
                skipped++;
                LOG.warn("training step skipped: non-finite {} (loss {}); {} skipped so far", Double.isFinite(parts[0])
                        ? "gradient" : "loss part(s) " + nonFinite(parts), parts[0], skipped);
            } else {
                float scale = clipNorm > 0 && norm > clipNorm ? (float) (clipNorm / norm) : 1f;
                for (Pair<String, Parameter> p : parameters) {
                    NDArray weights = p.getValue().getArray();
                    try (NDArray grad = weights.getGradient()) {
                        if (scale != 1f) {
                            grad.muli(scale);
                        }
                        optimizer.update(p.getKey(), weights, grad);
                    }
                }
                applied++;
                model.provenance().put(OmniImlModel.STEPS_KEY, model.provenance().path(OmniImlModel.STEPS_KEY)
                        .asLong(0) + 1);
            }
            zeroGradients();
            LossParts result = new LossParts(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6],
                    norm, skip, fusedRouted, fusedLabelled);
            watchSkips(result);
            return result;
        }
    }

    private static String nonFinite(double[] parts) {
        return new LossParts(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6], 0, true, 0, 0)
                .nonFiniteParts();
    }

    private void watchSkips(LossParts step) {
        recentSkips.addLast(step.skipped());
        recentSkipCount += step.skipped() ? 1 : 0;
        if (recentSkips.size() > SKIP_WINDOW) {
            recentSkipCount -= recentSkips.removeFirst() ? 1 : 0;
        }
        if (recentSkipCount > MAX_SKIPS_IN_WINDOW) {
            throw new NonFiniteTrainingException(String.format(
                    "training stopped: %d of the last %d steps were skipped (at most %d tolerated); the last had a "
                            + "non-finite %s (%s). Run `omniiml doctor` to check this machine's engine.",
                    recentSkipCount, recentSkips.size(), MAX_SKIPS_IN_WINDOW, step.nonFiniteParts(), step));
        }
    }

    /** Too many steps with non-finite loss or gradient: the numerics are broken, going on would waste the run. */
    public static final class NonFiniteTrainingException extends IllegalStateException {
        NonFiniteTrainingException(String message) {
            super(message);
        }
    }

    private double gradientNorm() {
        double sum = 0;
        for (Pair<String, Parameter> p : parameters) {
            // every intermediate closed: they belong to the model's manager and would stay there each step
            try (NDArray grad = p.getValue().getArray().getGradient(); NDArray squares = grad.square();
                 NDArray sq = squares.sum()) {
                sum += sq.getFloat();
            }
        }
        return Math.sqrt(sum);
    }

    /** Overwrites (not scales: NaN * 0 is NaN) every gradient with zeros. */
    private void zeroGradients() {
        for (Pair<String, Parameter> p : parameters) {
            // the indexer's scalar goes to a scratch manager: NDArray.set(index, number) leaves one in the
            // gradient's manager, the model's, per parameter and step
            try (NDArray grad = p.getValue().getArray().getGradient();
                 NDManager scratch = grad.getManager().newSubManager()) {
                grad.getNDArrayInternal().getIndexer(scratch).set(grad, new NDIndex("..."), 0f);
            }
        }
    }

    /** DJL-style builder. */
    public static final class Builder {
        private OmniImlModel model;
        private Tracker learningRate = new LearningRate(1e-3f);
        private float weightDecay = 0.05f;
        private float clipNorm = 1.0f;
        private Optimizer optimizer;

        public Builder setModel(OmniImlModel model) {
            this.model = model;
            return this;
        }

        /** Fixed learning rate (default 1e-3) as a settable {@link LearningRate}. */
        public Builder optLearningRate(float lr) {
            this.learningRate = new LearningRate(lr);
            return this;
        }

        /** Any DJL tracker, e.g. a {@link LearningRate} the pipeline updates, or Tracker.warmUp()/cosine(). */
        public Builder optLearningRate(Tracker tracker) {
            this.learningRate = tracker;
            return this;
        }

        /** Decoupled weight decay of AdamW (default 0.05). */
        public Builder optWeightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * Another optimizer (e.g. one whose state can be checkpointed); then the learning rate and weight decay
         * options of this builder are not used.
         */
        public Builder optOptimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** Global gradient-norm clipping threshold (default 1.0; 0 turns clipping off). */
        public Builder optClipNorm(float clipNorm) {
            this.clipNorm = clipNorm;
            return this;
        }

        public OmniImlTrainer build() {
            if (model == null) {
                throw new IllegalStateException("OmniImlTrainer needs setModel(...)");
            }
            return new OmniImlTrainer(this);
        }
    }
}
