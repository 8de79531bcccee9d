package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

import java.util.ArrayList;
import java.util.List;

/**
 * Named view of the network's output list.
 *
 * @param maskLogits    (B, 1, H, W) final mask logits
 * @param scoreLogit    (B, 1) image-level logit (> 0: tampered)
 * @param gateLogits    (B, 2) Modal Gate logits: [vision, fused]
 * @param route         (B) the path taken per sample: 1 = fused, 0 = vision
 * @param auxRgb        (B, 1, H/8, W/8) coarse mask logits P_rgb
 * @param auxFused      (B, 1, H/8, W/8) coarse mask logits P_fused
 * @param mixingWeights per Dynamic Weight Filter, (B, K) expert weights A
 * @param gateLabel     training only: (B) 1 where P_fused beat P_rgb against the ground truth; else null
 * @param anomaly       training only: (B, 5, H/16, W/16) Anomaly Enhancement output; else null
 */
public record NetworkOutputs(NDArray maskLogits, NDArray scoreLogit, NDArray gateLogits, NDArray route,
                             NDArray auxRgb, NDArray auxFused, List<NDArray> mixingWeights, NDArray gateLabel,
                             NDArray anomaly) {
    /** Child-block name of the Anomaly Enhancement head (its parameter ids start with it). */
    public static final String AE_BLOCK = "anomalyEnhancement";

    public static NetworkOutputs of(NDList out, int filterCount, boolean training) {
        List<NDArray> mixing = new ArrayList<>();
        for (int i = 0; i < filterCount; i++) {
            mixing.add(out.get(6 + i));
        }
        int next = 6 + filterCount;
        return new NetworkOutputs(out.get(0), out.get(1), out.get(2), out.get(3), out.get(4), out.get(5), mixing,
                training ? out.get(next) : null, training ? out.get(next + 1) : null);
    }
}
