package io.omniiml.synth.image;

import io.omniiml.core.mask.Box;

/**
 * A shape as a blend weight map over its bounding box: {@code alpha[r * width + c]} in [0, 1] for the
 * canvas pixel (x + c, y + r). Hard shapes hold only 0 and 1; feathered ones a ramp across the edge.
 */
public record Stencil(int x, int y, int width, int height, float[] alpha) {
    public Stencil {
        if (alpha.length != width * height) {
            throw new IllegalArgumentException("stencil " + width + "x" + height + " needs " + width * height + " weights");
        }
    }

    public float at(int cx, int cy) {
        int c = cx - x;
        int r = cy - y;
        if (c < 0 || r < 0 || c >= width || r >= height) {
            return 0;
        }
        return alpha[r * width + c];
    }

    public Stencil moveTo(int nx, int ny) {
        return new Stencil(nx, ny, width, height, alpha);
    }

    public Box bounds() {
        return new Box(x, y, width, height);
    }

    /** Pixels with weight >= 0.5 (the part that lands in the mask). */
    public int coreArea() {
        int n = 0;
        for (float a : alpha) {
            if (a >= Canvas.MASK_THRESHOLD) {
                n++;
            }
        }
        return n;
    }

    /** The shape restricted to a canvas of the given size (weights outside it dropped). */
    public Stencil clip(int canvasWidth, int canvasHeight) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(canvasWidth, x + width);
        int y1 = Math.min(canvasHeight, y + height);
        if (x0 == x && y0 == y && x1 == x + width && y1 == y + height) {
            return this;
        }
        int w = Math.max(0, x1 - x0);
        int h = Math.max(0, y1 - y0);
        float[] a = new float[w * h];
        for (int r = 0; r < h; r++) {
            System.arraycopy(alpha, (r + y0 - y) * width + (x0 - x), a, r * w, w);
        }
        return new Stencil(x0, y0, w, h, a);
    }
}
