package io.omniiml.training.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.Mask;
import io.omniiml.model.infer.InputOps;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * One training batch as plain Java arrays (no engine objects, so the data pipeline can build it on any thread).
 * All samples share height and width, multiples of 32 (8x8-grid aligned crops).
 */
public final class TrainingBatch {
    /** Stride of the Anomaly Enhancement grid. */
    public static final int BOX_STRIDE = 16;

    private final int size;
    private final int height;
    private final int width;
    private final float[] rgb;
    private final int[] dct;
    private final float[] qtable;
    private final float[] mask;
    private final float[] objectness;
    private final float[] boxRegression;
    private final float[] labels;
    private final int[] forcedGate;

    private TrainingBatch(Builder b) {
        size = b.count;
        height = b.height;
        width = b.width;
        int plane = height * width;
        int cells = ((height + BOX_STRIDE - 1) / BOX_STRIDE) * ((width + BOX_STRIDE - 1) / BOX_STRIDE);
        rgb = new float[size * 3 * plane];
        dct = new int[size * plane];
        qtable = new float[size * 64];
        mask = new float[size * plane];
        objectness = new float[size * cells];
        boxRegression = new float[size * 4 * cells];
        labels = new float[size];
        for (int i = 0; i < size; i++) {
            Sample s = b.samples.get(i);
            System.arraycopy(s.rgb, 0, rgb, i * 3 * plane, 3 * plane);
            for (int p = 0; p < plane; p++) {
                dct[i * plane + p] = s.dct[p];
                mask[i * plane + p] = s.mask[p];
            }
            for (int k = 0; k < 64; k++) {
                qtable[i * 64 + k] = s.qtable[k];
            }
            float[][] t = BoxTargetOps.targets(s.boxes, height, width, BOX_STRIDE);
            System.arraycopy(t[0], 0, objectness, i * cells, cells);
            System.arraycopy(t[1], 0, boxRegression, i * 4 * cells, 4 * cells);
            labels[i] = s.tampered ? 1f : 0f;
        }
        forcedGate = b.forcedGate;
    }

    public static Builder builder(int height, int width) {
        return new Builder(height, width);
    }

    public int size() {
        return size;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Network inputs in training layout: rgb, dct, qtable, mask[, forced gate]. */
    public NDList toNetworkInputs(NDManager m) {
        NDList in = new NDList(
                m.create(rgb, new Shape(size, 3, height, width)),
                m.create(dct, new Shape(size, height, width)),
                m.create(qtable, new Shape(size, 64)),
                maskArray(m));
        if (forcedGate != null) {
            in.add(m.create(forcedGate, new Shape(size)));
        }
        return in;
    }

    public NDArray maskArray(NDManager m) {
        return m.create(mask, new Shape(size, 1, height, width));
    }

    public NDArray labelArray(NDManager m) {
        return m.create(labels, new Shape(size, 1));
    }

    /** (B, 1, h, w) objectness targets on the {@link #BOX_STRIDE} grid. */
    public NDArray objectnessArray(NDManager m) {
        return m.create(objectness, new Shape(size, 1, gridHeight(), gridWidth()));
    }

    /** (B, 4, h, w) box regression targets. */
    public NDArray boxRegressionArray(NDManager m) {
        return m.create(boxRegression, new Shape(size, 4, gridHeight(), gridWidth()));
    }

    private long gridHeight() {
        return (height + BOX_STRIDE - 1) / BOX_STRIDE;
    }

    private long gridWidth() {
        return (width + BOX_STRIDE - 1) / BOX_STRIDE;
    }

    private record Sample(float[] rgb, short[] dct, int[] qtable, byte[] mask, List<Box> boxes, boolean tampered) {
    }

    /** Collects samples; every array is checked against the batch size with a clear message. */
    public static final class Builder {
        private final int height;
        private final int width;
        private final List<Sample> samples = new ArrayList<>();
        private int count;
        private int[] forcedGate;

        private Builder(int height, int width) {
            if (height <= 0 || width <= 0 || height % 32 != 0 || width % 32 != 0) {
                throw new IllegalArgumentException("training crops must be positive multiples of 32, got "
                        + width + "x" + height);
            }
            this.height = height;
            this.width = width;
        }

        /**
         * @param rgbChw   3*H*W floats in [0, 1], channel-major (all R, then G, then B)
         * @param dct      H*W luminance DCT coefficients in jpegio layout, aligned with the pixels
         * @param qtable   64 luminance quantization steps, natural order
         * @param mask     H*W values 0/1 (1 = tampered)
         * @param boxes    boxes of the tampered regions (the mask's connected components)
         * @param tampered image-level label
         */
        public Builder addSample(float[] rgbChw, short[] dct, int[] qtable, byte[] mask, List<Box> boxes,
                                 boolean tampered) {
            int plane = height * width;
            requireLength("rgb", rgbChw.length, 3 * plane);
            requireLength("dct", dct.length, plane);
            requireLength("qtable", qtable.length, 64);
            requireLength("mask", mask.length, plane);
            samples.add(new Sample(rgbChw, dct, qtable, mask, List.copyOf(boxes), tampered));
            count++;
            return this;
        }

        /** Convenience: an RGB image of the batch size and a {@link Mask}. */
        public Builder addSample(BufferedImage rgb, short[] dct, int[] qtable, Mask mask, List<Box> boxes,
                                 boolean tampered) {
            if (rgb.getWidth() != width || rgb.getHeight() != height || mask.width() != width
                    || mask.height() != height) {
                throw new IllegalArgumentException("sample " + count + ": image " + rgb.getWidth() + "x"
                        + rgb.getHeight() + " / mask " + mask.width() + "x" + mask.height() + " != batch "
                        + width + "x" + height);
            }
            return addSample(InputOps.rgbChw(rgb, 0, 0, width, height), dct, qtable, mask.data(), boxes, tampered);
        }

        /** Forces the path of every sample (OmniImlNetwork.GATE_*), e.g. to train or test one path alone. */
        public Builder optForcedGate(int gate) {
            forcedGate = new int[] {gate};
            return this;
        }

        private void requireLength(String what, int actual, int expected) {
            if (actual != expected) {
                throw new IllegalArgumentException("sample " + count + ": " + what + " has " + actual
                        + " values, a " + width + "x" + height + " crop needs " + expected);
            }
        }

        public TrainingBatch build() {
            if (count == 0) {
                throw new IllegalStateException("empty training batch");
            }
            if (forcedGate != null) {
                int gate = forcedGate[0];
                forcedGate = new int[count];
                java.util.Arrays.fill(forcedGate, gate);
            }
            return new TrainingBatch(this);
        }
    }
}
