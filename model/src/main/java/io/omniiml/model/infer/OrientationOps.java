package io.omniiml.model.infer;

/**
 * EXIF orientation of per-pixel maps, with the same index mapping as core's {@code ImageLoader.orient} for images:
 * the network runs on the stored raster (where the JPEG coefficients live) and its maps are turned like the
 * displayed image afterwards.
 */
public final class OrientationOps {
    private OrientationOps() {
    }

    /** The orientation that undoes {@code orientation} (6 and 8 are each other's inverse; the rest self-inverse). */
    public static int inverse(int orientation) {
        return orientation == 6 ? 8 : orientation == 8 ? 6 : orientation;
    }

    /** A w x h map (stored raster) as the displayed image shows it (w and h swap for orientations 5..8). */
    public static float[] orient(float[] src, int w, int h, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return src;
        }
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        float[] dst = new float[src.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; }
                }
                dst[y * ow + x] = src[sy * w + sx];
            }
        }
        return dst;
    }
}
