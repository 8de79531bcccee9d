package io.omniiml.synth.manip.natural;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.data.Task;
import io.omniiml.synth.image.Canvas;
import io.omniiml.synth.image.RasterOps;
import io.omniiml.synth.image.ShapeOps;
import io.omniiml.synth.image.Stencil;
import io.omniiml.synth.image.TransferOps;
import io.omniiml.synth.manip.EditContext;
import io.omniiml.synth.manip.EditRecord;
import io.omniiml.synth.manip.Json;
import io.omniiml.synth.manip.ManipOps;
import io.omniiml.synth.manip.Manipulation;
import io.omniiml.synth.source.SegmentLibrary;
import io.omniiml.synth.source.SourceImage;

import java.awt.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Copy-move: an object-shaped region of the image (one of the host's own segmented objects, or a human segment's
 * or random outline) is copied to another place in the same image, optionally rotated and scaled (bilinear
 * resampling), with a hard or feathered edge. Three in ten clone a smooth region (sky, wall): the flattest of
 * several candidate places. Only the destination is tampered.
 */
public final class CopyMove implements Manipulation {
    /** Tenths of copy-moves that clone a smooth region (the flattest of {@link #SMOOTH_CANDIDATES} places). */
    static final int SMOOTH_TENTHS = 3;
    static final int SMOOTH_CANDIDATES = 24;

    @Override
    public String type() {
        return "copy_move";
    }

    @Override
    public Task task() {
        return Task.NATURAL;
    }

    @Override
    public boolean appliesTo(SourceImage source) {
        return source.kind().task() == Task.NATURAL && Math.min(source.width(), source.height()) >= 96;
    }

    @Override
    public EditRecord apply(EditContext ctx) {
        Canvas canvas = ctx.canvas();
        SplittableRandom rnd = ctx.random();
        int w = canvas.width();
        int h = canvas.height();
        double r = Math.min(w, h) * (0.06 + 0.14 * rnd.nextDouble());
        double angle = rnd.nextBoolean() ? Math.toRadians(-30 + 60 * rnd.nextDouble()) : 0;
        double scale = rnd.nextBoolean() ? 0.8 + 0.45 * rnd.nextDouble() : 1;
        double feather = rnd.nextBoolean() ? 0.8 + 2 * rnd.nextDouble() : 0;
        boolean smooth = rnd.nextInt(10) < SMOOTH_TENTHS;
        int margin = (int) Math.ceil(3 * feather) + 2;
        int[] base = canvas.pixels();
        String[] kind = new String[2];
        List<SegmentLibrary.Segment> own = smooth || ctx.natural() == null ? List.of()
                : ctx.natural().segmentsIn(ctx.source()).stream().filter(g -> g.area() <= 0.12 * w * h).toList();
        boolean ownObject = !own.isEmpty() && rnd.nextBoolean();
        Stencil source;
        double sourceGradient;
        if (ownObject) {
            // One of the host's own objects (human segment) duplicated elsewhere.
            SegmentLibrary.Segment seg = own.get(rnd.nextInt(own.size()));
            source = seg.shape();
            kind[0] = "segment";
            kind[1] = seg.id();
            sourceGradient = meanGradient(gradientIntegral(base, w, h), w, source);
        } else {
            Stencil unit = unitShape(ctx, r, kind);
            if (unit.width() + 2 * margin >= w || unit.height() + 2 * margin >= h) {
                return null;
            }
            long[] integral = gradientIntegral(base, w, h);
            source = null;
            sourceGradient = Double.MAX_VALUE;
            // A smooth-region clone (sky, wall) takes the flattest of several candidate places; others any place.
            for (int c = 0; c < (smooth ? SMOOTH_CANDIDATES : 1); c++) {
                Stencil candidate = unit.moveTo(margin + rnd.nextInt(w - unit.width() - 2 * margin),
                        margin + rnd.nextInt(h - unit.height() - 2 * margin));
                double g = meanGradient(integral, w, candidate);
                if (g < sourceGradient) {
                    source = candidate;
                    sourceGradient = g;
                }
            }
        }
        int[] half = TransferOps.halfExtent(source, scale, angle);
        if (2 * (half[0] + margin) >= w || 2 * (half[1] + margin) >= h) {
            return null;
        }
        int scx = source.x() + source.width() / 2;
        int scy = source.y() + source.height() / 2;
        for (int attempt = 0; attempt < 20; attempt++) {
            int dx = margin + half[0] + rnd.nextInt(w - 2 * (margin + half[0]));
            int dy = margin + half[1] + rnd.nextInt(h - 2 * (margin + half[1]));
            // Source and destination must not overlap: the copy has to land on other content.
            double gap = Math.hypot(scx - dx, scy - dy);
            if (gap < (Math.max(source.width(), source.height()) + 2 * Math.max(half[0], half[1])) / 2.0 + margin) {
                continue;
            }
            Stencil stencil = TransferOps.place(source, scale, angle, dx, dy, feather).clip(w, h);
            int[] content = TransferOps.sample(base, w, h, source, scale, angle, dx, dy, stencil, w, h);
            ManipOps.paint(canvas, stencil, content);
            ObjectNode p = Json.object();
            p.put("shape", kind[0]);
            if (kind[1] != null) {
                p.put("segment", kind[1]);
                p.put("segment_of_host", ownObject);
            }
            p.put("source_texture", smooth ? "smooth" : "any");
            p.put("source_mean_gradient", Json.round3(sourceGradient));
            p.set("source_centre", Json.array(scx, scy));
            p.set("target_centre", Json.array(dx, dy));
            p.put("rotation_deg", Json.round3(Math.toDegrees(angle)));
            p.put("scale", Json.round3(scale));
            p.put("feather_sigma", Json.round3(feather));
            ObjectNode content0 = Json.object();
            content0.put("kind", "copied region");
            content0.put("shape", kind[0]);
            content0.put("origin", "the same image");
            content0.set("source_box_px", Json.array(source.x(), source.y(), source.width(), source.height()));
            List<String> artifacts = new ArrayList<>();
            artifacts.add(String.format(Locale.ROOT, "duplicated %s: the region repeats content from (%d, %d) in "
                    + "the same image", smooth ? "smooth texture (a flat area such as sky or wall cloned)" : ownObject
                    ? "object" : "texture", source.x(), source.y()));
            if (angle != 0 || scale != 1) {
                artifacts.add(String.format(Locale.ROOT, "resampled region: copy rotated %.0f degrees and scaled %.2f "
                        + "(bilinear interpolation)", Math.toDegrees(angle), scale));
            }
            artifacts.add(feather > 0 ? String.format(Locale.ROOT, "edge blending: feathered boundary (sigma %.1f px)",
                    feather) : "hard cut boundary");
            return new EditRecord(type(), p, content0, null, artifacts);
        }
        return null;
    }

    /** A binary object shape of about radius r centred near (0, 0): a scaled human segment, else a random shape. */
    private static Stencil unitShape(EditContext ctx, double r, String[] kind) {
        SplittableRandom rnd = ctx.random();
        SegmentLibrary.Segment seg = ctx.hasSegments() ? ctx.natural().randomSegment(rnd) : null;
        if (seg != null) {
            kind[0] = "segment";
            kind[1] = seg.id();
            return TransferOps.place(seg.shape(), Math.sqrt(0.7 * Math.PI * r * r / seg.area()), 0, 0, 0, 0);
        }
        Shape shape = ShapeOps.randomShape(rnd, r * (0.7 + 0.6 * rnd.nextDouble()), r, kind);
        return ShapeOps.rasterize(shape, 0, 0, 0);
    }

    /** Summed-area table of the luma gradient |dx| + |dy|, (w + 1) x (h + 1). */
    static long[] gradientIntegral(int[] rgb, int w, int h) {
        long[] sum = new long[(w + 1) * (h + 1)];
        for (int y = 0; y < h; y++) {
            long row = 0;
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double l = RasterOps.luma(rgb[i]);
                double gx = x + 1 < w ? Math.abs(RasterOps.luma(rgb[i + 1]) - l) : 0;
                double gy = y + 1 < h ? Math.abs(RasterOps.luma(rgb[i + w]) - l) : 0;
                row += Math.round(gx + gy);
                sum[(y + 1) * (w + 1) + x + 1] = sum[y * (w + 1) + x + 1] + row;
            }
        }
        return sum;
    }

    /** Mean gradient over the stencil's bounding box (clipped to the image). */
    static double meanGradient(long[] integral, int w, Stencil s) {
        int h = integral.length / (w + 1) - 1;
        int x0 = Math.max(0, s.x());
        int y0 = Math.max(0, s.y());
        int x1 = Math.min(w, s.x() + s.width());
        int y1 = Math.min(h, s.y() + s.height());
        if (x1 <= x0 || y1 <= y0) {
            return 0;
        }
        int stride = w + 1;
        long total = integral[y1 * stride + x1] - integral[y0 * stride + x1] - integral[y1 * stride + x0]
                + integral[y0 * stride + x0];
        return (double) total / ((long) (x1 - x0) * (y1 - y0));
    }
}
