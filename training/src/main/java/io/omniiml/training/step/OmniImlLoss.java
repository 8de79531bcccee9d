package io.omniiml.training.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import io.omniiml.model.config.OmniImlConfig;
import io.omniiml.model.nn.LossOps;
import io.omniiml.model.nn.NetworkOutputs;

/** The training objective: the terms of {@link LossParts}, weighted by the config's {@code loss} section. */
public final class OmniImlLoss {
    private OmniImlLoss() {
    }

    /** Loss terms as scalar NDArrays: {total, maskBce, maskDice, aux, gate, box, image}. */
    public static NDArray[] compute(NetworkOutputs out, TrainingBatch batch, NDManager m,
                                    OmniImlConfig.LossWeights w) {
        NDArray mask = batch.maskArray(m);
        NDArray maskBce = LossOps.bceWithLogits(out.maskLogits(), mask).mean();
        NDArray maskDice = LossOps.diceLoss(out.maskLogits(), mask);
        NDArray coarse = Pool.avgPool2d(mask, new Shape(8, 8), new Shape(8, 8), new Shape(0, 0), false, true);
        NDArray aux = LossOps.bceWithLogits(out.auxRgb(), coarse).mean()
                .add(LossOps.bceWithLogits(out.auxFused(), coarse).mean());
        NDArray gate = LossOps.binaryChoiceLoss(out.gateLogits(), out.gateLabel());
        NDArray box = boxLoss(out.anomaly(), batch.objectnessArray(m), batch.boxRegressionArray(m));
        NDArray image = LossOps.bceWithLogits(out.scoreLogit(), batch.labelArray(m)).mean();
        NDArray total = maskBce.mul((float) w.maskBce())
                .add(maskDice.mul((float) w.maskDice()))
                .add(aux.mul((float) w.aux()))
                .add(gate.mul((float) w.gate()))
                .add(box.mul((float) w.box()))
                .add(image.mul((float) w.image()));
        return new NDArray[] {total, maskBce, maskDice, aux, gate, box, image};
    }

    /** Objectness BCE over all cells plus L1 of the 4 log-distances over positive cells. */
    static NDArray boxLoss(NDArray anomaly, NDArray objectness, NDArray regression) {
        NDArray objLogits = anomaly.get(":, 0:1");
        NDArray reg = anomaly.get(":, 1:5");
        NDArray objLoss = LossOps.bceWithLogits(objLogits, objectness).mean();
        NDArray l1 = reg.sub(regression).abs().mul(objectness).sum();
        NDArray regLoss = l1.div(objectness.sum().mul(4f).add(1f));
        return objLoss.add(regLoss);
    }
}
