package io.omniiml.model.infer;

import io.omniiml.core.jpeg.JpegCoefficients;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/** Pure conversions from images and coefficient arrays to the network's input arrays. */
public final class InputOps {
    private InputOps() {
    }

    /**
     * A w x h window at (x0, y0) of an image as channel-major floats in [0, 1]; pixels outside the image repeat
     * the nearest edge pixel (padding to the network's multiples of 32 without inventing edges).
     */
    public static float[] rgbChw(BufferedImage image, int x0, int y0, int w, int h) {
        int iw = image.getWidth();
        int ih = image.getHeight();
        int[] pixels = image.getType() == BufferedImage.TYPE_INT_RGB
                ? ((DataBufferInt) image.getRaster().getDataBuffer()).getData() : null;
        int[] row = pixels == null ? new int[iw] : null;
        float[] out = new float[3 * w * h];
        int plane = w * h;
        for (int y = 0; y < h; y++) {
            int sy = clamp(y0 + y, ih);
            if (row != null) {
                image.getRGB(0, sy, iw, 1, row, 0, iw);
            }
            for (int x = 0; x < w; x++) {
                int sx = clamp(x0 + x, iw);
                int rgb = row != null ? row[sx] : pixels[sy * iw + sx];
                int i = y * w + x;
                out[i] = ((rgb >> 16) & 0xff) / 255f;
                out[plane + i] = ((rgb >> 8) & 0xff) / 255f;
                out[2 * plane + i] = (rgb & 0xff) / 255f;
            }
        }
        return out;
    }

    private static int clamp(int v, int size) {
        return v < 0 ? 0 : Math.min(v, size - 1);
    }

    /** A w x h window at (x0, y0) of a (width x height) coefficient map; zeros outside (flat blocks). */
    public static int[] dctWindow(short[] dct, int width, int height, int x0, int y0, int w, int h) {
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            int sy = y0 + y;
            if (sy < 0 || sy >= height) {
                continue;
            }
            for (int x = 0; x < w; x++) {
                int sx = x0 + x;
                if (sx >= 0 && sx < width) {
                    out[y * w + x] = dct[sy * width + sx];
                }
            }
        }
        return out;
    }

    /**
     * The first (luminance) component's coefficients cropped to width x height pixels, in jpegio layout, or null
     * when that component is not at full resolution (then the blocks would not align with the pixels).
     */
    public static short[] luminanceOnPixelGrid(JpegCoefficients coefficients, int width, int height) {
        JpegCoefficients.Component y = coefficients.components().get(0);
        int maxH = 1;
        int maxV = 1;
        for (JpegCoefficients.Component c : coefficients.components()) {
            maxH = Math.max(maxH, c.hSampling());
            maxV = Math.max(maxV, c.vSampling());
        }
        if (y.hSampling() != maxH || y.vSampling() != maxV || y.blocksWide() * 8 < width
                || y.blocksHigh() * 8 < height) {
            return null;
        }
        short[] out = new short[width * height];
        int stride = y.stride();
        for (int r = 0; r < height; r++) {
            System.arraycopy(y.coefficients(), r * stride, out, r * width, width);
        }
        return out;
    }

    /** Entries of a quantization table as ints, checked for length 64. */
    public static int[] quantTable(JpegCoefficients coefficients) {
        int[] q = coefficients.quantTableOf(0);
        if (q == null || q.length != 64) {
            throw new IllegalArgumentException("luminance quantization table missing");
        }
        return q;
    }
}
