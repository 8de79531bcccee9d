package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Loss terms as pure functions of NDArrays (differentiable). */
public final class LossOps {
    private LossOps() {
    }

    /** Element-wise binary cross-entropy of logits x against targets z in [0, 1], in the overflow-free form
     * max(x, 0) - x z + log(1 + exp(-|x|)). */
    public static NDArray bceWithLogits(NDArray logits, NDArray target) {
        return Activation.relu(logits).sub(logits.mul(target)).add(logits.abs().neg().exp().add(1f).log());
    }

    /** Mean soft Dice loss over the batch: 1 - (2 sum(p t) + 1) / (sum(p) + sum(t) + 1) per sample. */
    public static NDArray diceLoss(NDArray logits, NDArray target) {
        long b = logits.getShape().get(0);
        NDArray p = logits.getNDArrayInternal().sigmoid().reshape(b, -1);
        NDArray t = target.reshape(b, -1);
        NDArray inter = p.mul(t).sum(new int[] {1});
        NDArray total = p.sum(new int[] {1}).add(t.sum(new int[] {1}));
        return inter.mul(2f).add(1f).div(total.add(1f)).neg().add(1f).mean();
    }

    /** Mean cross-entropy of 2-class logits (B, 2) against labels (B) in {0, 1} (may be soft). */
    public static NDArray binaryChoiceLoss(NDArray logits, NDArray label) {
        NDArray logp = logits.logSoftmax(1);
        NDArray first = logp.get(":, 0");
        NDArray second = logp.get(":, 1");
        return second.mul(label).add(first.mul(label.neg().add(1f))).neg().mean();
    }
}
