package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A {@link Conv2d} (same parameters, same names, same function) computed by {@link ConvOps#conv2d}. */
final class AlignedConv2d extends Conv2d {
    AlignedConv2d(Conv2d.Builder builder) {
        super(builder);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = includeBias ? ps.getValue(bias, x.getDevice(), training) : null;
        return new NDList(ConvOps.conv2d(x, w, b, stride, padding, dilation, groups));
    }
}
