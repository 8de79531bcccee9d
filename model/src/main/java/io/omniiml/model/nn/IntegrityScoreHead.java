package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Image-level integrity score: from GAP(F4) and the maximum and mean of the stride-4 mask logits (a detector
 * that sees its own strongest local evidence), a hidden layer and one logit (> 0: tampered).
 */
final class IntegrityScoreHead extends LazyBlock {
    private final Block hidden;
    private final Block logit;

    IntegrityScoreHead(int hidden) {
        this.hidden = addChildBlock("hidden", Layers.linear(hidden));
        logit = addChildBlock("logit", Layers.linear(1));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray deepest = inputs.get(0);
        NDArray maskLogits = inputs.get(1);
        long b = maskLogits.getShape().get(0);
        NDArray flat = maskLogits.reshape(b, -1);
        NDArray features = Layers.gap(deepest).concat(flat.max(new int[] {1}, true), 1)
                .concat(flat.mean(new int[] {1}, true), 1);
        return new NDList(run(logit, ps, Activation.gelu(run(hidden, ps, features, training)), training));
    }
}
