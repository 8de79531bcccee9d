package io.omniiml.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;

/** Small factories and tensor helpers shared by the network's parts. */
final class Layers {
    private Layers() {
    }

    /** A convolution that routes around oneDNN's faults with unaligned channel counts and strided inputs. */
    static Conv2d conv(int filters, int kernel, int stride, int padding, int dilation, int groups) {
        return new AlignedConv2d(Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optDilation(new Shape(dilation, dilation))
                .optGroups(groups));
    }

    /** A "same" convolution at stride 1. */
    static Conv2d conv(int filters, int kernel) {
        return conv(filters, kernel, 1, kernel / 2, 1, 1);
    }

    static Linear linear(int units) {
        return Linear.builder().setUnits(units).build();
    }

    /** Global average pooling (B, C, H, W) -> (B, C); one axis at a time (PtNDArray.mean over several axes throws). */
    static NDArray gap(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).mean(new int[] {2});
    }

    /** Bilinear resize of (B, C, H, W) to (height, width). */
    static NDArray resize(NDArray x, long height, long width) {
        Shape s = x.getShape();
        if (s.get(2) == height && s.get(3) == width) {
            return x;
        }
        return x.getNDArrayInternal().interpolation(new long[] {height, width}, 1, false);
    }
}
