package io.omniiml.model.pipeline;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.nn.NetworkOutputs;
import io.omniiml.model.nn.OmniImlNetwork;
import io.omniiml.model.train.LossParts;
import io.omniiml.model.train.OmniImlLoss;
import io.omniiml.model.train.TrainingBatch;

import java.util.ArrayList;
import java.util.List;

/**
 * The training step of {@link io.omniiml.model.train.OmniImlTrainer} (same loss, global-norm clipping and
 * non-finite guard) with two additions that exact resumption needs: the optimizer is a {@link ResumableAdamW}
 * whose moments are checkpointed, and the engine's random generator (the gate's routing coins) is re-seeded from
 * (seed, step) before every step, so step s draws the same coins whether or not the run was interrupted.
 *
 * <p>Adapter: once OmniImlTrainer accepts an external optimizer and a per-step seed, this class can delegate to it.
 */
public final class ResumableTrainer {
    private final OmniImlModel model;
    private final OmniImlNetwork network;
    private final ResumableAdamW optimizer;
    private final double clipNorm;
    private final long seed;
    private final List<Pair<String, Parameter>> parameters = new ArrayList<>();
    private long skipped;

    public ResumableTrainer(OmniImlModel model, ResumableAdamW optimizer, double clipNorm, long seed) {
        this.model = model;
        this.network = model.network();
        this.optimizer = optimizer;
        this.clipNorm = clipNorm;
        this.seed = seed;
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

    public ResumableAdamW optimizer() {
        return optimizer;
    }

    public long skippedSteps() {
        return skipped;
    }

    /** One optimization step at learning rate {@code lr}; {@code step} seeds the engine's generator. */
    public LossParts step(long step, TrainingBatch batch, double lr) {
        Engine.getEngine("PyTorch").setRandomSeed((int) MultiTaskSampler.mix(seed ^ 0x7A7EL, step));
        optimizer.setLearningRate(lr);
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
            } else {
                float scale = clipNorm > 0 && norm > clipNorm ? (float) (clipNorm / norm) : 1f;
                // keyed by the hierarchical name: DJL's Parameter ids are random per process, names are stable
                for (Pair<String, Parameter> p : parameters) {
                    NDArray weights = p.getValue().getArray();
                    try (NDArray grad = weights.getGradient()) {
                        if (scale != 1f) {
                            grad.muli(scale);
                        }
                        optimizer.update(p.getKey(), weights, grad);
                    }
                }
                optimizer.requireAllRestored();
            }
            zeroGradients();
            return new LossParts(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6], norm, skip,
                    fusedRouted, fusedLabelled);
        }
    }

    private double gradientNorm() {
        double sum = 0;
        for (Pair<String, Parameter> p : parameters) {
            try (NDArray grad = p.getValue().getArray().getGradient(); NDArray sq = grad.square().sum()) {
                sum += sq.getFloat();
            }
        }
        return Math.sqrt(sum);
    }

    /** Overwrites (not scales: NaN * 0 is NaN) every gradient with zeros. */
    private void zeroGradients() {
        for (Pair<String, Parameter> p : parameters) {
            try (NDArray grad = p.getValue().getArray().getGradient()) {
                grad.set(new NDIndex("..."), 0f);
            }
        }
    }
}
