package io.omniiml.synth.source;

import io.omniiml.core.jpeg.JpegTables;
import io.omniiml.synth.image.RasterOps;
import io.omniiml.synth.text.TextRegion;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A clean source image with what is known about it (text regions for documents and scene text).
 * {@code name} is stable (path relative to the data root, or a rendered document id) and decides the split.
 *
 * @param jpegSource whether the pixels carry the source's JPEG compression on this raster's 8x8 grid
 * @param jpegTables the source file's quantization tables when the pixels are its own raster (null: not a JPEG,
 *                   or resized); kept by crops whatever their offset, so a misaligned crop still knows them
 * @param originX    where this raster's (0, 0) lies in the full source (crops add up), for annotations kept
 *                   outside the image (segment maps)
 */
public record SourceImage(String name, SourceKind kind, int width, int height, int[] pixels, List<TextRegion> regions,
                          boolean jpegSource, JpegTables jpegTables, int originX, int originY) {

    public SourceImage(String name, SourceKind kind, int width, int height, int[] pixels, List<TextRegion> regions,
                       boolean jpegSource) {
        this(name, kind, width, height, pixels, regions, jpegSource, null, 0, 0);
    }

    public BufferedImage image() {
        return RasterOps.image(width, height, pixels);
    }

    /**
     * The crop (x, y, w, h) with the text regions that lie wholly inside it, in crop coordinates. The crop
     * keeps the JPEG grid only at offsets that are multiples of 8.
     */
    public SourceImage crop(int x, int y, int w, int h) {
        int[] out = new int[w * h];
        for (int r = 0; r < h; r++) {
            System.arraycopy(pixels, (y + r) * width + x, out, r * w, w);
        }
        List<TextRegion> inside = new ArrayList<>();
        for (TextRegion t : regions) {
            var b = t.bounds();
            if (b.x() >= x && b.y() >= y && b.maxX() <= x + w && b.maxY() <= y + h) {
                inside.add(t.translate(-x, -y));
            }
        }
        return new SourceImage(name, kind, w, h, out, List.copyOf(inside), jpegSource && x % 8 == 0 && y % 8 == 0,
                jpegTables, originX + x, originY + y);
    }

    /** The same source with other pixels (after a scan simulation or a resize), annotations and origin kept. */
    public SourceImage withPixels(int w, int h, int[] px, boolean jpeg, JpegTables tables) {
        return new SourceImage(name, kind, w, h, px, regions, jpeg, tables, originX, originY);
    }

    public long pixelCount() {
        return (long) width * height;
    }
}
