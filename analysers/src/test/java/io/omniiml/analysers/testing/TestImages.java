package io.omniiml.analysers.testing;

import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.ImageReadException;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.jpeg.JpegEncoding;
import io.omniiml.core.mask.Mask;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Constructed images with known answers, loaded through the real loader (so format and bytes are real). */
public final class TestImages {
    private TestImages() {
    }

    /** A natural-looking texture: smooth random blobs of colour plus fine detail, deterministic per seed. */
    public static BufferedImage texture(int w, int h, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int blobs = 40;
        double[][] b = new double[blobs][6];
        for (double[] x : b) {
            x[0] = r.nextDouble() * w;
            x[1] = r.nextDouble() * h;
            x[2] = 6 + r.nextDouble() * Math.max(w, h) / 6.0;
            x[3] = r.nextDouble() * 255;
            x[4] = r.nextDouble() * 255;
            x[5] = r.nextDouble() * 255;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sr = 0, sg = 0, sb = 0, sw = 1e-6;
                for (double[] bl : b) {
                    double d2 = ((x - bl[0]) * (x - bl[0]) + (y - bl[1]) * (y - bl[1])) / (bl[2] * bl[2]);
                    double wgt = Math.exp(-d2);
                    sr += wgt * bl[3];
                    sg += wgt * bl[4];
                    sb += wgt * bl[5];
                    sw += wgt;
                }
                double detail = 18 * Math.sin(x * 0.7 + 3 * Math.sin(y * 0.23)) * Math.cos(y * 0.45 + x * 0.05) + r.nextGaussian() * 3;
                img.setRGB(x, y, rgb(sr / sw + detail, sg / sw + detail, sb / sw + detail));
            }
        }
        return img;
    }

    public static int rgb(double r, double g, double b) {
        return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
    }

    public static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    public static byte[] png(BufferedImage img) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LoadedImage loadPng(BufferedImage img, String name) {
        return load(png(img), name);
    }

    public static LoadedImage loadJpeg(BufferedImage img, int quality, String name) {
        return load(JpegEncoding.encode(img, quality), name);
    }

    public static LoadedImage load(byte[] bytes, String name) {
        try {
            return ImageLoader.DEFAULT.load(bytes, name);
        } catch (ImageReadException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decoded pixels of a JPEG round trip at {@code quality}. */
    public static BufferedImage jpegRoundTrip(BufferedImage img, int quality) {
        return load(JpegEncoding.encode(img, quality), "rt.jpg").image();
    }

    public static Mask rectMask(int w, int h, int x0, int y0, int rw, int rh) {
        byte[] d = new byte[w * h];
        for (int y = y0; y < y0 + rh; y++) {
            for (int x = x0; x < x0 + rw; x++) {
                d[y * w + x] = 1;
            }
        }
        return new Mask(w, h, d);
    }

    /** Copies a rectangle of {@code src} into {@code dst} at (dx, dy). */
    public static void paste(BufferedImage src, int sx, int sy, int w, int h, BufferedImage dst, int dx, int dy) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                dst.setRGB(dx + x, dy + y, src.getRGB(sx + x, sy + y));
            }
        }
    }

    public static BufferedImage copy(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(img, 0, 0, null);
        return out;
    }
}
