package io.omniiml.analysers;

import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dense-field copy-move detection after Cozzolino, Poggi and Verdoliva, "Efficient dense-field copy-move forgery
 * detection" (IEEE TIFS 10(11), 2015), on a grey plane at working resolution:
 * <ol>
 *   <li>rotation-invariant Zernike-moment features for every pixel ({@link ZernikeFeatures});</li>
 *   <li>a nearest-neighbour field by PatchMatch, offsets shorter than {@code minShift} excluded ({@link PatchMatch});</li>
 *   <li>dense linear fitting: where the field is a copy, the offsets around a pixel follow one affine map (a
 *       constant for a plain shift); the mean squared residual of the least-squares plane fitted to dx and dy over
 *       a window rejects the noisy field of matched-by-chance pixels;</li>
 *   <li>textureless pixels (flat paper, clipped sky) are excluded: any flat patch matches any other;</li>
 *   <li>morphology: connected regions under {@code minArea} dropped, each region closed, its holes filled and
 *       dilated back by about the feature radius the matching eroded; its copy is its mirror through the region's
 *       least-squares affine map;</li>
 *   <li>verification against that map: a region is kept only if at least {@code minAgreement} of its pixels have
 *       offsets within 1 px of the map (refitted to those); a map that is a plain shift becomes the whole-pixel
 *       shift most of them share, and then the copy must repeat the grey levels: the region is cut to its pixels
 *       whose 3x3 mean absolute difference to the shifted copy is at most {@code maxDifference}, grown by up to
 *       the feature radius into neighbours that repeat as well (holes filled), and dropped if fewer than
 *       {@code minAgreement} of its matched pixels repeat. Resampled copies
 *       (rotated, scaled) do not repeat grey levels exactly and keep the morphological region.</li>
 * </ol>
 * Deterministic (fixed seed).
 */
final class DenseFieldMatcher {
    /** One region whose offsets fit one affine map, with its copy (working-resolution masks). */
    record Region(byte[] source, byte[] copy, double[] transform, long matchedPixels, long sourcePixels) {
        /** Share of the region's pixels whose own offset fitted the field (the rest was filled in by the closing). */
        double matchDensity() {
            return sourcePixels == 0 ? 0 : matchedPixels / (double) sourcePixels;
        }
    }

    record Settings(int radius, int minShift, int iterations, int fitRadius, double maxResidual, double minStd,
                    int minArea, double maxDifference, double minAgreement) {
    }

    private DenseFieldMatcher() {
    }

    static List<Region> detect(float[] grey, int w, int h, Settings s) {
        float[] features = ZernikeFeatures.compute(grey, w, h, s.radius());
        PatchMatch.Field field = PatchMatch.run(features, ZernikeFeatures.COUNT, w, h, s.minShift(), s.iterations(), 20240613L);
        return regions(grey, w, h, field, s);
    }

    /** Steps 3 to 6 on a computed nearest-neighbour field: fitting, texture bar, morphology, verification, copies. */
    static List<Region> regions(float[] grey, int w, int h, PatchMatch.Field field, Settings s) {
        float[] residual = linearFitResidual(field.dx(), field.dy(), w, h, s.fitRadius());
        float[] std = localStd(grey, w, h, s.radius());
        byte[] candidate = new byte[w * h];
        for (int i = 0; i < candidate.length; i++) {
            int x = i % w;
            int y = i / w;
            int target = (y + field.dy()[i]) * w + x + field.dx()[i];
            if (residual[i] <= s.maxResidual() && std[i] >= s.minStd() && std[target] >= s.minStd()) {
                candidate[i] = 1;
            }
        }
        int[] labels = MaskOps.connectedComponents(new Mask(w, h, candidate));
        int count = Arrays.stream(labels).max().orElse(0);
        long[] size = new long[count + 1];
        for (int l : labels) {
            size[l]++;
        }
        List<Integer> order = new ArrayList<>();
        for (int l = 1; l <= count; l++) {
            if (size[l] >= s.minArea()) {
                order.add(l);
            }
        }
        order.sort((a, b) -> size[b] != size[a] ? Long.compare(size[b], size[a]) : Integer.compare(a, b));
        List<Region> regions = new ArrayList<>();
        byte[] covered = new byte[w * h];
        for (int l : order) {
            // The copy of an accepted region finds its original in turn: the same clone seen from the other side.
            long inside = 0;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == l && covered[i] != 0) {
                    inside++;
                }
            }
            if (inside * 2 > size[l]) {
                continue;
            }
            Region r = region(grey, labels, l, field, w, h, s);
            if (r != null) {
                regions.add(r);
                for (int i = 0; i < covered.length; i++) {
                    covered[i] |= (byte) (r.source()[i] | r.copy()[i]);
                }
            }
        }
        return regions;
    }

    private static Region region(float[] grey, int[] labels, int label, PatchMatch.Field field, int w, int h, Settings s) {
        List<double[]> from = new ArrayList<>();
        List<double[]> to = new ArrayList<>();
        byte[] m = new byte[w * h];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == label) {
                int x = i % w;
                int y = i / w;
                from.add(new double[]{x, y});
                to.add(new double[]{x + field.dx()[i], y + field.dy()[i]});
                m[i] = 1;
            }
        }
        double[] t = AffineOps.fit(from, to);
        if (t == null || AffineOps.invert(t) == null) {
            return null;
        }
        double scale = AffineOps.scale(t);
        if (scale < 0.5 || scale > 2) {
            return null;
        }
        // A copy's offsets follow one map over the whole region; chance matches are only locally linear (each
        // window fits its own plane), so the map fitted to all of them leaves many pixels off it.
        List<double[]> inFrom = new ArrayList<>();
        List<double[]> inTo = new ArrayList<>();
        Map<Long, Integer> offsets = new HashMap<>();
        for (int k = 0; k < from.size(); k++) {
            double[] p = from.get(k);
            double[] q = to.get(k);
            double[] fitted = AffineOps.apply(t, p[0], p[1]);
            if (Math.abs(fitted[0] - q[0]) <= 1 && Math.abs(fitted[1] - q[1]) <= 1) {
                inFrom.add(p);
                inTo.add(q);
                offsets.merge(key((int) (q[0] - p[0]), (int) (q[1] - p[1])), 1, Integer::sum);
            }
        }
        if (inFrom.size() < s.minAgreement() * from.size()) {
            return null;
        }
        double[] refit = inFrom.size() >= 3 ? AffineOps.fit(inFrom, inTo) : null;
        if (refit != null && AffineOps.invert(refit) != null) {
            t = refit;
        }
        int[] shift = wholePixelShift(t, offsets, inFrom.size());
        if (shift != null) {
            t = new double[]{1, 0, shift[0], 0, 1, shift[1]};
        }
        // Close small gaps, fill holes (flat spots inside a copy), then give back what the feature disk
        // and the fitting window eroded at the border (a square of side 2 radius - 1: chosen on CVIP).
        int grow = 2 * s.radius() + 1;
        Mask closed = MaskOps.erode(MaskOps.dilate(new Mask(w, h, m), grow), grow);
        byte[] source = MaskOps.dilate(fillHoles(closed), 2 * s.radius() - 1).data();
        boolean greyLevelsChecked = shift != null && s.maxDifference() > 0;
        if (greyLevelsChecked) {
            // A copy moved by whole pixels repeats the grey levels themselves: the pixels of the grown region
            // that do not (the background the closing and the regrowth took in around the copy) are cut off,
            // repeating pixels up to the feature radius beyond it are taken in, and a region whose own matches
            // mostly do not repeat (chance matches, repeated glyphs) is no copy.
            source = repeated(grey, w, h, source, shift[0], shift[1], s.maxDifference(), s.radius());
        }
        long sourcePixels = 0;
        long matched = 0;
        for (int i = 0; i < source.length; i++) {
            sourcePixels += source[i];
            matched += source[i] != 0 && m[i] != 0 ? 1 : 0;
        }
        if (greyLevelsChecked && matched < s.minAgreement() * from.size()) {
            return null;
        }
        byte[] copy = AffineOps.mirror(source, w, h, t);
        return new Region(source, copy, t, matched, sourcePixels);
    }

    private static long key(int dx, int dy) {
        return ((long) dx << 32) ^ (dy & 0xffffffffL);
    }

    /**
     * The whole-pixel shift a map close to a plain shift (linear part within 0.03 of the identity) stands for:
     * the offset most of the agreeing pixels share (the field's offsets are whole pixels, and a copy moved by
     * whole pixels gives the same offset everywhere); null if the map is no plain shift or no offset has most.
     */
    private static int[] wholePixelShift(double[] t, Map<Long, Integer> offsets, int agreeing) {
        if (Math.abs(t[0] - 1) > 0.03 || Math.abs(t[1]) > 0.03 || Math.abs(t[3]) > 0.03 || Math.abs(t[4] - 1) > 0.03) {
            return null;
        }
        long best = 0;
        int most = -1;
        for (Map.Entry<Long, Integer> e : offsets.entrySet()) {
            if (e.getValue() > most || (e.getValue() == most && e.getKey() < best)) {
                most = e.getValue();
                best = e.getKey();
            }
        }
        return most * 2 > agreeing ? new int[]{(int) (best >> 32), (int) best} : null;
    }

    /**
     * The pixels of {@code region} whose grey level the copy shifted by (dx, dy) repeats: mean absolute difference
     * over the 3x3 window at most {@code maxDifference} (pixels shifted out of the image differ by 255), grown by
     * up to {@code steps} pixels (4-connected) into neighbours that repeat too, holes filled again. The growth
     * takes back flat margins of the copy (a lasso's strip of sky) that no feature disk matched, without leaking
     * far along surroundings that happen to be alike.
     */
    static byte[] repeated(float[] grey, int w, int h, byte[] region, int dx, int dy, double maxDifference, int steps) {
        float[] diff = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int tx = x + dx;
                int ty = y + dy;
                diff[y * w + x] = tx < 0 || ty < 0 || tx >= w || ty >= h ? 255f : Math.abs(grey[y * w + x] - grey[ty * w + tx]);
            }
        }
        diff = PixelOps.boxMean(diff, w, h, 1);
        byte[] out = new byte[w * h];
        for (int i = 0; i < out.length; i++) {
            out[i] = region[i] != 0 && diff[i] <= maxDifference ? (byte) 1 : 0;
        }
        for (int k = 0; k < steps; k++) {
            byte[] next = out.clone();
            boolean grown = false;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    if (out[i] == 0 && diff[i] <= maxDifference && ((x > 0 && out[i - 1] != 0) || (x < w - 1 && out[i + 1] != 0)
                            || (y > 0 && out[i - w] != 0) || (y < h - 1 && out[i + w] != 0))) {
                        next[i] = 1;
                        grown = true;
                    }
                }
            }
            out = next;
            if (!grown) {
                break;
            }
        }
        return fillHoles(new Mask(w, h, out)).data();
    }

    /** The mask with every background component that does not touch the border set. */
    static Mask fillHoles(Mask m) {
        int w = m.width();
        int h = m.height();
        byte[] inverse = new byte[w * h];
        for (int i = 0; i < inverse.length; i++) {
            inverse[i] = (byte) (1 - m.data()[i]);
        }
        int[] labels = MaskOps.connectedComponents(new Mask(w, h, inverse));
        java.util.Set<Integer> outside = new java.util.HashSet<>();
        for (int x = 0; x < w; x++) {
            outside.add(labels[x]);
            outside.add(labels[(h - 1) * w + x]);
        }
        for (int y = 0; y < h; y++) {
            outside.add(labels[y * w]);
            outside.add(labels[y * w + w - 1]);
        }
        byte[] out = m.data().clone();
        for (int i = 0; i < out.length; i++) {
            if (labels[i] != 0 && !outside.contains(labels[i])) {
                out[i] = 1;
            }
        }
        return new Mask(w, h, out);
    }

    /**
     * Mean squared residual of the least-squares plane a + b x + c y fitted to dx and to dy in the (2r+1)^2 window
     * around each pixel (clipped at the border). In a rectangular window x and y are uncorrelated, so the residual
     * is var(d) - cov(x, d)^2 / var(x) - cov(y, d)^2 / var(y), summed over both components, all from box means.
     */
    static float[] linearFitResidual(int[] dx, int[] dy, int w, int h, int r) {
        int n = w * h;
        float[] xs = new float[n];
        float[] ys = new float[n];
        for (int i = 0; i < n; i++) {
            // Centred coordinates keep the float products small.
            xs[i] = i % w - w / 2;
            ys[i] = i / w - h / 2;
        }
        float[] mx = PixelOps.boxMean(xs, w, h, r);
        float[] my = PixelOps.boxMean(ys, w, h, r);
        float[] vx = variance(xs, xs, mx, mx, w, h, r);
        float[] vy = variance(ys, ys, my, my, w, h, r);
        float[] out = new float[n];
        for (int[] d : new int[][]{dx, dy}) {
            float[] df = new float[n];
            for (int i = 0; i < n; i++) {
                df[i] = d[i];
            }
            float[] md = PixelOps.boxMean(df, w, h, r);
            float[] vd = variance(df, df, md, md, w, h, r);
            float[] cx = variance(xs, df, mx, md, w, h, r);
            float[] cy = variance(ys, df, my, md, w, h, r);
            for (int i = 0; i < n; i++) {
                double res = vd[i] - (vx[i] > 0 ? cx[i] * (double) cx[i] / vx[i] : 0) - (vy[i] > 0 ? cy[i] * (double) cy[i] / vy[i] : 0);
                out[i] += (float) Math.max(0, res);
            }
        }
        return out;
    }

    /** Windowed covariance of a and b given their windowed means: mean(ab) - mean(a) mean(b). */
    private static float[] variance(float[] a, float[] b, float[] ma, float[] mb, int w, int h, int r) {
        float[] ab = new float[a.length];
        for (int i = 0; i < ab.length; i++) {
            ab[i] = a[i] * b[i];
        }
        float[] mab = PixelOps.boxMean(ab, w, h, r);
        for (int i = 0; i < ab.length; i++) {
            mab[i] -= ma[i] * mb[i];
        }
        return mab;
    }

    /** Standard deviation of the grey level in the (2r+1)^2 window. */
    static float[] localStd(float[] g, int w, int h, int r) {
        float[] m = PixelOps.boxMean(g, w, h, r);
        float[] sq = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            sq[i] = g[i] * g[i];
        }
        float[] m2 = PixelOps.boxMean(sq, w, h, r);
        float[] out = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = (float) Math.sqrt(Math.max(0, m2[i] - m[i] * m[i]));
        }
        return out;
    }
}
