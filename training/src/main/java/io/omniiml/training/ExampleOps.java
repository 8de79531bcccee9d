package io.omniiml.training;

import io.omniiml.core.image.ImageReadException;
import io.omniiml.core.jpeg.JpegCoefficientReader;
import io.omniiml.core.jpeg.JpegCoefficients;
import io.omniiml.core.jpeg.JpegEncoding;
import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;
import io.omniiml.model.infer.InputOps;
import io.omniiml.model.infer.NetworkDetector;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a {@link LabelledImage} into a {@link TrainingExample}: an 8x8-aligned crop (or zero padding) to the
 * training size and optional flips, applied identically to pixels, mask and JPEG coefficients. Nothing is ever
 * rescaled: a JPEG's coefficients stay those of its own file, so the frequency head sees real compression traces.
 * Flips need {@code size} to be a multiple of 8, which keeps the mirrored blocks on the grid.
 */
public final class ExampleOps {
    /** IJG quality at which a non-JPEG input is encoded for its luminance coefficients: the detector's default. */
    public static final int NON_JPEG_QUALITY = NetworkDetector.DEFAULT_NON_JPEG_QUALITY;

    private ExampleOps() {
    }

    /** The augmentation decided for one example (drawn from the sampler's seeded stream). */
    public record Augment(double cropX, double cropY, boolean flipH, boolean flipV) {
        public static final Augment NONE = new Augment(0, 0, false, false);

        public static Augment draw(SplittableRandom rng, TrainingConfig.Augmentation a) {
            double cx = a.randomCrop() ? rng.nextDouble() : 0;
            double cy = a.randomCrop() ? rng.nextDouble() : 0;
            boolean h = rng.nextDouble() < a.horizontalFlip();
            boolean v = rng.nextDouble() < a.verticalFlip();
            return new Augment(cx, cy, h, v);
        }
    }

    /**
     * The example of side {@code size}: a window at an 8-aligned offset (or the whole image with padding when it is
     * smaller), converted exactly as {@link NetworkDetector} converts a tile: RGB padded by edge replication,
     * coefficients from the JPEG itself when its luminance lies on the pixel grid, else from encoding the whole
     * image at the detector's non-JPEG quality; zeros (flat blocks) outside the image.
     */
    public static TrainingExample toExample(LabelledImage in, int size, Augment augment) throws ImageReadException {
        if (size % 8 != 0) {
            throw new IllegalArgumentException("size must be a multiple of 8: " + size);
        }
        BufferedImage img = in.image();
        int w = img.getWidth();
        int h = img.getHeight();
        int x0 = w > size ? 8 * offsetIndex(augment.cropX(), (w - size) / 8 + 1) : 0;
        int y0 = h > size ? 8 * offsetIndex(augment.cropY(), (h - size) / 8 + 1) : 0;
        JpegCoefficients coefficients = null;
        short[] grid = null;
        if (in.jpeg() != null) {
            coefficients = JpegCoefficientReader.read(in.jpeg(), in.id());
            if (coefficients.width() == w && coefficients.height() == h) {
                grid = InputOps.luminanceOnPixelGrid(coefficients, w, h);
            }
        }
        if (grid == null) {
            coefficients = JpegEncoding.luminanceCoefficients(img, NON_JPEG_QUALITY);
            grid = InputOps.luminanceOnPixelGrid(coefficients, w, h);
        }
        int[] qtable = InputOps.quantTable(coefficients).clone();
        float[] rgb = InputOps.rgbChw(img, x0, y0, size, size);
        int[] window = InputOps.dctWindow(grid, w, h, x0, y0, size, size);
        short[] dct = new short[size * size];
        for (int i = 0; i < dct.length; i++) {
            dct[i] = (short) window[i];
        }
        int validW = Math.min(size, w - x0);
        int validH = Math.min(size, h - y0);
        byte[] mask = new byte[size * size];
        for (int y = 0; y < validH; y++) {
            for (int x = 0; x < validW; x++) {
                mask[y * size + x] = in.mask().get(x0 + x, y0 + y) ? (byte) 1 : 0;
            }
        }
        if (augment.flipH()) {
            flipHorizontal(rgb, size, 3);
            flipHorizontal(mask, size);
            flipDctHorizontal(dct, size);
        }
        if (augment.flipV()) {
            flipVertical(rgb, size, 3);
            flipVertical(mask, size);
            flipDctVertical(dct, size);
        }
        List<Box> boxes = MaskOps.boxes(new Mask(size, size, mask), 1);
        boolean tampered = !boxes.isEmpty();
        String id = in.id() + "@" + x0 + "," + y0 + (augment.flipH() ? "h" : "") + (augment.flipV() ? "v" : "");
        return new TrainingExample(id, in.task(), size, rgb, dct, qtable, mask, boxes, tampered, validW, validH);
    }

    /** Index in [0, choices) from a uniform draw u in [0, 1]. */
    private static int offsetIndex(double u, int choices) {
        return Math.min(choices - 1, (int) (u * choices));
    }

    static void flipHorizontal(float[] a, int size, int planes) {
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < size; y++) {
                int o = p * size * size + y * size;
                for (int l = 0, r = size - 1; l < r; l++, r--) {
                    float t = a[o + l];
                    a[o + l] = a[o + r];
                    a[o + r] = t;
                }
            }
        }
    }

    static void flipVertical(float[] a, int size, int planes) {
        float[] tmp = new float[size];
        for (int p = 0; p < planes; p++) {
            int base = p * size * size;
            for (int t = 0, b = size - 1; t < b; t++, b--) {
                System.arraycopy(a, base + t * size, tmp, 0, size);
                System.arraycopy(a, base + b * size, a, base + t * size, size);
                System.arraycopy(tmp, 0, a, base + b * size, size);
            }
        }
    }

    static void flipHorizontal(byte[] a, int size) {
        for (int y = 0; y < size; y++) {
            int o = y * size;
            for (int l = 0, r = size - 1; l < r; l++, r--) {
                byte t = a[o + l];
                a[o + l] = a[o + r];
                a[o + r] = t;
            }
        }
    }

    static void flipVertical(byte[] a, int size) {
        byte[] tmp = new byte[size];
        for (int t = 0, b = size - 1; t < b; t++, b--) {
            System.arraycopy(a, t * size, tmp, 0, size);
            System.arraycopy(a, b * size, a, t * size, size);
            System.arraycopy(tmp, 0, a, b * size, size);
        }
    }

    /**
     * Mirrors the blocks left-right; inside a block the DCT basis cos((2x+1)u pi/16) changes sign for odd u when
     * x -> 7 - x, so odd horizontal frequencies are negated (what jpegtran -flip horizontal does, losslessly).
     */
    static void flipDctHorizontal(short[] dct, int size) {
        int blocks = size / 8;
        short[] row = new short[size];
        for (int y = 0; y < size; y++) {
            int o = y * size;
            System.arraycopy(dct, o, row, 0, size);
            for (int b = 0; b < blocks; b++) {
                int src = b * 8;
                int dst = (blocks - 1 - b) * 8;
                for (int k = 0; k < 8; k++) {
                    dct[o + dst + k] = (k & 1) == 0 ? row[src + k] : (short) -row[src + k];
                }
            }
        }
    }

    /** Mirrors the blocks top-bottom and negates odd vertical frequencies. */
    static void flipDctVertical(short[] dct, int size) {
        short[] copy = dct.clone();
        int blocks = size / 8;
        for (int b = 0; b < blocks; b++) {
            for (int k = 0; k < 8; k++) {
                int src = (b * 8 + k) * size;
                int dst = ((blocks - 1 - b) * 8 + k) * size;
                for (int x = 0; x < size; x++) {
                    dct[dst + x] = (k & 1) == 0 ? copy[src + x] : (short) -copy[src + x];
                }
            }
        }
    }
}
