package io.omniiml.synth.manip.natural;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.data.Task;
import io.omniiml.synth.image.Canvas;
import io.omniiml.synth.image.RasterOps;
import io.omniiml.synth.image.ShapeOps;
import io.omniiml.synth.image.Stencil;
import io.omniiml.synth.manip.EditContext;
import io.omniiml.synth.manip.EditRecord;
import io.omniiml.synth.manip.Json;
import io.omniiml.synth.manip.ManipOps;
import io.omniiml.synth.manip.Manipulation;
import io.omniiml.synth.source.SourceImage;
import io.omniiml.synth.source.SourceKind;

import java.awt.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Copy-move: an object-shaped region of the image is copied to another place in the same image, optionally
 * rotated and scaled (bilinear resampling), with a hard or feathered edge. Only the destination is tampered.
 */
public final class CopyMove implements Manipulation {
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
        return source.kind() == SourceKind.NATURAL_PHOTO && Math.min(source.width(), source.height()) >= 96;
    }

    @Override
    public EditRecord apply(EditContext ctx) {
        Canvas canvas = ctx.canvas();
        SplittableRandom rnd = ctx.random();
        int w = canvas.width();
        int h = canvas.height();
        double r = Math.min(w, h) * (0.06 + 0.14 * rnd.nextDouble());
        String[] kind = new String[1];
        Shape shape = ShapeOps.randomShape(rnd, r * (0.7 + 0.6 * rnd.nextDouble()), r, kind);
        double angle = rnd.nextBoolean() ? Math.toRadians(-30 + 60 * rnd.nextDouble()) : 0;
        double scale = rnd.nextBoolean() ? 0.8 + 0.45 * rnd.nextDouble() : 1;
        double feather = rnd.nextBoolean() ? 0.8 + 2 * rnd.nextDouble() : 0;
        Shape dest = ShapeOps.transform(shape, angle, scale);
        java.awt.Rectangle sb = shape.getBounds();
        java.awt.Rectangle db = dest.getBounds();
        int margin = (int) Math.ceil(3 * feather) + 2;
        for (int attempt = 0; attempt < 20; attempt++) {
            int sx = margin - sb.x + rnd.nextInt(Math.max(1, w - sb.width - 2 * margin));
            int sy = margin - sb.y + rnd.nextInt(Math.max(1, h - sb.height - 2 * margin));
            int dx = margin - db.x + rnd.nextInt(Math.max(1, w - db.width - 2 * margin));
            int dy = margin - db.y + rnd.nextInt(Math.max(1, h - db.height - 2 * margin));
            // Source and destination must not overlap: the copy has to land on other content.
            double gap = Math.hypot(sx - dx, sy - dy);
            if (gap < (Math.max(sb.width, sb.height) + Math.max(db.width, db.height)) / 2.0 + margin) {
                continue;
            }
            if (sx + sb.x < 0 || sy + sb.y < 0 || sx + sb.x + sb.width > w || sy + sb.y + sb.height > h) {
                continue;
            }
            Stencil stencil = ShapeOps.rasterize(dest, dx, dy, feather).clip(w, h);
            int[] base = canvas.pixels();
            int[] content = new int[w * h];
            double cos = Math.cos(-angle) / scale;
            double sin = Math.sin(-angle) / scale;
            for (int y = stencil.y(); y < stencil.y() + stencil.height(); y++) {
                for (int x = stencil.x(); x < stencil.x() + stencil.width(); x++) {
                    double ux = x - dx;
                    double uy = y - dy;
                    double px = sx + cos * ux - sin * uy;
                    double py = sy + sin * ux + cos * uy;
                    content[y * w + x] = RasterOps.sampleBilinear(base, w, h, px, py);
                }
            }
            ManipOps.paint(canvas, stencil, content);
            ObjectNode p = Json.object();
            p.put("shape", kind[0]);
            p.set("source_centre", Json.array(sx, sy));
            p.set("target_centre", Json.array(dx, dy));
            p.put("rotation_deg", Json.round3(Math.toDegrees(angle)));
            p.put("scale", Json.round3(scale));
            p.put("feather_sigma", Json.round3(feather));
            ObjectNode content0 = Json.object();
            content0.put("kind", "copied region");
            content0.put("shape", kind[0]);
            content0.put("origin", "the same image");
            content0.set("source_box_px", Json.array(sx + sb.x, sy + sb.y, sb.width, sb.height));
            List<String> artifacts = new ArrayList<>();
            artifacts.add(String.format(Locale.ROOT, "duplicated texture: the region repeats content from (%d, %d) in "
                    + "the same image", sx + sb.x, sy + sb.y));
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
}
