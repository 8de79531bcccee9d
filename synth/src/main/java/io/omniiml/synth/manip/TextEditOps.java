package io.omniiml.synth.manip;

import io.omniiml.core.mask.Box;
import io.omniiml.synth.image.Canvas;
import io.omniiml.synth.image.InpaintOps;
import io.omniiml.synth.image.RasterOps;
import io.omniiml.synth.image.ShapeOps;
import io.omniiml.synth.image.Stencil;
import io.omniiml.synth.text.TextRegion;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Shared steps of text edits: measuring ink, erasing by inpainting, writing coverage in a colour. */
public final class TextEditOps {
    private TextEditOps() {
    }

    /**
     * What the text in a quadrilateral looks like: background and ink colours, and the ink's extent
     * (rows and columns holding ink pixels) in canvas coordinates.
     */
    public record Ink(int background, int ink, double contrast, Box inkBox) {
    }

    public static Ink analyse(int[] px, int w, int h, double[] quad) {
        Stencil s = ShapeOps.quad(quad, 0).clip(w, h);
        boolean[] inside = ManipOps.select(s, w, h, 0.5f);
        boolean[] border = ManipOps.ring(inside, w, h, 2);
        double[] lumBorder = lumas(px, border);
        double bg = lumBorder.length == 0 ? 255 : median(lumBorder);
        double[] lumIn = lumas(px, inside);
        double far = 0;
        for (double l : lumIn) {
            far = Math.max(far, Math.abs(l - bg));
        }
        double threshold = Math.max(12, 0.4 * far);
        boolean[] ink = new boolean[px.length];
        boolean[] paper = new boolean[px.length];
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (int i = 0; i < px.length; i++) {
            if (!inside[i]) {
                continue;
            }
            double d = Math.abs(RasterOps.luma(px[i]) - bg);
            if (d > threshold) {
                ink[i] = true;
                int x = i % w;
                int y = i / w;
                x0 = Math.min(x0, x);
                y0 = Math.min(y0, y);
                x1 = Math.max(x1, x);
                y1 = Math.max(y1, y);
            } else if (d < threshold / 3) {
                paper[i] = true;
            }
        }
        if (ManipOps.count(paper) < 4) {
            paper = border;
        }
        int background = ManipOps.meanColour(px, paper);
        // The ink colour: the most extreme half of the ink pixels (edges are mixed with the background).
        boolean[] core = new boolean[px.length];
        double coreThreshold = Math.max(threshold, 0.7 * far);
        for (int i = 0; i < px.length; i++) {
            core[i] = ink[i] && Math.abs(RasterOps.luma(px[i]) - bg) >= coreThreshold;
        }
        int inkColour = ManipOps.count(core) > 0 ? ManipOps.meanColour(px, core)
                : (bg > 128 ? RasterOps.rgb(30, 30, 30) : RasterOps.rgb(230, 230, 230));
        Box inkBox = x1 < 0 ? null : new Box(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
        return new Ink(background, inkColour, far, inkBox);
    }

    /** Erases the pixels of {@code hole} (weight > 0.5) by diffusion inpainting from its surroundings. */
    public static void erase(Canvas canvas, Stencil hole, SplittableRandom rnd) {
        Stencil s = hole.clip(canvas.width(), canvas.height());
        int margin = 6;
        int x0 = Math.max(0, s.x() - margin);
        int y0 = Math.max(0, s.y() - margin);
        int x1 = Math.min(canvas.width(), s.x() + s.width() + margin);
        int y1 = Math.min(canvas.height(), s.y() + s.height() + margin);
        int ww = x1 - x0;
        int wh = y1 - y0;
        if (ww <= 0 || wh <= 0) {
            return;
        }
        int[] win = new int[ww * wh];
        boolean[] holeWin = new boolean[ww * wh];
        for (int y = 0; y < wh; y++) {
            for (int x = 0; x < ww; x++) {
                win[y * ww + x] = canvas.get(x0 + x, y0 + y);
                holeWin[y * ww + x] = s.at(x0 + x, y0 + y) > 0.5f;
            }
        }
        int[] filled = InpaintOps.diffusion(win, holeWin, ww, wh, rnd);
        for (int y = 0; y < wh; y++) {
            for (int x = 0; x < ww; x++) {
                if (holeWin[y * ww + x]) {
                    canvas.set(x0 + x, y0 + y, filled[y * ww + x]);
                }
            }
        }
    }

    /** Blends ink of the given colour with the coverage weights. */
    public static void write(Canvas canvas, Stencil coverage, int colour) {
        for (int r = 0; r < coverage.height(); r++) {
            for (int c = 0; c < coverage.width(); c++) {
                canvas.blend(coverage.x() + c, coverage.y() + r, colour, coverage.alpha()[r * coverage.width() + c]);
            }
        }
    }

    /** Legible regions with at least one letter or digit, at least {@code minLength} characters long. */
    public static List<TextRegion> editable(List<TextRegion> regions, int minLength) {
        return regions.stream().filter(t -> t.legible() && t.text().length() >= minLength
                && t.text().chars().anyMatch(Character::isLetterOrDigit) && t.thickness() >= 6).toList();
    }

    /** "on the line 'Total 12.00', after 'Total'": the text context of a region for relative_position. */
    public static String context(List<TextRegion> all, TextRegion target) {
        Box b = target.bounds();
        double cy = b.y() + b.height() / 2.0;
        TextRegion left = null;
        TextRegion right = null;
        TextRegion above = null;
        for (TextRegion t : all) {
            if (t == target || !t.legible()) {
                continue;
            }
            Box o = t.bounds();
            double ocy = o.y() + o.height() / 2.0;
            if (Math.abs(ocy - cy) < b.height() / 2.0) {
                if (o.maxX() <= b.x() && (left == null || o.maxX() > left.bounds().maxX())) {
                    left = t;
                }
                if (o.x() >= b.maxX() && (right == null || o.x() < right.bounds().x())) {
                    right = t;
                }
            } else if (o.maxY() <= b.y() && (above == null || o.maxY() > above.bounds().maxY())) {
                above = t;
            }
        }
        StringBuilder sb = new StringBuilder();
        if (left != null) {
            sb.append("right of '").append(left.text()).append("'");
        }
        if (right != null) {
            sb.append(sb.isEmpty() ? "" : ", ").append("left of '").append(right.text()).append("'");
        }
        if (above != null) {
            sb.append(sb.isEmpty() ? "" : ", ").append("below the line with '").append(above.text()).append("'");
        }
        return sb.isEmpty() ? "an isolated text element" : sb.toString();
    }

    private static double[] lumas(int[] px, boolean[] sel) {
        double[] out = new double[ManipOps.count(sel)];
        int k = 0;
        for (int i = 0; i < px.length; i++) {
            if (sel[i]) {
                out[k++] = RasterOps.luma(px[i]);
            }
        }
        return out;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
