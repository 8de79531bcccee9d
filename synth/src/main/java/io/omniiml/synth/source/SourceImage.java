package io.omniiml.synth.source;

import io.omniiml.synth.image.RasterOps;
import io.omniiml.synth.text.TextRegion;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A clean source image with what is known about it (text regions for documents and scene text).
 * {@code name} is stable (path relative to the data root, or a rendered document id) and decides the split.
 */
public record SourceImage(String name, SourceKind kind, int width, int height, int[] pixels, List<TextRegion> regions,
                          boolean jpegSource) {

    public BufferedImage image() {
        return RasterOps.image(width, height, pixels);
    }

    /** The crop (x, y, w, h) with the text regions that lie wholly inside it, in crop coordinates. */
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
        return new SourceImage(name, kind, w, h, out, List.copyOf(inside), jpegSource);
    }

    public long pixelCount() {
        return (long) width * height;
    }
}
