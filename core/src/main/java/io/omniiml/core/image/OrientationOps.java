package io.omniiml.core.image;


/**
 * EXIF orientation of per-pixel maps, with core's index mapping ({@link ImageLoader#orientedSourceIndex}):
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
                dst[y * ow + x] = src[ImageLoader.orientedSourceIndex(x, y, w, h, orientation)];
            }
        }
        return dst;
    }
}
