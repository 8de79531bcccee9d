package io.omniiml.synth.post;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.jpeg.JpegQuality;
import io.omniiml.core.jpeg.JpegTables;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;
import io.omniiml.synth.image.RasterOps;
import io.omniiml.synth.manip.Json;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The global processing a forged image goes through when it is saved and shared, applied AFTER the edit
 * to the whole image: none (PNG), one JPEG, two JPEGs (grids aligned or shifted), resizing, blur or noise
 * (each of the last three followed by a JPEG). A resize takes the mask along with nearest-neighbour sampling.
 */
public final class PostProcessing {
    /** Probability that a JPEG save keeps the host's own tables (when it has them). */
    public static final double OWN_TABLES = 0.4;
    /** Probability that a JPEG (save or first compression) uses a real camera's tables (when any are given). */
    public static final double CAMERA_TABLES = 0.5;

    private PostProcessing() {
    }

    /** The final file and what was done; {@code mask} is the mask in the final image's geometry. */
    public record Result(byte[] encoded, String format, BufferedImage image, Mask mask, ObjectNode parameters,
                         List<String> artifacts) {
    }

    /** Quantization tables a natural photo may be saved with, and whose they are (a camera model, a file). */
    public record NamedTables(String name, JpegTables tables) {
    }

    /** Post-processing with IJG-quality JPEGs only (documents, faces, scene text). */
    public static Result apply(int[] rgb, int width, int height, Mask mask, SplittableRandom rnd,
                               boolean sourceWasJpeg, boolean tampered) {
        return apply(rgb, width, height, mask, rnd, sourceWasJpeg, tampered, null, List.of());
    }

    /**
     * @param sourceWasJpeg whether the untouched parts carry an earlier JPEG compression on the same 8x8 grid
     *                      (a JPEG source cropped at multiples of 8), which a new JPEG turns into a double
     *                      compression outside the edited region
     * @param tampered      whether anything was edited (the artifact wording differs for authentic images)
     * @param own           the host's own tables when its pixels are the file's raster (null: none): a JPEG save
     *                      keeps them with probability {@link #OWN_TABLES}, as an editor keeping the quality does
     * @param cameras       real camera tables of the split; when not empty, saves and first compressions use one
     *                      of them with probability {@link #CAMERA_TABLES}, the others an IJG quality
     */
    public static Result apply(int[] rgb, int width, int height, Mask mask, SplittableRandom rnd,
                               boolean sourceWasJpeg, boolean tampered, NamedTables own, List<NamedTables> cameras) {
        double u = rnd.nextDouble();
        String kind = u < 0.12 ? "none" : u < 0.47 ? "jpeg" : u < 0.67 ? "double_jpeg" : u < 0.79 ? "resize"
                : u < 0.90 ? "blur" : "noise";
        ObjectNode p = Json.object();
        p.put("type", kind);
        List<String> artifacts = new ArrayList<>();
        int[] px = rgb;
        int w = width;
        int h = height;
        Mask m = mask;
        switch (kind) {
            case "resize" -> {
                double scale = rnd.nextInt(3) == 0 ? 1.05 + 0.3 * rnd.nextDouble() : 0.55 + 0.4 * rnd.nextDouble();
                int nw = Math.max(8, (int) Math.round(width * scale / 8) * 8);
                int nh = Math.max(8, (int) Math.round(height * scale / 8) * 8);
                px = RasterOps.resize(rgb, width, height, nw, nh);
                m = MaskOps.resizeNearest(mask, nw, nh);
                w = nw;
                h = nh;
                p.put("scale", Json.round3(scale));
                p.set("size", Json.array(nw, nh));
                artifacts.add(String.format(Locale.ROOT, "whole image resized by %.2f (interpolation traces everywhere, "
                        + "earlier JPEG grid destroyed)", scale));
            }
            case "blur" -> {
                double sigma = 0.4 + 0.8 * rnd.nextDouble();
                px = RasterOps.gaussianBlur(rgb, width, height, sigma);
                p.put("sigma", Json.round3(sigma));
                artifacts.add(String.format(Locale.ROOT, "whole image blurred (Gaussian sigma %.2f px)", sigma));
            }
            case "noise" -> {
                double sigma = 1 + 3 * rnd.nextDouble();
                px = rgb.clone();
                for (int i = 0; i < px.length; i++) {
                    int q = px[i];
                    px[i] = RasterOps.rgb(((q >> 16) & 255) + (int) Math.round(rnd.nextGaussian() * sigma),
                            ((q >> 8) & 255) + (int) Math.round(rnd.nextGaussian() * sigma),
                            (q & 255) + (int) Math.round(rnd.nextGaussian() * sigma));
                }
                p.put("sigma", Json.round3(sigma));
                artifacts.add(String.format(Locale.ROOT, "Gaussian noise added to the whole image (sigma %.2f)", sigma));
            }
            default -> {
            }
        }
        boolean shifted = false;
        if (kind.equals("double_jpeg")) {
            int q1 = 60 + rnd.nextInt(36);
            shifted = rnd.nextBoolean();
            int dx = shifted ? 1 + rnd.nextInt(7) : 0;
            int dy = shifted ? 1 + rnd.nextInt(7) : 0;
            NamedTables first = !cameras.isEmpty() && rnd.nextDouble() < CAMERA_TABLES
                    ? cameras.get(rnd.nextInt(cameras.size())) : null;
            String what;
            if (first != null) {
                px = shiftedJpeg(px, w, h, dx, dy, img -> EncodeOps.jpeg(img, first.tables()));
                p.put("first_tables", first.name());
                what = "with the quantization tables of " + first.name();
            } else {
                px = shiftedJpeg(px, w, h, dx, dy, img -> EncodeOps.jpeg(img, q1));
                p.put("first_quality", q1);
                what = "at quality " + q1;
            }
            p.set("first_grid_shift", Json.array(dx, dy));
            artifacts.add(shifted ? String.format(Locale.ROOT,
                    "whole image JPEG-compressed twice: first %s on a grid shifted by (%d, %d)", what, dx, dy)
                    : "whole image JPEG-compressed twice on the same grid, first " + what);
        }
        byte[] encoded;
        String format;
        if (kind.equals("none")) {
            artifacts.add("no global processing: saved losslessly as PNG");
            format = "png";
            encoded = EncodeOps.png(RasterOps.image(w, h, px));
        } else {
            NamedTables tables = null;
            if (own != null || !cameras.isEmpty()) {
                double t = rnd.nextDouble();
                // Resizing changes the image's size: the camera's own tables on another raster are still its tables.
                if (own != null && t < OWN_TABLES) {
                    tables = own;
                } else if (!cameras.isEmpty() && t < OWN_TABLES + CAMERA_TABLES * (1 - OWN_TABLES)) {
                    tables = cameras.get(rnd.nextInt(cameras.size()));
                }
            }
            int quality = 60 + rnd.nextInt(41);
            format = "jpeg";
            BufferedImage image = RasterOps.image(w, h, px);
            String saved;
            if (tables != null) {
                encoded = EncodeOps.jpeg(image, tables.tables());
                p.put("tables", tables == own ? "own" : "camera");
                p.put("tables_of", tables.name());
                p.put("tables_quality_estimate", JpegQuality.estimate(tables.tables().luminance(), true).quality());
                saved = "saved as JPEG with " + (tables == own ? "the source's own" : "a camera's")
                        + " quantization tables (" + tables.name() + ")";
            } else {
                encoded = EncodeOps.jpeg(image, quality);
                p.put("quality", quality);
                saved = String.format(Locale.ROOT, "saved as JPEG quality %d", quality);
            }
            // Resizing, blurring, noise or a shifted intermediate JPEG wipe out the source's own grid traces.
            boolean gridKept = sourceWasJpeg && (kind.equals("jpeg") || kind.equals("double_jpeg") && !shifted);
            if (tampered && gridKept) {
                artifacts.add(saved + ": the untouched area carries one more JPEG compression on the same grid than "
                        + "the edited region (second JPEG compression only outside the region)");
            } else {
                artifacts.add(saved);
            }
        }
        BufferedImage image = format.equals("png") ? RasterOps.image(w, h, px) : EncodeOps.decode(encoded, "synthetic");
        return new Result(encoded, format, image, m, p, artifacts);
    }

    /** A JPEG compression whose 8x8 grid is offset by (dx, dy): compress a padded copy, decode, crop back. */
    static int[] shiftedJpeg(int[] rgb, int w, int h, int dx, int dy, Function<BufferedImage, byte[]> encoder) {
        int pw = w + dx;
        int ph = h + dy;
        int[] padded = new int[pw * ph];
        for (int y = 0; y < ph; y++) {
            for (int x = 0; x < pw; x++) {
                padded[y * pw + x] = rgb[Math.max(0, y - dy) * w + Math.max(0, x - dx)];
            }
        }
        int[] round = RasterOps.pixels(EncodeOps.decode(encoder.apply(RasterOps.image(pw, ph, padded)), "shifted-jpeg"));
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(round, (y + dy) * pw + dx, out, y * w, w);
        }
        return out;
    }
}
