package io.omniiml.synth.manip;

import io.omniiml.synth.image.Canvas;
import io.omniiml.synth.image.RasterOps;
import io.omniiml.synth.image.ShapeOps;
import io.omniiml.synth.image.Stencil;
import io.omniiml.synth.image.TransferOps;
import io.omniiml.synth.source.SegmentLibrary;

import java.awt.Shape;
import java.util.SplittableRandom;

/** Helpers shared by the manipulations: placing shapes, painting content through a stencil, colour transfer. */
public final class ManipOps {
    private ManipOps() {
    }

    /** A random object-like shape of radius fraction [minFrac, maxFrac] of the shorter side, wholly inside. */
    public static Stencil placeShape(SplittableRandom rnd, int w, int h, double minFrac, double maxFrac, double feather,
                                     String[] kind) {
        double r = Math.min(w, h) * (minFrac + (maxFrac - minFrac) * rnd.nextDouble());
        double aspect = 0.6 + 0.8 * rnd.nextDouble();
        double rx = r * Math.sqrt(aspect);
        double ry = r / Math.sqrt(aspect);
        Shape s = ShapeOps.randomShape(rnd, rx, ry, kind);
        int margin = (int) Math.ceil(3 * feather) + 2;
        java.awt.Rectangle b = s.getBounds();
        int minCx = margin - b.x;
        int maxCx = w - margin - (b.x + b.width);
        int minCy = margin - b.y;
        int maxCy = h - margin - (b.y + b.height);
        if (maxCx < minCx || maxCy < minCy) {
            return null;
        }
        int cx = minCx + rnd.nextInt(maxCx - minCx + 1);
        int cy = minCy + rnd.nextInt(maxCy - minCy + 1);
        return ShapeOps.rasterize(s, cx, cy, feather);
    }

    /**
     * An object-shaped region of radius fraction [minFrac, maxFrac] of the shorter side, wholly inside: a human
     * segment of the split (a real object outline, scaled to size) when the context has segments, else a random
     * shape. {@code kind[0]} gets the family ("segment", "polygon", ...), {@code kind[1]} the segment id or null.
     */
    public static Stencil placeRegion(EditContext ctx, int w, int h, double minFrac, double maxFrac, double feather,
                                      String[] kind) {
        SplittableRandom rnd = ctx.random();
        SegmentLibrary.Segment seg = ctx.hasSegments() ? ctx.natural().randomSegment(rnd) : null;
        if (seg == null) {
            kind[1] = null;
            return placeShape(rnd, w, h, minFrac, maxFrac, feather, kind);
        }
        double r = Math.min(w, h) * (minFrac + (maxFrac - minFrac) * rnd.nextDouble());
        // The random shapes fill about 0.7 of their radius' disc: segments get the same area.
        double scale = Math.sqrt(0.7 * Math.PI * r * r / seg.area());
        int[] half = TransferOps.halfExtent(seg.shape(), scale, 0);
        int margin = (int) Math.ceil(3 * feather) + 2;
        if (2 * (half[0] + margin) >= w || 2 * (half[1] + margin) >= h) {
            scale *= Math.min((w - 2.0 * margin) / (2.0 * half[0] + 2), (h - 2.0 * margin) / (2.0 * half[1] + 2));
            half = TransferOps.halfExtent(seg.shape(), scale, 0);
        }
        int cx = margin + half[0] + rnd.nextInt(Math.max(1, w - 2 * (margin + half[0])));
        int cy = margin + half[1] + rnd.nextInt(Math.max(1, h - 2 * (margin + half[1])));
        kind[0] = "segment";
        kind[1] = seg.id();
        return TransferOps.place(seg.shape(), scale, 0, cx, cy, feather).clip(w, h);
    }

    /** Blends {@code content} (canvas-sized raster) into the canvas with the stencil's weights. */
    public static void paint(Canvas canvas, Stencil stencil, int[] content) {
        int w = canvas.width();
        for (int r = 0; r < stencil.height(); r++) {
            for (int c = 0; c < stencil.width(); c++) {
                int x = stencil.x() + c;
                int y = stencil.y() + r;
                if (canvas.inside(x, y)) {
                    canvas.blend(x, y, content[y * w + x], stencil.alpha()[r * stencil.width() + c]);
                }
            }
        }
    }

    /** Canvas-sized selection of the stencil's pixels with weight above {@code min}. */
    public static boolean[] select(Stencil stencil, int w, int h, float min) {
        boolean[] sel = new boolean[w * h];
        for (int r = 0; r < stencil.height(); r++) {
            for (int c = 0; c < stencil.width(); c++) {
                int x = stencil.x() + c;
                int y = stencil.y() + r;
                if (x >= 0 && y >= 0 && x < w && y < h && stencil.alpha()[r * stencil.width() + c] > min) {
                    sel[y * w + x] = true;
                }
            }
        }
        return sel;
    }

    /** Pixels within {@code width} of the selection but outside it (its surroundings). */
    public static boolean[] ring(boolean[] sel, int w, int h, int width) {
        boolean[] out = new boolean[sel.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!sel[y * w + x]) {
                    continue;
                }
                for (int dy = -width; dy <= width; dy += Math.max(1, width / 2)) {
                    for (int dx = -width; dx <= width; dx += Math.max(1, width / 2)) {
                        int xx = x + dx;
                        int yy = y + dy;
                        if (xx >= 0 && yy >= 0 && xx < w && yy < h && !sel[yy * w + xx]) {
                            out[yy * w + xx] = true;
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Reinhard-style colour transfer: content inside {@code sel} is shifted and scaled per channel toward
     * the statistics of {@code reference} pixels, by {@code strength} in [0, 1].
     */
    public static int[] matchColour(int[] content, boolean[] sel, double[] referenceStats, double strength) {
        double[] own = RasterOps.meanStd(content, sel);
        int[] out = content.clone();
        for (int i = 0; i < out.length; i++) {
            if (!sel[i]) {
                continue;
            }
            int p = content[i];
            int[] v = new int[3];
            for (int c = 0; c < 3; c++) {
                double x = (p >> (16 - 8 * c)) & 255;
                double scale = own[3 + c] < 1 ? 1 : Math.max(0.5, Math.min(2, referenceStats[3 + c] / own[3 + c]));
                double matched = (x - own[c]) * scale + referenceStats[c];
                v[c] = RasterOps.clamp(x + strength * (matched - x));
            }
            out[i] = RasterOps.rgb(v[0], v[1], v[2]);
        }
        return out;
    }

    public static double meanLuma(int[] rgb, boolean[] sel) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < rgb.length; i++) {
            if (sel[i]) {
                s += RasterOps.luma(rgb[i]);
                n++;
            }
        }
        return n == 0 ? 0 : s / n;
    }

    /** Mean colour of the selection as 0xRRGGBB. */
    public static int meanColour(int[] rgb, boolean[] sel) {
        double[] ms = RasterOps.meanStd(rgb, sel);
        return RasterOps.rgb((int) Math.round(ms[0]), (int) Math.round(ms[1]), (int) Math.round(ms[2]));
    }

    public static int count(boolean[] sel) {
        int n = 0;
        for (boolean b : sel) {
            if (b) {
                n++;
            }
        }
        return n;
    }
}
