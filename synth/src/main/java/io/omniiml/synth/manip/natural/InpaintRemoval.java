package io.omniiml.synth.manip.natural;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.data.Task;
import io.omniiml.synth.image.Canvas;
import io.omniiml.synth.image.InpaintOps;
import io.omniiml.synth.image.Stencil;
import io.omniiml.synth.manip.EditContext;
import io.omniiml.synth.manip.EditRecord;
import io.omniiml.synth.manip.Json;
import io.omniiml.synth.manip.ManipOps;
import io.omniiml.synth.manip.Manipulation;
import io.omniiml.synth.source.SegmentLibrary;
import io.omniiml.synth.source.SourceImage;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Object removal: an object-shaped region (often a real object of the host, from its human segmentation) is filled from its surroundings, either by exemplar copy (the
 * best-matching nearby patch, blended seamlessly) or by diffusion with grain at the measured noise level.
 */
public final class InpaintRemoval implements Manipulation {
    /** Larger segments of the host (a whole wall or field) are background, not an object to remove. */
    static final double MAX_OWN_SEGMENT_FRACTION = 0.12;

    @Override
    public String type() {
        return "removal";
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
        String[] kind = new String[2];
        // A real object of the host (its human segment) is what a forger removes; otherwise an object-shaped hole.
        List<SegmentLibrary.Segment> own = ctx.natural() != null ? ctx.natural().segmentsIn(ctx.source()) : List.of();
        own = own.stream().filter(s -> s.area() <= MAX_OWN_SEGMENT_FRACTION * w * h).toList();
        Stencil stencil;
        boolean ownObject = !own.isEmpty() && rnd.nextInt(5) < 3;
        if (ownObject) {
            SegmentLibrary.Segment seg = own.get(rnd.nextInt(own.size()));
            stencil = seg.shape();
            kind[0] = "segment";
            kind[1] = seg.id();
        } else {
            stencil = ManipOps.placeRegion(ctx, w, h, 0.05, 0.14, 0, kind);
        }
        if (stencil == null) {
            return null;
        }
        boolean[] hole = ManipOps.select(stencil, w, h, 0.5f);
        boolean exemplar = rnd.nextInt(3) > 0;
        int[] offset = new int[2];
        int[] filled = exemplar ? InpaintOps.exemplar(canvas.pixels(), hole, w, h, rnd, 48, offset) : null;
        String method = "exemplar";
        if (filled == null) {
            exemplar = false;
            method = "diffusion";
            filled = InpaintOps.diffusion(canvas.pixels(), hole, w, h, rnd);
        }
        ManipOps.paint(canvas, stencil, filled);
        ObjectNode p = Json.object();
        p.put("shape", kind[0]);
        if (kind[1] != null) {
            p.put("segment", kind[1]);
            p.put("segment_of_host", ownObject);
        }
        p.put("method", method);
        if (exemplar) {
            p.set("exemplar_offset", Json.array(offset[0], offset[1]));
        }
        ObjectNode content = Json.object();
        content.put("kind", "removed object");
        content.put("shape", kind[0]);
        content.put("fill", method);
        List<String> artifacts = exemplar
                ? List.of("removed content: the region is filled with texture copied from nearby (duplicated texture)",
                "edge blending: seamless (Poisson) fill boundary")
                : List.of("removed content: smooth diffusion fill with synthetic grain (missing detail and structure)");
        return new EditRecord(type(), p, content, null, artifacts);
    }
}
