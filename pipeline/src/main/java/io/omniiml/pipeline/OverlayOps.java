package io.omniiml.pipeline;

import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.ProbabilityMap;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/** Pictures of an analysis: colormapped heatmaps, overlays with boxes, masks, thumbnails, PNG bytes. */
public final class OverlayOps {
    /** Colour scales for probability maps. INFERNO is perceptually uniform and readable in grey; JET is the classic. */
    public enum Colormap { INFERNO, JET }

    /** matplotlib's inferno sampled at nine evenly spaced points; linear interpolation in between is within a few levels. */
    private static final int[][] INFERNO_STOPS = {
            {0, 0, 4}, {31, 12, 72}, {85, 15, 109}, {136, 34, 106}, {186, 54, 85},
            {227, 89, 51}, {249, 140, 10}, {249, 201, 50}, {252, 255, 164}};

    private static final Color BOX_COLOR = new Color(0, 230, 255);

    private OverlayOps() {
    }

    /** The colour (0xRRGGBB) of value {@code v} in [0, 1] (clamped; NaN counts as 0). */
    public static int color(Colormap colormap, double v) {
        double t = Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
        return switch (colormap) {
            case INFERNO -> inferno(t);
            case JET -> jet(t);
        };
    }

    private static int inferno(double t) {
        double pos = t * (INFERNO_STOPS.length - 1);
        int i = Math.min((int) pos, INFERNO_STOPS.length - 2);
        double f = pos - i;
        int[] a = INFERNO_STOPS[i];
        int[] b = INFERNO_STOPS[i + 1];
        return rgb(a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2]));
    }

    private static int jet(double t) {
        double r = 1.5 - Math.abs(4 * t - 3);
        double g = 1.5 - Math.abs(4 * t - 2);
        double b = 1.5 - Math.abs(4 * t - 1);
        return rgb(255 * clamp01(r), 255 * clamp01(g), 255 * clamp01(b));
    }

    private static double clamp01(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static int rgb(double r, double g, double b) {
        return ((int) Math.round(r) << 16) | ((int) Math.round(g) << 8) | (int) Math.round(b);
    }

    /** The map in colours, opaque, at the map's size. */
    public static BufferedImage heatmap(ProbabilityMap map, Colormap colormap) {
        BufferedImage out = new BufferedImage(map.width(), map.height(), BufferedImage.TYPE_INT_RGB);
        int[] row = new int[map.width()];
        for (int y = 0; y < map.height(); y++) {
            for (int x = 0; x < map.width(); x++) {
                row[x] = color(colormap, map.get(x, y));
            }
            out.setRGB(0, y, map.width(), 1, row, 0, map.width());
        }
        return out;
    }

    /**
     * The map in colours with alpha equal to the probability, so that laid over the image (as the web page does,
     * with its own opacity slider) clean areas stay see-through.
     */
    public static BufferedImage translucentHeatmap(ProbabilityMap map, Colormap colormap) {
        BufferedImage out = new BufferedImage(map.width(), map.height(), BufferedImage.TYPE_INT_ARGB);
        int[] row = new int[map.width()];
        for (int y = 0; y < map.height(); y++) {
            for (int x = 0; x < map.width(); x++) {
                float v = map.get(x, y);
                int alpha = (int) Math.round(255 * clamp01(Float.isNaN(v) ? 0 : v));
                row[x] = (alpha << 24) | color(colormap, v);
            }
            out.setRGB(0, y, map.width(), 1, row, 0, map.width());
        }
        return out;
    }

    /**
     * The image with the heatmap blended in where the probability is high: each pixel moves towards its colour by
     * {@code opacity * p}, so untouched areas keep their look; boxes drawn on top. The map may be smaller than the
     * image (it is sampled nearest-neighbour).
     */
    public static BufferedImage overlay(BufferedImage image, ProbabilityMap map, List<Box> boxes, double opacity,
                                        Colormap colormap) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            int my = (int) ((long) y * map.height() / h);
            for (int x = 0; x < w; x++) {
                int mx = (int) ((long) x * map.width() / w);
                float p = map.get(mx, my);
                double a = clamp01(opacity) * clamp01(Float.isNaN(p) ? 0 : p);
                int c = color(colormap, p);
                int px = row[x];
                row[x] = rgb(blend(px >> 16 & 255, c >> 16 & 255, a), blend(px >> 8 & 255, c >> 8 & 255, a),
                        blend(px & 255, c & 255, a));
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        drawBoxes(out, boxes);
        return out;
    }

    private static double blend(int base, int top, double a) {
        return base + a * (top - base);
    }

    /** Outlines the boxes (2 px, or thicker on large images) in place. */
    public static void drawBoxes(BufferedImage image, List<Box> boxes) {
        if (boxes.isEmpty()) {
            return;
        }
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(BOX_COLOR);
            g.setStroke(new BasicStroke(Math.max(2, Math.max(image.getWidth(), image.getHeight()) / 400f)));
            for (Box b : boxes) {
                g.drawRect(b.x(), b.y(), Math.max(0, b.width() - 1), Math.max(0, b.height() - 1));
            }
        } finally {
            g.dispose();
        }
    }

    /** The mask as an 8-bit grey image: 255 tampered, 0 not. */
    public static BufferedImage maskImage(Mask mask) {
        BufferedImage out = new BufferedImage(mask.width(), mask.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = new byte[mask.data().length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = mask.data()[i] != 0 ? (byte) 255 : 0;
        }
        out.getRaster().setDataElements(0, 0, mask.width(), mask.height(), pixels);
        return out;
    }

    /** The probability as an 8-bit grey image (round(255 p)), for viewing; exact values go to 16-bit writers. */
    public static BufferedImage probabilityImage(ProbabilityMap map) {
        BufferedImage out = new BufferedImage(map.width(), map.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = new byte[map.values().length];
        for (int i = 0; i < pixels.length; i++) {
            float v = map.values()[i];
            pixels[i] = (byte) Math.round(255 * clamp01(Float.isNaN(v) ? 0 : v));
        }
        out.getRaster().setDataElements(0, 0, map.width(), map.height(), pixels);
        return out;
    }

    /** A copy whose longer side is at most {@code maxSide} (bilinear); the image itself when already small enough. */
    public static BufferedImage thumbnail(BufferedImage image, int maxSide) {
        int w = image.getWidth();
        int h = image.getHeight();
        double scale = (double) maxSide / Math.max(w, h);
        if (scale >= 1) {
            return image;
        }
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        BufferedImage out = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, tw, th, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** PNG bytes of an image (in memory: nothing touches the file system). */
    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.setUseCache(false);
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no PNG writer for image type " + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
