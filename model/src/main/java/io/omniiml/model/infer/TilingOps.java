package io.omniiml.model.infer;

/**
 * Tile geometry along one axis. Tiles start at multiples of {@code tile - overlap} (multiples of 32, so every tile
 * keeps the image's 8x8 JPEG grid and the network's stride-32 alignment); each tile's extent is its side rounded up
 * to 32 and at most {@code tile}; the part past the image is padding. Neighbouring tiles are blended with weights
 * that ramp over the overlap, except at the image's own borders.
 */
public final class TilingOps {
    public static final int ALIGN = 32;

    private TilingOps() {
    }

    /** Tile starts covering [0, length). */
    public static int[] starts(int length, int tile, int overlap) {
        if (length <= tile) {
            return new int[] {0};
        }
        int step = tile - overlap;
        int n = (length - tile + step - 1) / step + 1;
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = i * step;
        }
        return s;
    }

    /** Extent of the tile starting at {@code start}: the rest of the image rounded up to 32, at most {@code tile}. */
    public static int extent(int length, int start, int tile) {
        return Math.min(tile, roundUp(length - start));
    }

    public static int roundUp(int v) {
        return (v + ALIGN - 1) / ALIGN * ALIGN;
    }

    /**
     * Blend weights along one axis of a tile: linear ramp over {@code overlap} pixels on a side that has a
     * neighbour, 1 elsewhere; always > 0.
     */
    public static float[] weights(int extent, int overlap, boolean rampStart, boolean rampEnd) {
        float[] w = new float[extent];
        for (int i = 0; i < extent; i++) {
            float v = 1f;
            if (overlap > 0 && rampStart) {
                v = Math.min(v, (i + 0.5f) / overlap);
            }
            if (overlap > 0 && rampEnd) {
                v = Math.min(v, (extent - i - 0.5f) / overlap);
            }
            w[i] = v;
        }
        return w;
    }
}
