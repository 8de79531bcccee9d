package io.omniiml.synth.manip.natural;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.data.Task;
import io.omniiml.synth.image.Canvas;
import io.omniiml.synth.image.PoissonOps;
import io.omniiml.synth.image.RasterOps;
import io.omniiml.synth.image.Stencil;
import io.omniiml.synth.image.TransferOps;
import io.omniiml.synth.manip.EditContext;
import io.omniiml.synth.manip.EditRecord;
import io.omniiml.synth.manip.Json;
import io.omniiml.synth.manip.ManipOps;
import io.omniiml.synth.manip.Manipulation;
import io.omniiml.synth.source.NaturalSources;
import io.omniiml.synth.source.SegmentLibrary;
import io.omniiml.synth.source.SourceImage;
import io.omniiml.synth.source.SourceKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Splicing: an object cut from another photograph and pasted in, resampled (scale, small rotation), with a hard,
 * feathered or seamless (Poisson) edge, optionally colour/brightness matched to its new surroundings. With human
 * segments available the object is a segment of a BSDS photo along its annotated outline, an ImageNet object or a
 * region of another camera's photo cut by a segment's outline; without them a random shape.
 */
public final class Splice implements Manipulation {
    /** Area of the pasted region as a fraction of the image. */
    static final double MIN_AREA = 0.015;
    static final double MAX_AREA = 0.16;

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
        return source.kind().task() == Task.NATURAL && Math.min(source.width(), source.height()) >= 64;
    }

    @Override
    public EditRecord apply(EditContext ctx) {
        if (!ctx.hasSegments()) {
            return randomShapeSplice(ctx);
        }
        Canvas canvas = ctx.canvas();
        SplittableRandom rnd = ctx.random();
        NaturalSources natural = ctx.natural();
        int w = canvas.width();
        int h = canvas.height();
        int edgeKind = rnd.nextInt(4); // 0 hard, 1-2 feathered, 3 seamless
        double feather = edgeKind == 1 || edgeKind == 2 ? 1 + 2.5 * rnd.nextDouble() : 0;
        double targetArea = (MIN_AREA + (MAX_AREA - MIN_AREA) * rnd.nextDouble()) * w * h;
        // Scale 1 keeps the donor's own JPEG blocking (on a grid the host's does not share) in a third of them.
        double donorScale = rnd.nextInt(3) == 0 ? 1 : 0.7 + 0.7 * rnd.nextDouble();
        double angle = rnd.nextInt(10) < 3 ? Math.toRadians((rnd.nextBoolean() ? 1 : -1) * (2 + 13 * rnd.nextDouble())) : 0;
        int origin = rnd.nextInt(3);
        SourceImage donor;
        SegmentLibrary.Segment segment;
        Stencil shape;
        String donorKind;
        if (origin == 0) {
            // A human-segmented object of a BSDS photo, cut along its annotated outline.
            donor = natural.segmentedPhoto(rnd, ctx.source().name());
            List<SegmentLibrary.Segment> segs = donor == null ? List.of() : natural.segmentsIn(donor);
            if (segs.isEmpty()) {
                return null;
            }
            segment = segs.get(rnd.nextInt(segs.size()));
            shape = segment.shape();
            donorScale = Math.max(0.5, Math.min(1.6, Math.sqrt(targetArea / segment.area())));
            donorKind = "segmented photo";
        } else {
            // An ImageNet object (near the photo's centre) or a region of another camera's photo, cut by the
            // outline of a human segment of some other photo of the split.
            donor = natural.photo(origin == 1 ? SourceKind.OBJECT_PHOTO : SourceKind.CAMERA_PHOTO, rnd,
                    ctx.source().name());
            segment = natural.randomSegment(rnd);
            if (donor == null || segment == null) {
                return null;
            }
            double want = origin == 1 ? (0.45 + 0.35 * rnd.nextDouble()) * Math.min(donor.width(), donor.height())
                    / Math.max(segment.shape().width(), segment.shape().height())
                    : Math.sqrt(targetArea / segment.area()) / donorScale;
            int[] half = TransferOps.halfExtent(segment.shape(), want, 0);
            if (2 * half[0] + 4 >= donor.width() || 2 * half[1] + 4 >= donor.height()) {
                return null;
            }
            int cx = origin == 1 ? donor.width() / 2 + (int) ((rnd.nextDouble() - 0.5) * (donor.width() - 2 * half[0] - 4) * 0.5)
                    : half[0] + 2 + rnd.nextInt(donor.width() - 2 * half[0] - 3);
            int cy = origin == 1 ? donor.height() / 2 + (int) ((rnd.nextDouble() - 0.5) * (donor.height() - 2 * half[1] - 4) * 0.5)
                    : half[1] + 2 + rnd.nextInt(donor.height() - 2 * half[1] - 3);
            shape = TransferOps.place(segment.shape(), want, 0, cx, cy, 0).clip(donor.width(), donor.height());
            if (origin == 1) {
                donorScale = Math.max(0.3, Math.min(1.6, Math.sqrt(targetArea / Math.max(1, shape.coreArea()))));
            }
            donorKind = origin == 1 ? "object photo" : "camera photo";
        }
        int margin = (int) Math.ceil(3 * feather) + 2;
        int[] half = TransferOps.halfExtent(shape, donorScale, angle);
        double fit = Math.min((w - 2.0 * margin) / (2 * half[0] + 2), (h - 2.0 * margin) / (2 * half[1] + 2));
        if (fit < 1) {
            donorScale *= fit;
            half = TransferOps.halfExtent(shape, donorScale, angle);
        }
        int cx = margin + half[0] + rnd.nextInt(Math.max(1, w - 2 * (margin + half[0])));
        int cy = margin + half[1] + rnd.nextInt(Math.max(1, h - 2 * (margin + half[1])));
        Stencil stencil = TransferOps.place(shape, donorScale, angle, cx, cy, feather).clip(w, h);
        if (stencil.coreArea() < 64) {
            return null;
        }
        int[] content = TransferOps.sample(donor.pixels(), donor.width(), donor.height(), shape, donorScale, angle, cx,
                cy, stencil, w, h);
        boolean[] sel = ManipOps.select(stencil, w, h, 0);
        int[] base = canvas.pixels();
        List<String> artifacts = new ArrayList<>();
        artifacts.add("spliced " + (origin == 2 ? "region" : "object") + " from another "
                + "photograph (" + donorKind + "): its camera noise, sharpness and JPEG history differ from the rest");
        boolean resampled = donorScale != 1 || angle != 0;
        if (resampled) {
            artifacts.add(String.format(Locale.ROOT, "resampled region: scaled %.2f%s (bilinear interpolation)",
                    donorScale, angle != 0 ? String.format(Locale.ROOT, " and rotated %.0f degrees",
                            Math.toDegrees(angle)) : ""));
        } else if (donor.jpegSource()) {
            artifacts.add("pasted at the donor's resolution: the donor's JPEG blocking comes along, off the host's grid"
                    + " unless the offset is a multiple of 8");
        }
        double colourMatch = rnd.nextBoolean() ? 0.4 + 0.6 * rnd.nextDouble() : 0;
        if (colourMatch > 0) {
            double[] around = RasterOps.meanStd(base, ManipOps.ring(sel, w, h, 12));
            content = ManipOps.matchColour(content, sel, around, colourMatch);
            artifacts.add("colour and brightness adjusted to match the surroundings");
        }
        String edge = edge(edgeKind, feather, artifacts);
        if (edgeKind == 3) {
            content = PoissonOps.seamless(base, content, ManipOps.select(stencil, w, h, 0.5f), w, h, 120);
        }
        ManipOps.paint(canvas, stencil, content);
        ObjectNode p = Json.object();
        p.put("donor", donor.name());
        p.put("donor_kind", donorKind);
        p.put("shape", "segment");
        p.put("segment", segment.id());
        p.put("segment_from_donor", origin == 0);
        p.put("resample_scale", Json.round3(donorScale));
        p.put("rotation_deg", Json.round3(Math.toDegrees(angle)));
        p.set("target_centre", Json.array(cx, cy));
        p.put("edge", edge);
        p.put("feather_sigma", Json.round3(feather));
        p.put("colour_match_strength", Json.round3(colourMatch));
        ObjectNode content0 = Json.object();
        content0.put("kind", origin == 2 ? "spliced region" : "spliced object");
        content0.put("shape", "segment");
        content0.put("mean_colour", Json.hex(ManipOps.meanColour(canvas.pixels(), ManipOps.select(stencil, w, h, 0.5f))));
        content0.put("origin", "another photograph (" + donor.name() + ")");
        return new EditRecord(type(), p, content0, null, artifacts);
    }

    private static String edge(int edgeKind, double feather, List<String> artifacts) {
        if (edgeKind == 3) {
            artifacts.add("edge blending: seamless (Poisson) cloning, colours shift smoothly towards the boundary");
            return "seamless";
        }
        if (feather > 0) {
            artifacts.add(String.format(Locale.ROOT, "edge blending: feathered boundary (Gaussian sigma %.1f px)", feather));
            return "feathered";
        }
        artifacts.add("hard cut boundary: sharp, aliased object outline");
        return "hard";
    }

    /** Without human segments (permissive-only generation): a random shape from a random place of a donor. */
    private EditRecord randomShapeSplice(EditContext ctx) {
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
        if (colourMatch > 0) {
            artifacts.add("colour and brightness adjusted to match the surroundings");
        }
        String edge = edge(edgeKind, feather, artifacts);
        if (edgeKind == 3) {
            content = PoissonOps.seamless(base, content, ManipOps.select(stencil, w, h, 0.5f), w, h, 120);
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
