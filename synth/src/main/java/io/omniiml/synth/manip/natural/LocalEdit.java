package io.omniiml.synth.manip.natural;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.data.Task;
import io.omniiml.synth.image.Canvas;
import io.omniiml.synth.image.RasterOps;
import io.omniiml.synth.image.Stencil;
import io.omniiml.synth.manip.EditContext;
import io.omniiml.synth.manip.EditRecord;
import io.omniiml.synth.manip.Json;
import io.omniiml.synth.manip.ManipOps;
import io.omniiml.synth.manip.Manipulation;
import io.omniiml.synth.source.SourceImage;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Local retouching inside an object-shaped, feathered region: resampling (zoom or small rotation about the
 * region's centre), blur, sharpening, noise, or a colour change (hue, saturation, brightness).
 */
public final class LocalEdit implements Manipulation {
    public static final List<String> OPERATIONS = List.of("resample", "blur", "sharpen", "noise", "colour");

    @Override
    public String type() {
        return "local_edit";
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
        Canvas canvas = ctx.canvas();
        SplittableRandom rnd = ctx.random();
        int w = canvas.width();
        int h = canvas.height();
        String op = OPERATIONS.get(rnd.nextInt(OPERATIONS.size()));
        double feather = rnd.nextDouble() < 0.7 ? 1 + 2 * rnd.nextDouble() : 0;
        String[] kind = new String[2];
        Stencil stencil = ManipOps.placeRegion(ctx, w, h, 0.08, 0.25, feather, kind);
        if (stencil == null) {
            return null;
        }
        int[] base = canvas.pixels();
        int[] content;
        ObjectNode p = Json.object();
        p.put("operation", op);
        p.put("shape", kind[0]);
        if (kind[1] != null) {
            p.put("segment", kind[1]);
        }
        p.put("feather_sigma", Json.round3(feather));
        String artifact;
        switch (op) {
            case "resample" -> {
                double cx = stencil.x() + stencil.width() / 2.0;
                double cy = stencil.y() + stencil.height() / 2.0;
                boolean rotate = rnd.nextBoolean();
                double zoom = rotate ? 1 : 1.1 + 0.4 * rnd.nextDouble();
                double angle = rotate ? Math.toRadians((rnd.nextBoolean() ? 1 : -1) * (3 + 9 * rnd.nextDouble())) : 0;
                content = new int[w * h];
                double cos = Math.cos(-angle) / zoom;
                double sin = Math.sin(-angle) / zoom;
                for (int y = stencil.y(); y < stencil.y() + stencil.height(); y++) {
                    for (int x = stencil.x(); x < stencil.x() + stencil.width(); x++) {
                        if (x >= 0 && y >= 0 && x < w && y < h) {
                            double ux = x - cx;
                            double uy = y - cy;
                            content[y * w + x] = RasterOps.sampleBilinear(base, w, h, cx + cos * ux - sin * uy,
                                    cy + sin * ux + cos * uy);
                        }
                    }
                }
                p.put("zoom", Json.round3(zoom));
                p.put("rotation_deg", Json.round3(Math.toDegrees(angle)));
                artifact = String.format(Locale.ROOT, "resampled region (%s, bilinear interpolation: smoothed detail "
                        + "and periodic interpolation correlations)", rotate ? String.format(Locale.ROOT,
                        "rotated %.1f degrees", Math.toDegrees(angle)) : String.format(Locale.ROOT, "zoomed %.2fx", zoom));
            }
            case "blur" -> {
                double sigma = 1.2 + 2.5 * rnd.nextDouble();
                content = RasterOps.gaussianBlur(base, w, h, sigma);
                p.put("sigma", Json.round3(sigma));
                artifact = String.format(Locale.ROOT, "locally blurred region (Gaussian sigma %.1f px): less detail and "
                        + "noise than the surroundings", sigma);
            }
            case "sharpen" -> {
                double amount = 0.8 + 1.5 * rnd.nextDouble();
                int[] blur = RasterOps.gaussianBlur(base, w, h, 1.5);
                content = new int[w * h];
                for (int i = 0; i < content.length; i++) {
                    int a = base[i];
                    int b = blur[i];
                    content[i] = RasterOps.rgb(sharp(a, b, 16, amount), sharp(a, b, 8, amount), sharp(a, b, 0, amount));
                }
                p.put("amount", Json.round3(amount));
                artifact = String.format(Locale.ROOT, "locally sharpened region (unsharp mask, amount %.1f): halos and "
                        + "amplified noise", amount);
            }
            case "noise" -> {
                double sigma = 4 + 8 * rnd.nextDouble();
                content = new int[w * h];
                for (int i = 0; i < content.length; i++) {
                    int a = base[i];
                    int n = (int) Math.round(rnd.nextGaussian() * sigma);
                    content[i] = RasterOps.rgb(((a >> 16) & 255) + n, ((a >> 8) & 255) + n, (a & 255) + n);
                }
                p.put("sigma", Json.round3(sigma));
                artifact = String.format(Locale.ROOT, "locally added noise (sigma %.1f): noise level inconsistent with "
                        + "the rest", sigma);
            }
            default -> {
                double hue = (rnd.nextBoolean() ? 1 : -1) * (0.04 + 0.2 * rnd.nextDouble());
                double sat = 0.6 + 0.9 * rnd.nextDouble();
                double bright = 0.75 + 0.5 * rnd.nextDouble();
                content = new int[w * h];
                float[] hsb = new float[3];
                for (int i = 0; i < content.length; i++) {
                    int a = base[i];
                    java.awt.Color.RGBtoHSB((a >> 16) & 255, (a >> 8) & 255, a & 255, hsb);
                    content[i] = java.awt.Color.HSBtoRGB((float) (hsb[0] + hue), (float) Math.min(1, hsb[1] * sat),
                            (float) Math.min(1, hsb[2] * bright)) & 0xFFFFFF;
                }
                p.put("hue_shift", Json.round3(hue));
                p.put("saturation_factor", Json.round3(sat));
                p.put("brightness_factor", Json.round3(bright));
                artifact = String.format(Locale.ROOT, "local colour change (hue %+.2f, saturation x%.2f, brightness "
                        + "x%.2f)", hue, sat, bright);
            }
        }
        ManipOps.paint(canvas, stencil, content);
        ObjectNode c = Json.object();
        c.put("kind", "retouched region");
        c.put("operation", op);
        c.put("shape", kind[0]);
        String edge = feather > 0 ? String.format(Locale.ROOT, "edge blending: feathered boundary (sigma %.1f px)",
                feather) : "hard boundary";
        return new EditRecord(type(), p, c, null, List.of(artifact, edge));
    }

    private static int sharp(int a, int b, int shift, double amount) {
        int va = (a >> shift) & 255;
        int vb = (b >> shift) & 255;
        return (int) Math.round(va + amount * (va - vb));
    }
}
