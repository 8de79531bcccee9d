package io.omniiml.synth.manip.natural;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.data.Task;
import io.omniiml.synth.image.Canvas;
import io.omniiml.synth.image.PoissonOps;
import io.omniiml.synth.image.RasterOps;
import io.omniiml.synth.image.Stencil;
import io.omniiml.synth.manip.EditContext;
import io.omniiml.synth.manip.EditRecord;
import io.omniiml.synth.manip.Json;
import io.omniiml.synth.manip.ManipOps;
import io.omniiml.synth.manip.Manipulation;
import io.omniiml.synth.source.SourceImage;
import io.omniiml.synth.source.SourceKind;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Splicing: an object-shaped region cut from another photograph and pasted in, with a hard, feathered or
 * seamless (Poisson) edge, optionally colour/brightness matched to its new surroundings.
 */
public final class Splice implements Manipulation {
    @Override
    public String type() {
        return "splice";
    }

    @Override
    public Task task() {
        return Task.NATURAL;
    }

    @Override
    public boolean appliesTo(SourceImage source) {
        return source.kind() == SourceKind.NATURAL_PHOTO && Math.min(source.width(), source.height()) >= 64;
    }

    @Override
    public EditRecord apply(EditContext ctx) {
        Canvas canvas = ctx.canvas();
        SplittableRandom rnd = ctx.random();
        int w = canvas.width();
        int h = canvas.height();
        int edgeKind = rnd.nextInt(4); // 0 hard, 1-2 feathered, 3 seamless
        double feather = edgeKind == 1 || edgeKind == 2 ? 1 + 2.5 * rnd.nextDouble() : 0;
        String[] kind = new String[1];
        Stencil stencil = ManipOps.placeShape(rnd, w, h, 0.1, 0.3, feather, kind);
        if (stencil == null) {
            return null;
        }
        SourceImage donor = ctx.donor(Math.max(w, h));
        // Take the donor content from a random offset so the pasted object comes from anywhere in the donor.
        int[] content = new int[w * h];
        int ox = rnd.nextInt(Math.max(1, donor.width() - stencil.width() + 1)) - stencil.x();
        int oy = rnd.nextInt(Math.max(1, donor.height() - stencil.height() + 1)) - stencil.y();
        int[] dp = donor.pixels();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = Math.min(donor.width() - 1, Math.max(0, x + ox));
                int sy = Math.min(donor.height() - 1, Math.max(0, y + oy));
                content[y * w + x] = dp[sy * donor.width() + sx];
            }
        }
        boolean[] sel = ManipOps.select(stencil, w, h, 0);
        int[] base = canvas.pixels();
        double colourMatch = rnd.nextBoolean() ? 0.4 + 0.6 * rnd.nextDouble() : 0;
        if (colourMatch > 0) {
            double[] around = RasterOps.meanStd(base, ManipOps.ring(sel, w, h, 12));
            content = ManipOps.matchColour(content, sel, around, colourMatch);
        }
        List<String> artifacts = new ArrayList<>();
        artifacts.add("spliced content from another photograph: its noise, sharpness and JPEG history differ from the rest");
        String edge;
        if (edgeKind == 3) {
            boolean[] inside = ManipOps.select(stencil, w, h, 0.5f);
            content = PoissonOps.seamless(base, content, inside, w, h, 120);
            edge = "seamless";
            artifacts.add("edge blending: seamless (Poisson) cloning, colours shift smoothly towards the boundary");
        } else if (feather > 0) {
            edge = "feathered";
            artifacts.add(String.format(java.util.Locale.ROOT,
                    "edge blending: feathered boundary (Gaussian sigma %.1f px)", feather));
        } else {
            edge = "hard";
            artifacts.add("hard cut boundary: sharp, aliased object outline");
        }
        if (colourMatch > 0) {
            artifacts.add("colour and brightness adjusted to match the surroundings");
        }
        ManipOps.paint(canvas, stencil, content);
        ObjectNode p = Json.object();
        p.put("donor", donor.name());
        p.put("shape", kind[0]);
        p.put("edge", edge);
        p.put("feather_sigma", Json.round3(feather));
        p.put("colour_match_strength", Json.round3(colourMatch));
        p.set("donor_offset", Json.array(ox, oy));
        ObjectNode content0 = Json.object();
        content0.put("kind", "spliced object");
        content0.put("shape", kind[0]);
        content0.put("mean_colour", Json.hex(ManipOps.meanColour(canvas.pixels(), ManipOps.select(stencil, w, h, 0.5f))));
        content0.put("origin", "another photograph (" + donor.name() + ")");
        return new EditRecord(type(), p, content0, null, artifacts);
    }
}
