package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Convolution that routes around two oneDNN kernel faults measured in PyTorch 2.7.1's CPU engine (docs/model.md,
 * "Numerics on every CPU"):
 * <ul>
 *   <li>a dense convolution whose input channel count is not a multiple of 16 (e.g. the Modal Gate's 98 = 48 + 48 +
 *       1 + 1) read uninitialised padding of oneDNN's blocked layout: wrong outputs, NaN in about 1 call in 10, on
 *       both the AVX-512 and the AVX2 kernels. Input and weight get zero channels up to the next multiple of 16,
 *       which leaves the sum unchanged;</li>
 *   <li>a dense 1x1 convolution over a channels-last strided input (what {@link ChannelNorm}'s transposed view
 *       returns) with a batch of 2 or more gave other results than sample by sample on AVX-512 kernels. The input is
 *       handed over in plain contiguous layout (a no-op when it already is).</li>
 * </ul>
 * Grouped and depthwise convolutions are passed through unchanged: they were measured correct in both cases.
 */
public final class ConvOps {
    static final int CHANNEL_ALIGNMENT = 16;

    private ConvOps() {
    }

    /** {@code Conv2d.conv2d} with the faults routed around; same result as the plain call on a correct kernel. */
    public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, Shape stride, Shape padding, Shape dilation,
                                 int groups) {
        if (groups == 1) {
            Shape s = x.getShape();
            x = x.reshape(-1).reshape(s); // plain NCHW: reshape(-1) copies a channels-last view, views a contiguous one
            long missing = (CHANNEL_ALIGNMENT - s.get(1) % CHANNEL_ALIGNMENT) % CHANNEL_ALIGNMENT;
            if (missing > 0) {
                x = x.concat(x.getManager().zeros(new Shape(s.get(0), missing, s.get(2), s.get(3)), x.getDataType()), 1);
                Shape ws = weight.getShape();
                // the padded weight is this call's, not the model's: it goes to the input's manager (a weight's
                // result would otherwise stay in the model's manager, one per forward pass)
                weight = weight.concat(x.getManager().zeros(new Shape(ws.get(0), missing, ws.get(2), ws.get(3)),
                        weight.getDataType()), 1);
                weight.attach(x.getManager());
            }
        }
        return Conv2d.conv2d(x, weight, bias, stride, padding, dilation, groups).singletonOrThrow();
    }
}
