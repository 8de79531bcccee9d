package io.omniiml.core.mask;

import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.ImageReadException;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;

/** Pure functions on binary masks: read, write, resize, connected components, boxes, morphology. */
public final class MaskOps {
    private MaskOps() {
    }

    /**
     * Reads a ground-truth mask: tampered where mean(R, G, B) > 127.5 (IMDL-BenCo's rule), after 8-bit
     * conversion by {@link ImageLoader} (so gray, palette and 16-bit masks work; 16-bit v counts as
     * tampered iff v >= 32768, the same rule).
     */
    public static Mask read(Path file) throws ImageReadException {
        return fromRgb(ImageLoader.DEFAULT.load(file).image());
    }

    /** Tampered where mean(R, G, B) > 127.5 of a TYPE_INT_RGB image. */
    public static Mask fromRgb(BufferedImage rgb) {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int[] px = rgb.getType() == BufferedImage.TYPE_INT_RGB
                ? ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData()
                : rgb.getRGB(0, 0, w, h, null, 0, w);
        byte[] data = new byte[w * h];
        for (int i = 0; i < data.length; i++) {
            int p = px[i];
            int sum = ((p >> 16) & 0xFF) + ((p >> 8) & 0xFF) + (p & 0xFF);
            data[i] = sum > 382 ? (byte) 1 : 0; // sum/3 > 127.5  <=>  sum > 382.5
        }
        return new Mask(w, h, data);
    }

    /** Writes a PNG with 255 for tampered and 0 elsewhere (8-bit grayscale). */
    public static void write(Mask mask, Path file) throws IOException {
        BufferedImage img = new BufferedImage(mask.width(), mask.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] dst = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        byte[] src = mask.data();
        for (int i = 0; i < src.length; i++) {
            dst[i] = src[i] != 0 ? (byte) 255 : 0;
        }
        if (file.getParent() != null) {
            java.nio.file.Files.createDirectories(file.getParent());
        }
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }

    /** Nearest-neighbour resize (pixel centres, as OpenCV INTER_NEAREST_EXACT / PIL NEAREST). */
    public static Mask resizeNearest(Mask mask, int width, int height) {
        if (mask.width() == width && mask.height() == height) {
            return mask;
        }
        byte[] out = new byte[width * height];
        int[] sx = new int[width];
        for (int x = 0; x < width; x++) {
            sx[x] = Math.min(mask.width() - 1, (int) ((x + 0.5) * mask.width() / width));
        }
        for (int y = 0; y < height; y++) {
            int sy = Math.min(mask.height() - 1, (int) ((y + 0.5) * mask.height() / height));
            int row = sy * mask.width();
            for (int x = 0; x < width; x++) {
                out[y * width + x] = mask.data()[row + sx[x]];
            }
        }
        return new Mask(width, height, out);
    }

    /** Pixel-wise NOT. */
    public static Mask invert(Mask mask) {
        byte[] out = new byte[mask.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = mask.data()[i] != 0 ? 0 : (byte) 1;
        }
        return new Mask(mask.width(), mask.height(), out);
    }

    /**
     * Labels the 8-connected components of the tampered pixels: 0 = background, 1..n = components in
     * raster order of their first pixel. Iterative (explicit stack), so large regions cannot overflow.
     */
    public static int[] connectedComponents(Mask mask) {
        int w = mask.width();
        int h = mask.height();
        byte[] d = mask.data();
        int[] labels = new int[w * h];
        int[] stack = new int[Math.max(16, w * h)];
        int next = 0;
        for (int start = 0; start < d.length; start++) {
            if (d[start] == 0 || labels[start] != 0) {
                continue;
            }
            int label = ++next;
            int top = 0;
            stack[top++] = start;
            labels[start] = label;
            while (top > 0) {
                int p = stack[--top];
                int px = p % w;
                int py = p / w;
                for (int dy = -1; dy <= 1; dy++) {
                    int ny = py + dy;
                    if (ny < 0 || ny >= h) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = px + dx;
                        if (nx < 0 || nx >= w) {
                            continue;
                        }
                        int q = ny * w + nx;
                        if (d[q] != 0 && labels[q] == 0) {
                            labels[q] = label;
                            stack[top++] = q;
                        }
                    }
                }
            }
        }
        return labels;
    }

    /**
     * Bounding boxes of the 8-connected components with at least {@code minArea} pixels (pixel count, not
     * box area), sorted by decreasing pixel count then position.
     */
    public static List<Box> boxes(Mask mask, int minArea) {
        int[] labels = connectedComponents(mask);
        int n = 0;
        for (int l : labels) {
            n = Math.max(n, l);
        }
        int[] minX = new int[n + 1];
        int[] minY = new int[n + 1];
        int[] maxX = new int[n + 1];
        int[] maxY = new int[n + 1];
        long[] count = new long[n + 1];
        java.util.Arrays.fill(minX, Integer.MAX_VALUE);
        java.util.Arrays.fill(minY, Integer.MAX_VALUE);
        int w = mask.width();
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            if (l == 0) {
                continue;
            }
            int x = i % w;
            int y = i / w;
            minX[l] = Math.min(minX[l], x);
            minY[l] = Math.min(minY[l], y);
            maxX[l] = Math.max(maxX[l], x);
            maxY[l] = Math.max(maxY[l], y);
            count[l]++;
        }
        record Component(Box box, long pixels) {
        }
        List<Component> comps = new ArrayList<>();
        for (int l = 1; l <= n; l++) {
            if (count[l] >= minArea) {
                comps.add(new Component(new Box(minX[l], minY[l], maxX[l] - minX[l] + 1, maxY[l] - minY[l] + 1), count[l]));
            }
        }
        comps.sort(Comparator.comparingLong((Component c) -> -c.pixels())
                .thenComparingInt(c -> c.box().y()).thenComparingInt(c -> c.box().x()));
        return comps.stream().map(Component::box).toList();
    }

    /**
     * Grey-scale erosion with a size x size SQUARE kernel (scipy.ndimage.minimum_filter): a pixel stays
     * tampered only if the whole window inside the image is tampered. Pixels outside the image do not count
     * (equivalent to scipy's default 'reflect' border for a min filter).
     */
    public static Mask erode(Mask mask, int size) {
        return filter(mask, size, true);
    }

    /** Dilation with a size x size SQUARE kernel (scipy.ndimage.maximum_filter). */
    public static Mask dilate(Mask mask, int size) {
        return filter(mask, size, false);
    }

    private static Mask filter(Mask mask, int size, boolean erode) {
        int w = mask.width();
        int h = mask.height();
        int before = size / 2;
        int after = size - 1 - before;
        byte keep = erode ? (byte) 0 : (byte) 1; // the value that wins when present in the window
        byte[] tmp = new byte[w * h];
        byte[] src = mask.data();
        // Separable: rows then columns, each with a running count of "winning" values in the window.
        for (int y = 0; y < h; y++) {
            slide(src, tmp, y * w, 1, w, before, after, keep);
        }
        byte[] out = new byte[w * h];
        for (int x = 0; x < w; x++) {
            slide(tmp, out, x, w, h, before, after, keep);
        }
        return new Mask(w, h, out);
    }

    private static void slide(byte[] src, byte[] dst, int offset, int step, int n, int before, int after, byte keep) {
        int inWindow = 0;
        for (int i = 0; i < Math.min(after, n); i++) {
            if (src[offset + i * step] == keep) {
                inWindow++;
            }
        }
        for (int i = 0; i < n; i++) {
            int add = i + after;
            if (add < n && src[offset + add * step] == keep) {
                inWindow++;
            }
            int drop = i - before - 1;
            if (drop >= 0 && src[offset + drop * step] == keep) {
                inWindow--;
            }
            dst[offset + i * step] = inWindow > 0 ? keep : (byte) (1 - keep);
        }
    }
}
