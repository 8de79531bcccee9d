package io.omniiml.analysers;

import io.omniiml.core.concurrent.Cancellation;
import io.omniiml.core.image.OrientationOps;
import io.omniiml.core.mask.ProbabilityMap;

/**
 * The bounded working resolution of the evidence maps. An analyser measures the image at full resolution (block by
 * block or band by band), but the maps it keeps ({@link Evidence#score()}, {@link Evidence#measure()},
 * {@link Evidence#visualization()}) are at most {@link #MAX_PIXELS} pixels: the image reduced by the smallest
 * integer factor that fits, each map pixel taking the value at the centre of the image pixels it covers (nearest
 * neighbour). Up to {@link #MAX_PIXELS} (about 2 MP) the grid is the image itself and nothing changes; above it the
 * maps of a 50 MP photo take 8 MB each instead of 200 MB. The block analysers measure 8x8 or 16x16 cells, so a map
 * reduced by up to 8 (16) still holds one value per cell and loses nothing until 128 (512) MP.
 *
 * <p>Every consumer reads a map of another size than the image by the same nearest-neighbour rule
 * ({@link #index}): image pixel x lies in map column floor(x * mapWidth / imageWidth).
 */
public record WorkingGrid(int imageWidth, int imageHeight, int factor, int width, int height) {
    /** The largest evidence map, in pixels (2^21, about 2 MP). */
    public static final long MAX_PIXELS = 1L << 21;

    /** The grid for an image: factor 1 (the image itself) up to {@link #MAX_PIXELS}. */
    public static WorkingGrid of(int w, int h) {
        return of(w, h, MAX_PIXELS);
    }

    /** The grid with another pixel budget (tests force the reduced path on small images). */
    public static WorkingGrid of(int w, int h, long maxPixels) {
        int k = 1;
        while ((long) ceilDiv(w, k) * ceilDiv(h, k) > maxPixels && k < Math.max(w, h)) {
            k++;
        }
        return new WorkingGrid(w, h, k, Math.max(1, ceilDiv(w, k)), Math.max(1, ceilDiv(h, k)));
    }

    public boolean full() {
        return factor == 1;
    }

    /** The image column a grid column samples (the centre of the span it covers). */
    public int sourceX(int gx) {
        return full() ? gx : centre(gx, width, imageWidth);
    }

    public int sourceY(int gy) {
        return full() ? gy : centre(gy, height, imageHeight);
    }

    private static int centre(int g, int n, int size) {
        return (int) Math.min(size - 1, ((2L * g + 1) * size) / (2L * n));
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * A per-block map (bw x bh blocks of cell pixels, the last ones partial) at this grid's size; at factor 1 the
     * same as {@link PixelOps#upsampleBlocks}.
     */
    public float[] blocks(float[] blocks, int bw, int bh, int cell) {
        if (full()) {
            return PixelOps.upsampleBlocks(blocks, bw, bh, cell, imageWidth, imageHeight);
        }
        int[] col = new int[width];
        for (int x = 0; x < width; x++) {
            col[x] = Math.min(bw - 1, sourceX(x) / cell);
        }
        float[] out = new float[width * height];
        for (int y = 0; y < height; y++) {
            int by = Math.min(bh - 1, sourceY(y) / cell);
            for (int x = 0; x < width; x++) {
                out[y * width + x] = blocks[by * bw + col[x]];
            }
        }
        return out;
    }

    /**
     * A per-block map of the STORED raster (sw x sh, before EXIF orientation) at this grid of the displayed image;
     * at factor 1 the same as orienting {@link PixelOps#upsampleBlocks}.
     */
    public float[] orientedBlocks(float[] blocks, int bw, int bh, int cell, int sw, int sh, int orientation) {
        if (full()) {
            return OrientationOps.orient(PixelOps.upsampleBlocks(blocks, bw, bh, cell, sw, sh), sw, sh, orientation);
        }
        float[] out = new float[width * height];
        for (int y = 0; y < height; y++) {
            int dy = sourceY(y);
            for (int x = 0; x < width; x++) {
                int dx = sourceX(x);
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = sw - 1 - dx; sy = dy; }
                    case 3 -> { sx = sw - 1 - dx; sy = sh - 1 - dy; }
                    case 4 -> { sx = dx; sy = sh - 1 - dy; }
                    case 5 -> { sx = dy; sy = dx; }
                    case 6 -> { sx = dy; sy = sh - 1 - dx; }
                    case 7 -> { sx = sw - 1 - dy; sy = sh - 1 - dx; }
                    case 8 -> { sx = sw - 1 - dy; sy = dx; }
                    default -> { sx = dx; sy = dy; }
                }
                out[y * width + x] = blocks[Math.min(bh - 1, sy / cell) * bw + Math.min(bw - 1, sx / cell)];
            }
        }
        return out;
    }

    /** A full-resolution plane sampled at this grid (the plane itself at factor 1). */
    public float[] sample(float[] plane) {
        if (full()) {
            return plane;
        }
        float[] out = new float[width * height];
        for (int y = 0; y < height; y++) {
            Cancellation.checkpoint();
            int row = sourceY(y) * imageWidth;
            for (int x = 0; x < width; x++) {
                out[y * width + x] = plane[row + sourceX(x)];
            }
        }
        return out;
    }

    /** A plane at another size (a map computed at a reduced size) resized to this grid, nearest neighbour. */
    public float[] resize(float[] v, int w, int h) {
        return PixelOps.resizeNearest(v, w, h, width, height);
    }

    /** Map index of image pixel (x, y) in a map of mapWidth x mapHeight stretched over a w x h image. */
    public static int index(int x, int y, int w, int h, int mapWidth, int mapHeight) {
        if (mapWidth == w && mapHeight == h) {
            return y * w + x;
        }
        int mx = (int) Math.min(mapWidth - 1, (long) x * mapWidth / w);
        int my = (int) Math.min(mapHeight - 1, (long) y * mapHeight / h);
        return my * mapWidth + mx;
    }

    /**
     * For each image column, the map column holding it (identity when the map is at image width): lets a row loop
     * read a reduced map without a division per pixel.
     */
    public static int[] columns(int w, int mapWidth) {
        int[] out = new int[w];
        for (int x = 0; x < w; x++) {
            out[x] = mapWidth == w ? x : (int) Math.min(mapWidth - 1, (long) x * mapWidth / w);
        }
        return out;
    }

    /** The map row holding image row y. */
    public static int row(int y, int h, int mapHeight) {
        return mapHeight == h ? y : (int) Math.min(mapHeight - 1, (long) y * mapHeight / h);
    }

    /** A zero score map at this grid. */
    public ProbabilityMap zeros() {
        return new ProbabilityMap(width, height, new float[width * height]);
    }
}
