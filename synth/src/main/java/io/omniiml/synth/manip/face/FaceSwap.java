package io.omniiml.synth.manip.face;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.data.Task;
import io.omniiml.synth.image.Canvas;
import io.omniiml.synth.image.PoissonOps;
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

import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Face swap and face-part edits between two aligned face crops: the donor's region (whole inner face, or
 * eyes, nose or mouth) is colour-transferred to the target's statistics and pasted by seamless (Poisson)
 * cloning, as face-swap tools do.
 */
public final class FaceSwap implements Manipulation {
    private final boolean wholeFace;

    /** @param wholeFace true: swap the inner face; false: attribute edit of eyes, nose or mouth */
    public FaceSwap(boolean wholeFace) {
        this.wholeFace = wholeFace;
    }

    @Override
    public String type() {
        return wholeFace ? "face_swap" : "face_attribute";
    }

    @Override
    public Task task() {
        return Task.FACE;
    }

    @Override
    public boolean appliesTo(SourceImage source) {
        return source.kind() == SourceKind.FACE_CROP;
    }

    @Override
    public EditRecord apply(EditContext ctx) {
        SplittableRandom rnd = ctx.random();
        Canvas canvas = ctx.canvas();
        int w = canvas.width();
        int h = canvas.height();
        SourceImage donor = ctx.donor(Math.max(w, h));
        if (donor.width() != w || donor.height() != h) {
            return null;
        }
        String part;
        Area area = new Area();
        if (wholeFace) {
            part = "face";
            area.add(ellipse(FaceRegions.FACE, w, h, rnd));
        } else {
            int k = rnd.nextInt(3);
            part = k == 0 ? "eyes" : k == 1 ? "nose" : "mouth";
            if (k == 0) {
                area.add(ellipse(FaceRegions.LEFT_EYE, w, h, rnd));
                area.add(ellipse(FaceRegions.RIGHT_EYE, w, h, rnd));
            } else {
                area.add(ellipse(k == 1 ? FaceRegions.NOSE : FaceRegions.MOUTH, w, h, rnd));
            }
        }
        Stencil stencil = ShapeOps.rasterize(area, 0, 0, 0).clip(w, h);
        boolean[] inside = ManipOps.select(stencil, w, h, 0.5f);
        int[] base = canvas.pixels();
        // The crops are only roughly aligned: shift the donor to best match the target's structure in the region,
        // else a swapped face shows doubled eyes or mouths at the seam.
        int[] shift = bestShift(base, donor.pixels(), inside, w, h, 12);
        int[] content = shifted(donor.pixels(), w, h, shift[0], shift[1]);
        if (grey(base, inside)) {
            // A black-and-white photo: per-channel matching would tint the donor's lips and skin cyan.
            for (int i = 0; i < content.length; i++) {
                int l = RasterOps.clamp(RasterOps.luma(content[i]));
                content[i] = RasterOps.rgb(l, l, l);
            }
        }
        double[] targetStats = RasterOps.meanStd(base, inside);
        double strength = 0.6 + 0.4 * rnd.nextDouble();
        content = ManipOps.matchColour(content, inside, targetStats, strength);
        int[] blended = PoissonOps.seamless(base, content, inside, w, h, 200);
        if (saturated(blended, inside)) {
            // Strong donor gradients (hair, background edges) can integrate to a clipped region: not a usable fake.
            return null;
        }
        ManipOps.paint(canvas, stencil, blended);
        ObjectNode p = Json.object();
        p.put("donor", donor.name());
        p.put("part", part);
        p.put("colour_transfer_strength", Json.round3(strength));
        p.put("blend", "poisson");
        p.set("donor_shift", Json.array(shift[0], shift[1]));
        ObjectNode content0 = Json.object();
        content0.put("kind", wholeFace ? "face region" : "facial feature");
        content0.put("part", part);
        content0.put("origin", "another person's face (" + donor.name() + ")");
        List<String> artifacts = new ArrayList<>();
        artifacts.add("seamless (Poisson) blending: colours adjusted smoothly towards the region boundary");
        artifacts.add("colour transfer to the target's skin tone");
        artifacts.add("texture, noise and sharpness of another photo inside the region");
        String where = wholeFace ? "the inner face (eyes, nose, mouth and cheeks) of the centred face"
                : "the " + part + " of the centred face";
        return new EditRecord(type(), p, content0, where, artifacts);
    }

    /** Integer shift (|dx|, |dy| <= range, step 2) maximizing the correlation of luma gradients in the region. */
    static int[] bestShift(int[] target, int[] donor, boolean[] inside, int w, int h, int range) {
        float[] gt = gradient(target, w, h);
        float[] gd = gradient(donor, w, h);
        double best = -Double.MAX_VALUE;
        int[] out = {0, 0};
        for (int dy = -range; dy <= range; dy += 2) {
            for (int dx = -range; dx <= range; dx += 2) {
                double dot = 0;
                double nd = 0;
                for (int y = 0; y < h; y += 2) {
                    int sy = y - dy;
                    if (sy < 0 || sy >= h) {
                        continue;
                    }
                    for (int x = 0; x < w; x += 2) {
                        int sx = x - dx;
                        if (!inside[y * w + x] || sx < 0 || sx >= w) {
                            continue;
                        }
                        float d = gd[sy * w + sx];
                        dot += gt[y * w + x] * d;
                        nd += d * d;
                    }
                }
                double score = nd == 0 ? -Double.MAX_VALUE : dot / Math.sqrt(nd);
                if (score > best) {
                    best = score;
                    out[0] = dx;
                    out[1] = dy;
                }
            }
        }
        return out;
    }

    private static float[] gradient(int[] px, int w, int h) {
        float[] g = new float[px.length];
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                double gx = RasterOps.luma(px[i + 1]) - RasterOps.luma(px[i - 1]);
                double gy = RasterOps.luma(px[i + w]) - RasterOps.luma(px[i - w]);
                g[i] = (float) Math.hypot(gx, gy);
            }
        }
        return g;
    }

    /** The donor moved by (dx, dy), edges replicated. */
    static int[] shifted(int[] px, int w, int h, int dx, int dy) {
        int[] out = new int[px.length];
        for (int y = 0; y < h; y++) {
            int sy = Math.min(h - 1, Math.max(0, y - dy));
            for (int x = 0; x < w; x++) {
                out[y * w + x] = px[sy * w + Math.min(w - 1, Math.max(0, x - dx))];
            }
        }
        return out;
    }

    private static boolean grey(int[] px, boolean[] inside) {
        double chroma = 0;
        int n = 0;
        for (int i = 0; i < px.length; i++) {
            if (inside[i]) {
                int r = (px[i] >> 16) & 255;
                int g = (px[i] >> 8) & 255;
                int b = px[i] & 255;
                chroma += Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b));
                n++;
            }
        }
        return n > 0 && chroma / n < 6;
    }

    private static boolean saturated(int[] px, boolean[] inside) {
        int clipped = 0;
        int n = 0;
        for (int i = 0; i < px.length; i++) {
            if (inside[i]) {
                n++;
                double l = RasterOps.luma(px[i]);
                if (l > 250 || l < 5) {
                    clipped++;
                }
            }
        }
        return clipped > 0.03 * n;
    }

    private static Area ellipse(double[] e, int w, int h, SplittableRandom rnd) {
        double jitter = 0.9 + 0.2 * rnd.nextDouble();
        double rx = e[2] * w * jitter;
        double ry = e[3] * h * jitter;
        return new Area(new Ellipse2D.Double(e[0] * w - rx, e[1] * h - ry, 2 * rx, 2 * ry));
    }
}
