package io.omniiml.analysers;

import boofcv.struct.image.GrayF32;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;
import io.omniiml.core.mask.ProbabilityMap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Copy-move (cloning inside one image): the union of two matchers.
 * <ul>
 *   <li>Dense field ({@link DenseFieldMatcher}, after Cozzolino, Poggi and Verdoliva 2015): rotation-invariant
 *       Zernike features for every pixel, PatchMatch, dense linear fitting of the offset field and morphology, at
 *       a working size whose longer side is at most {@code denseMaxSide}. Finds copies without corners (sky, walls,
 *       paper) and marks their full extent. Each region is verified against its fitted map: most of its offsets
 *       must fit it, and a copy moved by whole pixels must repeat the grey levels, which also cuts off the
 *       background the morphology took in around it.</li>
 *   <li>Keypoints ({@link CloneMatcher}): the image reduced so its longer side is at most {@code maxSide} pixels,
 *       BoofCV's scale-invariant SIFT (up to {@code maxKeypoints} scale-space extrema, spread over the image),
 *       g2NN matching inside the image (ratio {@code ratio}, partners at least {@code minShift} of the shorter side
 *       and 10 px apart), sequential RANSAC (fixed seed) clustering the pairs by the similarity they agree on,
 *       refitted as an affine. Each transform (snapped to a whole-pixel shift when it is one) is verified densely:
 *       7x7 zero-mean normalized correlation with the image warped by it above {@code minCorrelation} and a mean
 *       absolute grey-level difference of at most {@code maxDifference}; the connected areas holding inliers are
 *       one copy, their image under the transform the other. Defaults: 1024 px, 2000 keypoints, ratio 0.7,
 *       6 inliers, correlation 0.8; difference 2 grey levels (chosen on generated documents against 4: false
 *       clones 11/30 against 14/30); shift 4% (chosen on CVIP against 2.5%: union F1 0.934 -> 0.935, false clones
 *       on its originals 3/12 -> 2/12). NoSo is the held-out report.</li>
 * </ul>
 * The score map is the maximum of both; a dense clone that the keypoints also found adds its support to that
 * clone. Which of the two copies was inserted cannot be told from the matching alone: {@link Clone#source()} is
 * the side the transform maps from. The cost depends on the working sizes only, so a 12 MP photo costs about what
 * a 1 MP one does.
 */
public final class CopyMoveAnalyzer implements EvidenceAnalyzer {
    private final int maxSide;
    private final int maxKeypoints;
    private final double ratio;
    private final int minInliers;
    private final double minCorrelation;
    private final int maxClones;
    private final boolean keypoints;
    private final double minShift;
    private final double maxDifference;
    private final int denseMaxSide;
    private final DenseFieldMatcher.Settings dense;

    /**
     * One detected clone, in full-image pixel coordinates. Support: {@code keypointInliers} (RANSAC inliers of the
     * keypoint matcher), {@code denseMatches} (pixels of the dense field that fit the clone's affine map, counted
     * once per feature disk so that they are comparable to independent keypoint matches) and {@code matchDensity}
     * (the share of the dense region's pixels that matched on their own); {@code inliers} is their sum of
     * independent matches, the number the fusion rule bars weak clones with.
     */
    public record Clone(Box source, Box destination, double[] transform, int inliers, double rotationDegrees,
                        double scale, double dx, double dy, long pixels, int keypointInliers, int denseMatches,
                        double matchDensity) {
        /** A clone found by keypoints only. */
        public Clone(Box source, Box destination, double[] transform, int inliers, double rotationDegrees,
                     double scale, double dx, double dy, long pixels) {
            this(source, destination, transform, inliers, rotationDegrees, scale, dx, dy, pixels, inliers, 0, 0);
        }

        /** Its support in words, e.g. "45 matching keypoints; dense field: 30 matches, density 0.92". */
        public String support() {
            List<String> parts = new ArrayList<>();
            if (keypointInliers > 0) {
                parts.add(keypointInliers + " matching keypoints");
            }
            if (denseMatches > 0) {
                parts.add(String.format(Locale.ROOT, "dense field: %d matches, density %.2f", denseMatches, matchDensity));
            }
            return String.join("; ", parts);
        }
    }

    private CopyMoveAnalyzer(Builder b) {
        this.maxSide = b.maxSide;
        this.maxKeypoints = b.maxKeypoints;
        this.ratio = b.ratio;
        this.minInliers = b.minInliers;
        this.minCorrelation = b.minCorrelation;
        this.maxClones = b.maxClones;
        this.keypoints = b.keypoints;
        this.minShift = b.minShift;
        this.maxDifference = b.maxDifference;
        this.denseMaxSide = b.denseMaxSide;
        this.dense = new DenseFieldMatcher.Settings(b.denseRadius, b.denseMinShift, b.denseIterations, b.denseFitRadius,
                b.denseMaxResidual, b.denseMinStd, b.denseMinArea, b.denseMaxDifference, b.denseMinAgreement);
    }

    public CopyMoveAnalyzer() {
        this(builder());
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "copymove";
    }

    @Override
    public String quantity() {
        return "correlation with a displaced copy";
    }

    @Override
    public Evidence analyze(LoadedImage image) {
        int w = image.width();
        int h = image.height();
        int factor = reduction(w, h, maxSide);
        int gw = Math.max(1, w / factor);
        int gh = Math.max(1, h / factor);
        if (gw < 48 || gh < 48) {
            return Evidence.unavailable(name(), quantity(), w, h, "image too small to search for copied regions (" + w + "x" + h + ")");
        }
        // the search runs on the luma reduced by an integer factor, computed band by band (no full-size plane);
        // the maps are kept at the image's working grid
        WorkingGrid grid = WorkingGrid.of(w, h);
        float[] reduced = reducedLuma(image, factor);
        Map<String, Object> stats = new TreeMap<>();
        float[] score = new float[grid.width() * grid.height()];
        float[] measure = new float[score.length];
        java.util.Arrays.fill(measure, Float.NaN);
        List<Clone> clones = new ArrayList<>();
        String searched = "";
        if (keypoints) {
            float[] g = smooth(reduced, gw, gh);
            double minDistance = Math.max(10, Math.min(gw, gh) * minShift);
            List<Candidate> candidates = new ArrayList<>();
            GrayF32 grey = new GrayF32(gw, gh);
            System.arraycopy(reduced, 0, grey.data, 0, reduced.length);
            CloneMatcher.Keypoints kps = CloneMatcher.detect(grey, maxKeypoints);
            List<int[]> pairs = CloneMatcher.g2nn(kps, ratio, minDistance);
            for (CloneMatcher.Match m : CloneMatcher.transforms(kps, pairs, maxClones, minInliers, minDistance)) {
                candidates.add(new Candidate(m.transform(), m.from()));
            }
            int keypointCount = kps.size();
            int matchCount = pairs.size();
            float[] corrMax = new float[gw * gh];
            java.util.Arrays.fill(corrMax, Float.NaN);
            float[] lowScore = new float[gw * gh];
            for (Candidate c : candidates) {
                Clone clone = verify(g, gw, gh, c, factor, corrMax, lowScore);
                if (clone != null) {
                    clones.add(clone);
                }
            }
            maxInto(score, grid.resize(lowScore, gw, gh));
            measure = grid.resize(corrMax, gw, gh);
            stats.put("reduction_factor", factor);
            stats.put("keypoints", keypointCount);
            stats.put("matches", matchCount);
            searched = String.format(Locale.ROOT, "%d keypoints, %d candidate matches", keypointCount, matchCount);
        }
        if (denseMaxSide > 0) {
            int df = reduction(w, h, denseMaxSide);
            int dw = Math.max(1, w / df);
            int dh = Math.max(1, h / df);
            float[] denseLuma = df == factor ? reduced : reducedLuma(image, df);
            List<DenseFieldMatcher.Region> regions = DenseFieldMatcher.detect(denseLuma, dw, dh, dense);
            float[] denseScore = new float[dw * dh];
            int patch = (2 * dense.radius() + 1) * (2 * dense.radius() + 1);
            for (DenseFieldMatcher.Region r : regions) {
                for (int i = 0; i < denseScore.length; i++) {
                    if (r.source()[i] != 0 || r.copy()[i] != 0) {
                        denseScore[i] = 1f;
                    }
                }
                merge(clones, denseClone(r, df, dw, dh, (int) Math.max(1, r.matchedPixels() / patch)));
            }
            maxInto(score, grid.resize(denseScore, dw, dh));
            stats.put("dense_reduction_factor", df);
            stats.put("dense_regions", regions.size());
            searched += (searched.isEmpty() ? "" : "; ") + "dense field at " + dw + "x" + dh + " px";
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (Clone c : clones) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", boxList(c.source()));
            m.put("destination", boxList(c.destination()));
            m.put("dx", PixelOps.round(c.dx(), 1));
            m.put("dy", PixelOps.round(c.dy(), 1));
            m.put("rotation_degrees", PixelOps.round(c.rotationDegrees(), 1));
            m.put("scale", PixelOps.round(c.scale(), 3));
            m.put("inliers", c.inliers());
            m.put("keypoint_inliers", c.keypointInliers());
            m.put("dense_matches", c.denseMatches());
            m.put("match_density", PixelOps.round(c.matchDensity(), 3));
            m.put("pixels", c.pixels());
            m.put("inserted", "undecided");
            list.add(m);
        }
        stats.put("clones", list);
        List<String> findings = new ArrayList<>();
        if (clones.isEmpty()) {
            findings.add("no duplicated region found (" + searched + ")");
        }
        for (Clone c : clones) {
            findings.add(String.format(Locale.ROOT, "the region at (%d, %d) size %dx%d matches the region at (%d, %d) size %dx%d: "
                    + "a copy (shift %.0f, %.0f px, rotation %.0f deg, scale %.2f; %s); both copies are marked: "
                    + "which one was inserted cannot be told from the matching alone",
                    c.destination().x(), c.destination().y(), c.destination().width(), c.destination().height(),
                    c.source().x(), c.source().y(), c.source().width(), c.source().height(),
                    c.dx(), c.dy(), c.rotationDegrees(), c.scale(), c.support()));
        }
        ProbabilityMap map = new ProbabilityMap(grid.width(), grid.height(), score);
        return new Evidence(name(), quantity(), map, new Field(grid.width(), grid.height(), measure), PixelOps.heatmap(map), stats, findings);
    }

    /** The integer reduction factor that brings the longer side to at most {@code side} pixels. */
    private static int reduction(int w, int h, int side) {
        return Math.max(1, (int) Math.ceil(Math.max(w, h) / (double) side));
    }

    private static void maxInto(float[] into, float[] v) {
        for (int i = 0; i < into.length; i++) {
            into[i] = Math.max(into[i], v[i]);
        }
    }

    private static Clone denseClone(DenseFieldMatcher.Region r, int factor, int w, int h, int matches) {
        double[] t = r.transform();
        Box sb = bounds(r.source(), w, h, factor);
        Box db = bounds(r.copy(), w, h, factor);
        double[] full = {t[0], t[1], t[2] * factor, t[3], t[4], t[5] * factor};
        double cx = sb.x() + sb.width() / 2.0;
        double cy = sb.y() + sb.height() / 2.0;
        double[] moved = AffineOps.apply(full, cx, cy);
        double rotation = AffineOps.rotationDegrees(t);
        rotation = Math.abs(rotation) < 0.05 ? 0.0 : rotation;
        return new Clone(sb, db, full, matches, rotation, AffineOps.scale(t), moved[0] - cx, moved[1] - cy,
                r.sourcePixels() * factor * factor, 0, matches, r.matchDensity());
    }

    /**
     * Adds a dense clone, or, when the keypoint matcher already found the same pair of regions (either way round,
     * boxes overlapping by IoU > 0.3), adds the dense support to that clone.
     */
    private static void merge(List<Clone> clones, Clone d) {
        for (int i = 0; i < clones.size(); i++) {
            Clone k = clones.get(i);
            boolean same = (k.source().iou(d.source()) > 0.3 && k.destination().iou(d.destination()) > 0.3)
                    || (k.source().iou(d.destination()) > 0.3 && k.destination().iou(d.source()) > 0.3);
            if (same && k.denseMatches() == 0) {
                clones.set(i, new Clone(k.source(), k.destination(), k.transform(), k.keypointInliers() + d.denseMatches(),
                        k.rotationDegrees(), k.scale(), k.dx(), k.dy(), Math.max(k.pixels(), d.pixels()), k.keypointInliers(),
                        d.denseMatches(), d.matchDensity()));
                return;
            }
        }
        clones.add(d);
    }

    /** The clones found, read back from an analysis's stats (for the explanation). */
    @SuppressWarnings("unchecked")
    public static List<Clone> clones(Evidence evidence) {
        Object o = evidence.stats().get("clones");
        List<Clone> out = new ArrayList<>();
        if (o instanceof List<?> list) {
            for (Object e : list) {
                Map<String, Object> m = (Map<String, Object>) e;
                out.add(new Clone(toBox(m.get("source")), toBox(m.get("destination")), null,
                        ((Number) m.get("inliers")).intValue(), ((Number) m.get("rotation_degrees")).doubleValue(),
                        ((Number) m.get("scale")).doubleValue(), ((Number) m.get("dx")).doubleValue(),
                        ((Number) m.get("dy")).doubleValue(), ((Number) m.get("pixels")).longValue(),
                        ((Number) m.get("keypoint_inliers")).intValue(), ((Number) m.get("dense_matches")).intValue(),
                        ((Number) m.get("match_density")).doubleValue()));
            }
        }
        return out;
    }

    private static List<Integer> boxList(Box b) {
        return List.of(b.x(), b.y(), b.width(), b.height());
    }

    @SuppressWarnings("unchecked")
    private static Box toBox(Object o) {
        List<Integer> l = (List<Integer>) o;
        return new Box(l.get(0), l.get(1), l.get(2), l.get(3));
    }

    /** A transform found by keypoints and its inliers on the side it maps from. */
    private record Candidate(double[] transform, List<double[]> from) {
    }

    /** Dense check of one transform; marks both copies in {@code score} and returns the clone (null if none). */
    private Clone verify(float[] g, int w, int h, Candidate hyp, int factor, float[] corrMax, float[] score) {
        double[] t = snap(g, w, h, hyp);
        float[] warped = new float[w * h];
        boolean[] valid = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double[] p = AffineOps.apply(t, x, y);
                if (p[0] >= 0 && p[1] >= 0 && p[0] <= w - 1 && p[1] <= h - 1) {
                    warped[y * w + x] = bilinear(g, w, h, p[0], p[1]);
                    valid[y * w + x] = true;
                }
            }
        }
        float[] corr = zncc(g, warped, w, h, 3);
        float[] diff = null;
        if (maxDifference > 0) {
            // A copy repeats grey levels, not only their pattern: a shifted ramp (sky, walls) correlates with
            // itself at any offset along it but differs in level.
            diff = new float[w * h];
            for (int i = 0; i < diff.length; i++) {
                diff[i] = valid[i] ? Math.abs(g[i] - warped[i]) : 255f;
            }
            diff = PixelOps.boxMean(diff, w, h, 3);
        }
        byte[] m = new byte[w * h];
        for (int i = 0; i < m.length; i++) {
            if (valid[i] && !Float.isNaN(corr[i])) {
                corrMax[i] = Float.isNaN(corrMax[i]) ? corr[i] : Math.max(corrMax[i], corr[i]);
                m[i] = corr[i] > minCorrelation && (diff == null || diff[i] <= maxDifference) ? (byte) 1 : 0;
            }
        }
        Mask closed = MaskOps.erode(MaskOps.dilate(new Mask(w, h, m), 5), 5);
        int[] labels = MaskOps.connectedComponents(closed);
        java.util.Set<Integer> keep = new java.util.TreeSet<>();
        for (double[] p : hyp.from()) {
            // The keypoint on the side the transform maps from.
            int px = Math.min(w - 1, Math.max(0, (int) Math.round(p[0])));
            int py = Math.min(h - 1, Math.max(0, (int) Math.round(p[1])));
            int lab = labels[py * w + px];
            if (lab > 0) {
                keep.add(lab);
            }
        }
        if (keep.isEmpty()) {
            return null;
        }
        byte[] src = new byte[w * h];
        long pixels = 0;
        for (int i = 0; i < src.length; i++) {
            if (labels[i] > 0 && keep.contains(labels[i])) {
                src[i] = 1;
                pixels++;
            }
        }
        if (pixels < 64) {
            return null;
        }
        byte[] dst = AffineOps.mirror(src, w, h, t);
        for (int i = 0; i < src.length; i++) {
            if (src[i] != 0 || dst[i] != 0) {
                score[i] = 1f;
            }
        }
        Box sb = bounds(src, w, h, factor);
        Box db = bounds(dst, w, h, factor);
        double[] full = {t[0], t[1], t[2] * factor, t[3], t[4], t[5] * factor};
        double cx = sb.x() + sb.width() / 2.0;
        double cy = sb.y() + sb.height() / 2.0;
        double[] moved = AffineOps.apply(full, cx, cy);
        double rotation = AffineOps.rotationDegrees(t);
        // Rounded to a tenth anyway; avoids "-0 deg" in the sentences.
        rotation = Math.abs(rotation) < 0.05 ? 0.0 : rotation;
        return new Clone(sb, db, full, hyp.from().size(), rotation, AffineOps.scale(t),
                moved[0] - cx, moved[1] - cy, pixels * factor * factor);
    }

    /**
     * The transform to verify with: a fitted affine close to a plain shift (linear part within 0.03 of the
     * identity) is replaced by the integer shift, among the 3x3 around the mean displacement of the inliers, that
     * matches the inliers' 7x7 neighbourhoods best, when that matches them better than the affine itself. Keypoint
     * positions are sub-pixel estimates; the warp of an inexact fit decorrelates the copy away from the keypoints,
     * while most copies are moved by whole pixels and then match exactly.
     */
    private static double[] snap(float[] g, int w, int h, Candidate hyp) {
        double[] t = hyp.transform();
        if (Math.abs(t[0] - 1) > 0.03 || Math.abs(t[1]) > 0.03 || Math.abs(t[3]) > 0.03 || Math.abs(t[4] - 1) > 0.03) {
            return t;
        }
        double sx = 0;
        double sy = 0;
        for (double[] p : hyp.from()) {
            double[] q = AffineOps.apply(t, p[0], p[1]);
            sx += q[0] - p[0];
            sy += q[1] - p[1];
        }
        int n = hyp.from().size();
        long dx0 = Math.round(sx / n);
        long dy0 = Math.round(sy / n);
        double[] best = t;
        double bestCost = patchCost(g, w, h, t, hyp.from());
        for (long dy = dy0 - 1; dy <= dy0 + 1; dy++) {
            for (long dx = dx0 - 1; dx <= dx0 + 1; dx++) {
                double[] shift = {1, 0, dx, 0, 1, dy};
                double cost = patchCost(g, w, h, shift, hyp.from());
                if (cost < bestCost) {
                    bestCost = cost;
                    best = shift;
                }
            }
        }
        return best;
    }

    /** Mean absolute grey-level difference between the 7x7 neighbourhoods of the points and their images under t. */
    private static double patchCost(float[] g, int w, int h, double[] t, List<double[]> points) {
        double sum = 0;
        int count = 0;
        for (double[] p : points) {
            int px = (int) Math.round(p[0]);
            int py = (int) Math.round(p[1]);
            for (int y = py - 3; y <= py + 3; y++) {
                for (int x = px - 3; x <= px + 3; x++) {
                    if (x < 0 || y < 0 || x >= w || y >= h) {
                        continue;
                    }
                    double[] q = AffineOps.apply(t, x, y);
                    if (q[0] < 0 || q[1] < 0 || q[0] > w - 1 || q[1] > h - 1) {
                        continue;
                    }
                    sum += Math.abs(g[y * w + x] - bilinear(g, w, h, q[0], q[1]));
                    count++;
                }
            }
        }
        return count == 0 ? Double.MAX_VALUE : sum / count;
    }

    /** 1-2-1 binomial blur, applied twice (about a Gaussian of sigma 1): the plane the clones are verified on. */
    /** The luma reduced by an integer factor; at factor 1 the image's own shared luma plane (read, never written). */
    private static float[] reducedLuma(LoadedImage image, int factor) {
        return factor <= 1 ? image.luma() : PixelOps.lumaDownscale(image.image(), factor);
    }

    static float[] smooth(float[] v, int w, int h) {
        float[] a = v;
        for (int pass = 0; pass < 2; pass++) {
            float[] t = new float[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    t[y * w + x] = 0.25f * (a[y * w + Math.max(0, x - 1)] + 2 * a[y * w + x] + a[y * w + Math.min(w - 1, x + 1)]);
                }
            }
            float[] o = new float[w * h];
            for (int y = 0; y < h; y++) {
                int up = Math.max(0, y - 1) * w;
                int dn = Math.min(h - 1, y + 1) * w;
                for (int x = 0; x < w; x++) {
                    o[y * w + x] = 0.25f * (t[up + x] + 2 * t[y * w + x] + t[dn + x]);
                }
            }
            a = o;
        }
        return a;
    }

    private static Box bounds(byte[] m, int w, int h, int factor) {
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (m[y * w + x] != 0) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (x1 < 0) {
            return new Box(0, 0, 0, 0);
        }
        return new Box(x0 * factor, y0 * factor, (x1 - x0 + 1) * factor, (y1 - y0 + 1) * factor);
    }

    private static float bilinear(float[] g, int w, int h, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        int x1 = Math.min(w - 1, x0 + 1);
        int y1 = Math.min(h - 1, y0 + 1);
        double tx = x - x0;
        double ty = y - y0;
        double top = g[y0 * w + x0] * (1 - tx) + g[y0 * w + x1] * tx;
        double bot = g[y1 * w + x0] * (1 - tx) + g[y1 * w + x1] * tx;
        return (float) (top * (1 - ty) + bot * ty);
    }

    /** Zero-mean normalized correlation of two planes in (2r+1)^2 windows; NaN where either is nearly flat. */
    static float[] zncc(float[] p, float[] q, int w, int h, int r) {
        float[] pq = new float[w * h];
        float[] pp = new float[w * h];
        float[] qq = new float[w * h];
        for (int i = 0; i < pq.length; i++) {
            pq[i] = p[i] * q[i];
            pp[i] = p[i] * p[i];
            qq[i] = q[i] * q[i];
        }
        float[] mp = PixelOps.boxMean(p, w, h, r);
        float[] mq = PixelOps.boxMean(q, w, h, r);
        float[] mpq = PixelOps.boxMean(pq, w, h, r);
        float[] mpp = PixelOps.boxMean(pp, w, h, r);
        float[] mqq = PixelOps.boxMean(qq, w, h, r);
        float[] out = new float[w * h];
        for (int i = 0; i < out.length; i++) {
            double vp = mpp[i] - mp[i] * mp[i];
            double vq = mqq[i] - mq[i] * mq[i];
            // Below a std of 1.5 grey levels the correlation is noise against noise.
            out[i] = vp < 2.25 || vq < 2.25 ? Float.NaN : (float) ((mpq[i] - mp[i] * mq[i]) / Math.sqrt(vp * vq));
        }
        return out;
    }

    /** Settings; defaults favour speed on large photos. */
    public static final class Builder {
        private int maxSide = 1024;
        private int maxKeypoints = 2000;
        private double ratio = 0.7;
        private int minInliers = 6;
        private double minCorrelation = 0.8;
        private int maxClones = 3;
        private boolean keypoints = true;
        private double minShift = 0.04;
        private double maxDifference = 2;
        private int denseMaxSide = 1024;
        private int denseRadius = 6;
        private int denseMinShift = 8;
        private int denseIterations = 8;
        private int denseFitRadius = 4;
        private double denseMaxResidual = 2.0;
        private double denseMinStd = 2.0;
        private int denseMinArea = 200;
        private double denseMaxDifference = 2;
        private double denseMinAgreement = 0.75;

        public Builder optMaxSide(int v) {
            this.maxSide = Math.max(64, v);
            return this;
        }

        public Builder optMaxKeypoints(int v) {
            this.maxKeypoints = Math.max(16, v);
            return this;
        }

        public Builder optRatio(double v) {
            this.ratio = v;
            return this;
        }

        public Builder optMinInliers(int v) {
            this.minInliers = Math.max(3, v);
            return this;
        }

        public Builder optMinCorrelation(double v) {
            this.minCorrelation = v;
            return this;
        }

        public Builder optMaxClones(int v) {
            this.maxClones = Math.max(1, v);
            return this;
        }

        /** Whether the keypoint matcher runs (default true). */
        public Builder optKeypoints(boolean v) {
            this.keypoints = v;
            return this;
        }

        /**
         * Largest mean absolute grey-level difference (7x7) between the image and its warped copy for a pixel to be
         * part of a keypoint clone; 0: no bar (correlation only).
         */
        public Builder optMaxDifference(double v) {
            this.maxDifference = Math.max(0, v);
            return this;
        }

        /** Least distance between matched keypoints, as a fraction of the shorter working side (at least 10 px). */
        public Builder optMinShift(double v) {
            this.minShift = Math.max(0, v);
            return this;
        }

        /** Longer side of the dense matcher's working image (integer reduction); 0 switches it off. Default 1024. */
        public Builder optDenseMaxSide(int v) {
            this.denseMaxSide = v <= 0 ? 0 : Math.max(64, v);
            return this;
        }

        /** Radius of the Zernike feature disk at working resolution (default 6). */
        public Builder optDenseRadius(int v) {
            this.denseRadius = Math.max(2, v);
            return this;
        }

        /** Shortest offset a copy may have, working pixels (default 8). */
        public Builder optDenseMinShift(int v) {
            this.denseMinShift = Math.max(1, v);
            return this;
        }

        public Builder optDenseIterations(int v) {
            this.denseIterations = Math.max(1, v);
            return this;
        }

        /** Half-size of the window the offset field is fitted over (default 4: 9x9). */
        public Builder optDenseFitRadius(int v) {
            this.denseFitRadius = Math.max(1, v);
            return this;
        }

        /** Largest mean squared residual (working px^2) of the field around a copied pixel (default 2). */
        public Builder optDenseMaxResidual(double v) {
            this.denseMaxResidual = v;
            return this;
        }

        /** Least grey-level standard deviation over the feature disk for a pixel to be matched (default 2). */
        public Builder optDenseMinStd(double v) {
            this.denseMinStd = v;
            return this;
        }

        /** Smallest dense region, working pixels (default 200). */
        public Builder optDenseMinArea(int v) {
            this.denseMinArea = Math.max(1, v);
            return this;
        }

        /**
         * Largest 3x3 mean absolute grey-level difference between a pixel of a dense region moved by a whole-pixel
         * shift and its copy for the pixel to stay in the region (default 2, as the keypoint matcher's bar); 0: no
         * grey-level verification.
         */
        public Builder optDenseMaxDifference(double v) {
            this.denseMaxDifference = Math.max(0, v);
            return this;
        }

        /**
         * Least share of a dense region's matched pixels whose offsets fit its affine map (within 1 px), and, for a
         * whole-pixel shift, whose grey levels the copy repeats (default 0.75, chosen on CVIP: its true copies
         * agree at 0.99-1, its chance regions at 0.33-0.65); 0 keeps every region.
         */
        public Builder optDenseMinAgreement(double v) {
            this.denseMinAgreement = Math.max(0, Math.min(1, v));
            return this;
        }

        public CopyMoveAnalyzer build() {
            return new CopyMoveAnalyzer(this);
        }
    }
}
