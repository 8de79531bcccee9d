package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * LayerNorm over the channel axis of (B, C, H, W), as ConvNeXt uses it. Unlike batch norm it behaves the same in
 * training and inference and on every tile, so tiled inference needs no running statistics.
 */
final class ChannelNorm extends LazyBlock {
    private static final float EPS = 1e-6f;
    private final Parameter gamma;
    private final Parameter beta;

    ChannelNorm(int channels) {
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(1, channels, 1, 1)).optInitializer(Initializer.ONES).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
                .optShape(new Shape(1, channels, 1, 1)).optInitializer(Initializer.ZEROS).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        long c = x.getShape().get(1);
        // one fused layer_norm over the last axis (channels-last view) instead of nine element-wise passes; the
        // parameter views go to the input's manager (a view of a parameter belongs to the model's otherwise, and
        // one would stay there per forward pass)
        NDArray g = ps.getValue(gamma, x.getDevice(), training).reshape(c);
        NDArray b = ps.getValue(beta, x.getDevice(), training).reshape(c);
        g.attach(x.getManager());
        b.attach(x.getManager());
        NDArray y = LayerNorm.layerNorm(x.transpose(0, 2, 3, 1), new Shape(c), g, b, EPS).singletonOrThrow();
        return new NDList(y.transpose(0, 3, 1, 2));
    }
}
