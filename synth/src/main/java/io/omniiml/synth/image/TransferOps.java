package io.omniiml.synth.image;

/**
 * Moving a region from one raster to another (splice) or within one (copy-move): a binary shape in source
 * coordinates is scaled by {@code scale}, rotated by {@code angle} about its bounding-box centre and centred at
 * (cx, cy) of the target. The mask follows the shape by nearest-neighbour sampling (so at scale 1 and angle 0
 * it is the source shape shifted, pixel for pixel); the content by bilinear sampling.
 */
public final class TransferOps {
    private TransferOps() {
    }

    /** Half the width and height of the transformed shape's bounding box, rounded up. */
    public static int[] halfExtent(Stencil shape, double scale, double angle) {
        double c = Math.abs(Math.cos(angle));
        double s = Math.abs(Math.sin(angle));
        return new int[]{(int) Math.ceil((c * shape.width() + s * shape.height()) * scale / 2) + 1,
                (int) Math.ceil((s * shape.width() + c * shape.height()) * scale / 2) + 1};
    }

    /** The transformed shape centred at (cx, cy), feathered by a Gaussian of {@code feather} px (0: hard). */
    public static Stencil place(Stencil shape, double scale, double angle, int cx, int cy, double feather) {
        int[] half = halfExtent(shape, scale, angle);
        int pad = (int) Math.ceil(3 * feather) + 1;
        int x0 = cx - half[0] - pad;
        int y0 = cy - half[1] - pad;
        int w = 2 * (half[0] + pad) + 1;
        int h = 2 * (half[1] + pad) + 1;
        float[] alpha = new float[w * h];
        double[] p = new double[2];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                sourcePoint(shape, scale, angle, cx, cy, x0 + c, y0 + r, p);
                alpha[r * w + c] = shape.at((int) Math.floor(p[0]), (int) Math.floor(p[1])) >= Canvas.MASK_THRESHOLD
                        ? 1f : 0f;
            }
        }
        if (feather > 0) {
            RasterOps.blurPlane(alpha, w, h, feather);
            keepNearCore(alpha, w, h, (int) Math.ceil(3 * feather));
        }
        return new Stencil(x0, y0, w, h, alpha);
    }

    /**
     * Zeroes weights farther than {@code radius} (square distance) from any weight >= 0.5: a thin part of a
     * scaled-down outline blurs to weights below 0.5 everywhere, which would change pixels outside the mask and
     * away from it (outside the stated tolerance band).
     */
    static void keepNearCore(float[] alpha, int w, int h, int radius) {
        boolean[] rows = new boolean[alpha.length];
        for (int y = 0; y < h; y++) {
            int last = -radius - 1; // last core column seen, for the left-to-right pass
            for (int x = 0; x < w; x++) {
                if (alpha[y * w + x] >= Canvas.MASK_THRESHOLD) {
                    last = x;
                }
                rows[y * w + x] = x - last <= radius;
            }
            last = w + radius + 1;
            for (int x = w - 1; x >= 0; x--) {
                if (alpha[y * w + x] >= Canvas.MASK_THRESHOLD) {
                    last = x;
                }
                rows[y * w + x] |= last - x <= radius;
            }
        }
        for (int x = 0; x < w; x++) {
            int last = -radius - 1;
            boolean[] near = new boolean[h];
            for (int y = 0; y < h; y++) {
                if (rows[y * w + x]) {
                    last = y;
                }
                near[y] = y - last <= radius;
            }
            last = h + radius + 1;
            for (int y = h - 1; y >= 0; y--) {
                if (rows[y * w + x]) {
                    last = y;
                }
                if (!near[y] && last - y > radius) {
                    alpha[y * w + x] = 0;
                }
            }
        }
    }

    /**
     * Target-sized (w x h) content: the source pixels under the transform, bilinear, filled wherever
     * {@code target} has weight (edge-clamped outside the source).
     */
    public static int[] sample(int[] src, int sw, int sh, Stencil shape, double scale, double angle, int cx, int cy,
                               Stencil target, int w, int h) {
        int[] out = new int[w * h];
        double[] p = new double[2];
        for (int y = Math.max(0, target.y()); y < Math.min(h, target.y() + target.height()); y++) {
            for (int x = Math.max(0, target.x()); x < Math.min(w, target.x() + target.width()); x++) {
                if (target.at(x, y) > 0) {
                    sourcePoint(shape, scale, angle, cx, cy, x, y, p);
                    // Pixel centres: integer source coordinates at scale 1 sample exactly one pixel.
                    out[y * w + x] = RasterOps.sampleBilinear(src, sw, sh, p[0], p[1]);
                }
            }
        }
        return out;
    }

    private static void sourcePoint(Stencil shape, double scale, double angle, int cx, int cy, int x, int y,
                                    double[] out) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double u = x - cx;
        double v = y - cy;
        out[0] = shape.x() + shape.width() / 2 + (cos * u + sin * v) / scale;
        out[1] = shape.y() + shape.height() / 2 + (-sin * u + cos * v) / scale;
    }
}
