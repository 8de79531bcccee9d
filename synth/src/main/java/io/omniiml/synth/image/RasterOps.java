package io.omniiml.synth.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/** Pure pixel-array helpers on packed 0xRRGGBB rasters and float planes. */
public final class RasterOps {
    private RasterOps() {
    }

    public static int[] pixels(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return ((DataBufferInt) image.getRaster().getDataBuffer()).getData().clone();
        }
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    public static BufferedImage image(int width, int height, int[] rgb) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < dst.length; i++) {
            dst[i] = rgb[i] & 0xFFFFFF;
        }
        return out;
    }

    public static BufferedImage crop(BufferedImage image, int x, int y, int width, int height) {
        int[] src = pixels(image);
        int sw = image.getWidth();
        int[] out = new int[width * height];
        for (int r = 0; r < height; r++) {
            System.arraycopy(src, (y + r) * sw + x, out, r * width, width);
        }
        return image(width, height, out);
    }

    public static int rgb(int r, int g, int b) {
        return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
    }

    public static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }

    public static int clamp(double v) {
        return clamp((int) Math.round(v));
    }

    public static double luma(int rgb) {
        return 0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255);
    }

    /** Channel c (0 = red, 1 = green, 2 = blue) as a float plane. */
    public static float[] channel(int[] rgb, int c) {
        int shift = 16 - 8 * c;
        float[] out = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            out[i] = (rgb[i] >> shift) & 255;
        }
        return out;
    }

    public static int[] merge(float[] r, float[] g, float[] b) {
        int[] out = new int[r.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = rgb(Math.round(r[i]), Math.round(g[i]), Math.round(b[i]));
        }
        return out;
    }

    /** Separable Gaussian blur of a packed RGB raster (edges clamped). */
    public static int[] gaussianBlur(int[] rgb, int width, int height, double sigma) {
        if (sigma <= 0) {
            return rgb.clone();
        }
        float[][] planes = {channel(rgb, 0), channel(rgb, 1), channel(rgb, 2)};
        for (float[] p : planes) {
            blurPlane(p, width, height, sigma);
        }
        return merge(planes[0], planes[1], planes[2]);
    }

    /** In-place separable Gaussian blur of one float plane. */
    public static void blurPlane(float[] plane, int width, int height, double sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[2 * radius + 1];
        float sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        float[] tmp = new float[plane.length];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                float acc = 0;
                for (int i = -radius; i <= radius; i++) {
                    int xx = Math.min(width - 1, Math.max(0, x + i));
                    acc += k[i + radius] * plane[row + xx];
                }
                tmp[row + x] = acc;
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float acc = 0;
                for (int i = -radius; i <= radius; i++) {
                    int yy = Math.min(height - 1, Math.max(0, y + i));
                    acc += k[i + radius] * tmp[yy * width + x];
                }
                plane[y * width + x] = acc;
            }
        }
    }

    /** Bilinear sample of a packed raster at a real position (edges clamped). */
    public static int sampleBilinear(int[] rgb, int width, int height, double x, double y) {
        x = Math.max(0, Math.min(width - 1.0, x));
        y = Math.max(0, Math.min(height - 1.0, y));
        int x0 = (int) x;
        int y0 = (int) y;
        int x1 = Math.min(width - 1, x0 + 1);
        int y1 = Math.min(height - 1, y0 + 1);
        double fx = x - x0;
        double fy = y - y0;
        int p00 = rgb[y0 * width + x0];
        int p10 = rgb[y0 * width + x1];
        int p01 = rgb[y1 * width + x0];
        int p11 = rgb[y1 * width + x1];
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            double v = (1 - fy) * ((1 - fx) * ((p00 >> shift) & 255) + fx * ((p10 >> shift) & 255))
                    + fy * ((1 - fx) * ((p01 >> shift) & 255) + fx * ((p11 >> shift) & 255));
            out |= clamp(v) << shift;
        }
        return out;
    }

    /**
     * Bilinear resize of a packed raster; when shrinking by more than 2x, an integer box average (area
     * sampling, the anti-aliasing filter) first brings it within 2x of the target.
     */
    public static int[] resize(int[] rgb, int width, int height, int newWidth, int newHeight) {
        int[] src = rgb;
        int w = width;
        int h = height;
        int factor = (int) Math.floor(Math.min((double) width / newWidth, (double) height / newHeight));
        if (factor >= 2) {
            w = width / factor;
            h = height / factor;
            src = boxDownsample(rgb, width, w, h, factor);
        }
        int[] out = new int[newWidth * newHeight];
        double sx = (double) w / newWidth;
        double sy = (double) h / newHeight;
        for (int y = 0; y < newHeight; y++) {
            for (int x = 0; x < newWidth; x++) {
                out[y * newWidth + x] = sampleBilinear(src, w, h, (x + 0.5) * sx - 0.5, (y + 0.5) * sy - 0.5);
            }
        }
        return out;
    }

    private static int[] boxDownsample(int[] rgb, int width, int w, int h, int k) {
        int[] out = new int[w * h];
        int n = k * k;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = 0;
                int g = 0;
                int b = 0;
                for (int dy = 0; dy < k; dy++) {
                    int row = (y * k + dy) * width + x * k;
                    for (int dx = 0; dx < k; dx++) {
                        int p = rgb[row + dx];
                        r += (p >> 16) & 255;
                        g += (p >> 8) & 255;
                        b += p & 255;
                    }
                }
                out[y * w + x] = ((r + n / 2) / n) << 16 | ((g + n / 2) / n) << 8 | (b + n / 2) / n;
            }
        }
        return out;
    }

    /** Mean and standard deviation per channel over the pixels where {@code select[i]} is true. */
    public static double[] meanStd(int[] rgb, boolean[] select) {
        double[] sum = new double[3];
        double[] sq = new double[3];
        long n = 0;
        for (int i = 0; i < rgb.length; i++) {
            if (select != null && !select[i]) {
                continue;
            }
            n++;
            for (int c = 0; c < 3; c++) {
                int v = (rgb[i] >> (16 - 8 * c)) & 255;
                sum[c] += v;
                sq[c] += (double) v * v;
            }
        }
        double[] out = new double[6];
        for (int c = 0; c < 3; c++) {
            double mean = n == 0 ? 0 : sum[c] / n;
            out[c] = mean;
            out[3 + c] = n == 0 ? 0 : Math.sqrt(Math.max(0, sq[c] / n - mean * mean));
        }
        return out;
    }
}
