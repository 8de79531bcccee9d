package io.omniiml.analysers;

import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 *       least-squares affine map.</li>
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
                    int minArea) {
    }

    private DenseFieldMatcher() {
    }

    static List<Region> detect(float[] grey, int w, int h, Settings s) {
        float[] features = ZernikeFeatures.compute(grey, w, h, s.radius());
        PatchMatch.Field field = PatchMatch.run(features, ZernikeFeatures.COUNT, w, h, s.minShift(), s.iterations(), 20240613L);
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
            Region r = region(labels, l, size[l], field, w, h, s);
            if (r != null) {
                regions.add(r);
                for (int i = 0; i < covered.length; i++) {
                    covered[i] |= (byte) (r.source()[i] | r.copy()[i]);
                }
            }
        }
        return regions;
    }

    private static Region region(int[] labels, int label, long matched, PatchMatch.Field field, int w, int h, Settings s) {
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
        // Close small gaps, fill holes (flat spots inside a copy), then give back what the feature disk
        // and the fitting window eroded at the border (a square of side 2 radius - 1: chosen on CVIP).
        int grow = 2 * s.radius() + 1;
        Mask closed = MaskOps.erode(MaskOps.dilate(new Mask(w, h, m), grow), grow);
        byte[] source = MaskOps.dilate(fillHoles(closed), 2 * s.radius() - 1).data();
        long sourcePixels = 0;
        for (byte b : source) {
            sourcePixels += b;
        }
        byte[] copy = AffineOps.mirror(source, w, h, t);
        return new Region(source, copy, t, matched, sourcePixels);
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
