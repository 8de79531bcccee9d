package io.omniiml.synth.image;

import io.omniiml.core.mask.Mask;

import java.awt.image.BufferedImage;

/**
 * A mutable RGB image that records, per pixel, the largest blend weight any edit wrote there. Every
 * manipulation writes only through {@link #blend}, so the tampering mask is known exactly: it is the set of
 * pixels written with weight >= {@link #MASK_THRESHOLD}. Pixels written with a smaller weight (the outer
 * half of a feathered edge) are the stated tolerance band.
 */
public final class Canvas {
    /** A pixel belongs to the mask when the edit's content makes up at least half of it. */
    public static final float MASK_THRESHOLD = 0.5f;

    private final int width;
    private final int height;
    private final int[] rgb;
    private final float[] weight;

    public Canvas(int width, int height, int[] rgb) {
        if (rgb.length != width * height) {
            throw new IllegalArgumentException("canvas " + width + "x" + height + " needs " + width * height + " pixels");
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb.clone();
        this.weight = new float[rgb.length];
    }

    public static Canvas of(BufferedImage image) {
        return new Canvas(image.getWidth(), image.getHeight(), RasterOps.pixels(image));
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public boolean inside(int x, int y) {
        return x >= 0 && y >= 0 && x < width && y < height;
    }

    public int get(int x, int y) {
        return rgb[y * width + x];
    }

    /** A copy of the current pixels (0xRRGGBB, row-major). */
    public int[] pixels() {
        return rgb.clone();
    }

    /** Blend weight written at a pixel so far (0 = untouched). */
    public float weight(int x, int y) {
        return weight[y * width + x];
    }

    /** Writes {@code (1 - alpha) * current + alpha * color}; a no-op for alpha <= 0 or outside the canvas. */
    public void blend(int x, int y, int color, float alpha) {
        if (alpha <= 0 || !inside(x, y)) {
            return;
        }
        int i = y * width + x;
        float a = Math.min(1f, alpha);
        int old = rgb[i];
        int r = mix((old >> 16) & 255, (color >> 16) & 255, a);
        int g = mix((old >> 8) & 255, (color >> 8) & 255, a);
        int b = mix(old & 255, color & 255, a);
        rgb[i] = (r << 16) | (g << 8) | b;
        if (a > weight[i]) {
            weight[i] = a;
        }
    }

    /** Replaces a pixel outright (weight 1). */
    public void set(int x, int y, int color) {
        blend(x, y, color, 1f);
    }

    private static int mix(int a, int b, float t) {
        return Math.round(a + (b - a) * t);
    }

    /** The exact mask: pixels written with weight >= 0.5. */
    public Mask mask() {
        byte[] m = new byte[rgb.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = weight[i] >= MASK_THRESHOLD ? (byte) 1 : 0;
        }
        return new Mask(width, height, m);
    }

    public BufferedImage toImage() {
        return RasterOps.image(width, height, rgb);
    }
}
