package io.omniiml.model.testing;

import io.omniiml.core.jpeg.JpegCoefficientReader;
import io.omniiml.core.jpeg.JpegCoefficients;
import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.Mask;
import io.omniiml.model.infer.InputOps;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Generated splices for model tests, independent of the synth module: a smooth random texture compressed at a low
 * JPEG quality, a rectangle pasted from another texture with a different history (never compressed, extra noise),
 * at an offset off the 8x8 grid, the composite saved as JPEG at quality 90.
 */
public final class SpliceFixtures {
    private SpliceFixtures() {
    }

    /** One spliced image: the final JPEG file, its decoded pixels and coefficients, the mask and its box. */
    public record Splice(byte[] jpeg, BufferedImage rgb, short[] dct, int[] qtable, Mask mask, Box box) {
    }

    public static List<Splice> generate(int count, int size, long seed) {
        Random rnd = new Random(seed);
        List<Splice> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BufferedImage background = decode(jpeg(texture(size, size, rnd, 0), 40 + rnd.nextInt(20)));
            BufferedImage donor = texture(size, size, rnd, 6);
            int bw = size / 4 + rnd.nextInt(size / 3);
            int bh = size / 4 + rnd.nextInt(size / 3);
            int bx = 3 + rnd.nextInt(size - bw - 6);
            int by = 3 + rnd.nextInt(size - bh - 6);
            byte[] m = new byte[size * size];
            for (int y = by; y < by + bh; y++) {
                for (int x = bx; x < bx + bw; x++) {
                    background.setRGB(x, y, donor.getRGB(x, y));
                    m[y * size + x] = 1;
                }
            }
            byte[] file = jpeg(background, 90);
            try {
                JpegCoefficients c = JpegCoefficientReader.read(file, "splice" + i);
                out.add(new Splice(file, decode(file), InputOps.luminanceOnPixelGrid(c, size, size),
                        c.quantTableOf(0), new Mask(size, size, m), new Box(bx, by, bw, bh)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Smooth colour gradients plus blobs plus Gaussian noise of the given sigma. */
    public static BufferedImage texture(int w, int h, Random rnd, double noise) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        double[] base = {rnd.nextInt(200) + 20, rnd.nextInt(200) + 20, rnd.nextInt(200) + 20};
        double[] gx = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
        double[] gy = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
        double fx = 0.05 + rnd.nextDouble() * 0.2;
        double fy = 0.05 + rnd.nextDouble() * 0.2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double v = base[c] + gx[c] * x * 0.5 + gy[c] * y * 0.5
                            + 25 * Math.sin(fx * x + c) * Math.cos(fy * y) + noise * rnd.nextGaussian();
                    rgb = (rgb << 8) | (int) Math.max(0, Math.min(255, Math.round(v)));
                }
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    public static byte[] jpeg(BufferedImage img, int quality) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam p = writer.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(quality / 100f);
                writer.write(null, new IIOImage(img, null, null), p);
            } finally {
                writer.dispose();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BufferedImage decode(byte[] jpeg) {
        try {
            BufferedImage d = ImageIO.read(new ByteArrayInputStream(jpeg));
            BufferedImage rgb = new BufferedImage(d.getWidth(), d.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(d, 0, 0, null);
            return rgb;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Mean IoU at threshold 0.5 between predicted maps and masks (values in [0, 1]). */
    public static double iou(float[] probability, byte[] mask) {
        long inter = 0;
        long union = 0;
        for (int i = 0; i < mask.length; i++) {
            boolean p = probability[i] > 0.5f;
            boolean t = mask[i] != 0;
            inter += p && t ? 1 : 0;
            union += p || t ? 1 : 0;
        }
        return union == 0 ? 1 : (double) inter / union;
    }
}
