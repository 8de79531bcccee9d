package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Anomaly Enhancement, anchor-free (FCOS-style) instead of the paper's RPN + RoIAlign (DJL exposes no RoIAlign):
 * on the stride-16 encoder features it predicts, per cell, an objectness logit ("this cell lies inside a tampered
 * region's box") and the log distances (in cells) to the box's left, top, right and bottom edges.
 * Output (B, 5, H/16, W/16). Training only: the network never calls it at inference.
 */
final class AnomalyEnhancementHead extends LazyBlock {
    private final Block hidden;
    private final Block out;

    AnomalyEnhancementHead(int width) {
        hidden = addChildBlock("hidden", Layers.conv(width, 3));
        out = addChildBlock("out", Layers.conv(5, 1));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(run(out, ps, Activation.gelu(run(hidden, ps, inputs.head(), training)), training));
    }
}
