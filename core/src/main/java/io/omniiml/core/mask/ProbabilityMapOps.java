package io.omniiml.core.mask;

import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.ImageReadException;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Reading, writing and resizing probability maps.
 *
 * <p>Scaling on read: 8-bit images v/255, 16-bit images v/65535 (colour images: mean of R, G, B; alpha
 * ignored; palette images: mean of the palette colour); .npy: floats as they are, uint8 /255, uint16 /65535,
 * bool and other integers as they are (so a 0/1 int mask is a valid map).
 */
public final class ProbabilityMapOps {
    private ProbabilityMapOps() {
    }

    public static ProbabilityMap read(Path file) throws ImageReadException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            return NpyMaps.read(file);
        }
        BufferedImage img = ImageLoader.DEFAULT.decodeRaw(file).image();
        return fromImage(img);
    }

    /** The samples of a decoded image scaled to [0, 1] by their bit depth. */
    public static ProbabilityMap fromImage(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        float[] values = new float[w * h];
        ColorModel cm = img.getColorModel();
        if (cm instanceof IndexColorModel) {
            int[] px = img.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < values.length; i++) {
                int p = px[i];
                values[i] = (((p >> 16) & 0xFF) + ((p >> 8) & 0xFF) + (p & 0xFF)) / (3f * 255f);
            }
            return new ProbabilityMap(w, h, values);
        }
        Raster raster = img.getRaster();
        int bands = raster.getNumBands();
        int colorBands = Math.min(cm.getNumColorComponents(), bands);
        double max = (1 << cm.getComponentSize(0)) - 1;
        int[] samples = new int[w * bands];
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, samples);
            for (int x = 0; x < w; x++) {
                double sum = 0;
                for (int b = 0; b < colorBands; b++) {
                    sum += samples[x * bands + b];
                }
                values[y * w + x] = (float) (sum / colorBands / max);
            }
        }
        return new ProbabilityMap(w, h, values);
    }

    /** Writes a 16-bit grayscale PNG, value round(p * 65535) with p clamped to [0, 1]. */
    public static void write16(ProbabilityMap map, Path file) throws IOException {
        BufferedImage img = new BufferedImage(map.width(), map.height(), BufferedImage.TYPE_USHORT_GRAY);
        short[] dst = ((DataBufferUShort) img.getRaster().getDataBuffer()).getData();
        float[] v = map.values();
        for (int i = 0; i < v.length; i++) {
            float p = Float.isNaN(v[i]) ? 0 : Math.max(0, Math.min(1, v[i]));
            dst[i] = (short) Math.round(p * 65535f);
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }

    /** Nearest-neighbour resize (pixel centres). */
    public static ProbabilityMap resizeNearest(ProbabilityMap map, int width, int height) {
        if (map.width() == width && map.height() == height) {
            return map;
        }
        float[] out = new float[width * height];
        for (int y = 0; y < height; y++) {
            int sy = Math.min(map.height() - 1, (int) ((y + 0.5) * map.height() / height));
            for (int x = 0; x < width; x++) {
                int sx = Math.min(map.width() - 1, (int) ((x + 0.5) * map.width() / width));
                out[y * width + x] = map.values()[sy * map.width() + sx];
            }
        }
        return new ProbabilityMap(width, height, out);
    }

    /**
     * Bilinear resize with half-pixel centres and edge clamping (OpenCV INTER_LINEAR, PyTorch
     * interpolate(mode="bilinear", align_corners=False); no antialiasing when shrinking).
     */
    public static ProbabilityMap resizeBilinear(ProbabilityMap map, int width, int height) {
        if (map.width() == width && map.height() == height) {
            return map;
        }
        int sw = map.width();
        int sh = map.height();
        float[] src = map.values();
        float[] out = new float[width * height];
        double scaleX = (double) sw / width;
        double scaleY = (double) sh / height;
        int[] x0 = new int[width];
        int[] x1 = new int[width];
        float[] fx = new float[width];
        for (int x = 0; x < width; x++) {
            double sx = Math.max(0, (x + 0.5) * scaleX - 0.5);
            x0[x] = Math.min(sw - 1, (int) sx);
            x1[x] = Math.min(sw - 1, x0[x] + 1);
            fx[x] = (float) (sx - x0[x]);
        }
        for (int y = 0; y < height; y++) {
            double sy = Math.max(0, (y + 0.5) * scaleY - 0.5);
            int y0 = Math.min(sh - 1, (int) sy);
            int y1 = Math.min(sh - 1, y0 + 1);
            float fy = (float) (sy - y0);
            for (int x = 0; x < width; x++) {
                float top = src[y0 * sw + x0[x]] * (1 - fx[x]) + src[y0 * sw + x1[x]] * fx[x];
                float bottom = src[y1 * sw + x0[x]] * (1 - fx[x]) + src[y1 * sw + x1[x]] * fx[x];
                out[y * width + x] = top * (1 - fy) + bottom * fy;
            }
        }
        return new ProbabilityMap(width, height, out);
    }

    /** 1 - p for every pixel (TruFor's inverted map). */
    public static ProbabilityMap invert(ProbabilityMap map) {
        float[] out = new float[map.values().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = 1f - map.values()[i];
        }
        return new ProbabilityMap(map.width(), map.height(), out);
    }

    /** A mask as a map of 0 and 1. */
    public static ProbabilityMap of(Mask mask) {
        float[] out = new float[mask.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = mask.data()[i] != 0 ? 1f : 0f;
        }
        return new ProbabilityMap(mask.width(), mask.height(), out);
    }

    /** Largest value (the default image-level score); NaN for an empty map. */
    public static float max(ProbabilityMap map) {
        float m = Float.NaN;
        for (float v : map.values()) {
            if (Float.isNaN(m) || v > m) {
                m = v;
            }
        }
        return m;
    }
}
