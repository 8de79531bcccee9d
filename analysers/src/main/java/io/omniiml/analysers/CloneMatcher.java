package io.omniiml.analysers;

import boofcv.abst.feature.detdesc.ConfigCompleteSift;
import boofcv.abst.feature.detdesc.DetectDescribePoint;
import boofcv.alg.geo.robust.GenerateAffine2D;
import boofcv.factory.feature.detdesc.FactoryDetectDescribe;
import boofcv.factory.feature.detect.selector.ConfigSelectLimit;
import boofcv.struct.feature.TupleDesc_F64;
import boofcv.struct.geo.AssociatedPair;
import boofcv.struct.image.GrayF32;
import georegression.fitting.affine.ModelManagerAffine2D_F64;
import georegression.struct.affine.Affine2D_F64;
import org.ddogleg.fitting.modelset.DistanceFromModel;
import org.ddogleg.fitting.modelset.ModelGenerator;
import org.ddogleg.fitting.modelset.ransac.Ransac;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keypoint side of copy-move detection, on BoofCV: scale-invariant SIFT keypoints (Lowe's detector and
 * descriptor, {@link FactoryDetectDescribe#sift}), g2NN matching inside the image (Amerini et al., TIFS 2011:
 * each keypoint keeps every neighbour i whose descriptor distance ratio d_i / d_{i+1} stays below a threshold,
 * self and near-self matches excluded) and sequential RANSAC (ddogleg's {@link Ransac}, fixed seed) that
 * clusters the matched pairs by the transform they agree on. A pair is unordered (either end may be the
 * copy), so the distance to a model is the smaller of the two directions; samples are two pairs giving a
 * similarity, and each consensus set is refitted as a full affine ({@link GenerateAffine2D}).
 */
@SuppressWarnings("unchecked")
final class CloneMatcher {
    /** Pixels within which a RANSAC model must map a keypoint onto its partner. */
    static final double INLIER_TOLERANCE = 3.0;
    private static final int NEIGHBOURS = 10;
    private static final int RANSAC_ITERATIONS = 4000;
    private static final long SEED = 20240613L;

    private CloneMatcher() {
    }

    /** SIFT keypoints: positions, scales (radius in pixels) and unit descriptors. */
    record Keypoints(double[] x, double[] y, double[] radius, List<TupleDesc_F64> descriptors) {
        int size() {
            return x.length;
        }
    }

    /** One transform found by RANSAC: {@code transform} maps {@code from[i]} onto {@code to[i]} for its inliers. */
    record Match(double[] transform, List<double[]> from, List<double[]> to) {
        int inliers() {
            return from.size();
        }
    }

    /** Detects SIFT keypoints on a grey plane (0..255); keeps the {@code max} strongest scale-space extrema. */
    static Keypoints detect(GrayF32 grey, int max) {
        ConfigCompleteSift config = new ConfigCompleteSift();
        // No contrast floor: low-contrast keypoints are where smooth copied areas (sky, walls, paper) still have
        // some; g2NN rejects the ambiguous ones.
        config.detector.extract.threshold = 0f;
        config.detector.maxFeaturesAll = max;
        // Over the cap, keep the strongest per grid cell: small copied objects keep their keypoints next to a
        // strongly textured background.
        config.detector.selector = ConfigSelectLimit.selectUniform(2.0);
        DetectDescribePoint<GrayF32, TupleDesc_F64> sift = FactoryDetectDescribe.sift(config, GrayF32.class);
        sift.detect(grey);
        int n = sift.getNumberOfFeatures();
        double[] x = new double[n];
        double[] y = new double[n];
        double[] r = new double[n];
        List<TupleDesc_F64> d = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            x[i] = sift.getLocation(i).x;
            y[i] = sift.getLocation(i).y;
            r[i] = sift.getRadius(i);
            d.add(sift.getDescription(i).copy());
        }
        return new Keypoints(x, y, r, d);
    }

    /**
     * g2NN within one image: for each keypoint the other keypoints at least {@code minDistance} pixels away are
     * ranked by descriptor distance and taken in order while d_i / d_{i+1} < {@code ratio}. Exact, brute force
     * with early termination in two passes: the two nearest first (most keypoints stop there), the longer list
     * only for those that pass. Each unordered pair once, as {i, j} with i < j, sorted.
     */
    static List<int[]> g2nn(Keypoints kps, double ratio, double minDistance) {
        int n = kps.size();
        if (n < 3) {
            return new ArrayList<>();
        }
        int dim = kps.descriptors().get(0).size();
        float[] d = new float[n * dim];
        for (int i = 0; i < n; i++) {
            double[] v = kps.descriptors().get(i).data;
            for (int k = 0; k < dim; k++) {
                d[i * dim + k] = (float) v[k];
            }
        }
        double minD2 = minDistance * minDistance;
        double r2 = ratio * ratio;
        List<int[]>[] perPoint = new List[n];
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            int[] idx = new int[NEIGHBOURS + 1];
            float[] dist = new float[NEIGHBOURS + 1];
            int found = nearest(d, dim, n, i, kps, minD2, 2, idx, dist);
            if (found < 2 || dist[0] >= r2 * dist[1]) {
                return;
            }
            found = nearest(d, dim, n, i, kps, minD2, NEIGHBOURS + 1, idx, dist);
            List<int[]> mine = new ArrayList<>();
            for (int k = 0; k + 1 < found && dist[k] < r2 * dist[k + 1]; k++) {
                mine.add(new int[]{Math.min(i, idx[k]), Math.max(i, idx[k])});
            }
            perPoint[i] = mine;
        });
        Set<Long> seen = new HashSet<>();
        List<int[]> pairs = new ArrayList<>();
        for (List<int[]> l : perPoint) {
            if (l != null) {
                for (int[] p : l) {
                    if (seen.add((long) p[0] * n + p[1])) {
                        pairs.add(p);
                    }
                }
            }
        }
        pairs.sort(Comparator.<int[]>comparingInt(p -> p[0]).thenComparingInt(p -> p[1]));
        return pairs;
    }

    /** The {@code k} nearest descriptors to keypoint i (squared distances, ascending) among those far enough away. */
    private static int nearest(float[] d, int dim, int n, int i, Keypoints kps, double minD2, int k, int[] idx, float[] dist) {
        int count = 0;
        int base = i * dim;
        double xi = kps.x()[i];
        double yi = kps.y()[i];
        for (int j = 0; j < n; j++) {
            double dx = kps.x()[j] - xi;
            double dy = kps.y()[j] - yi;
            if (j == i || dx * dx + dy * dy < minD2) {
                continue;
            }
            float bound = count < k ? Float.MAX_VALUE : dist[k - 1];
            float s = 0;
            int o = j * dim;
            for (int c = 0; c < dim && s < bound; c += 8) {
                for (int e = c; e < c + 8 && e < dim; e++) {
                    float diff = d[base + e] - d[o + e];
                    s += diff * diff;
                }
            }
            if (s >= bound) {
                continue;
            }
            int pos = Math.min(count, k - 1);
            while (pos > 0 && dist[pos - 1] > s) {
                dist[pos] = dist[pos - 1];
                idx[pos] = idx[pos - 1];
                pos--;
            }
            dist[pos] = s;
            idx[pos] = j;
            count = Math.min(k, count + 1);
        }
        return count;
    }

    /**
     * Sequential RANSAC: up to {@code maxModels} transforms, each supported by at least {@code minInliers}
     * pairs, the pairs of a found transform removed before the next search. Deterministic.
     */
    static List<Match> transforms(Keypoints kps, List<int[]> pairs, int maxModels, int minInliers, double minShift) {
        List<AssociatedPair> free = new ArrayList<>();
        for (int[] p : pairs) {
            // Canonical orientation, leftmost end first (topmost on a tie): the pairs of one translated or slightly
            // rotated copy then all point the same way, so a two-pair sample gives its transform; the pair order
            // from matching (keypoint index) is arbitrary.
            int a = p[0];
            int b = p[1];
            double dx = kps.x()[b] - kps.x()[a];
            double dy = kps.y()[b] - kps.y()[a];
            if (dx < 0 || (dx == 0 && dy < 0)) {
                a = p[1];
                b = p[0];
            }
            free.add(new AssociatedPair(kps.x()[a], kps.y()[a], kps.x()[b], kps.y()[b]));
        }
        List<Match> out = new ArrayList<>();
        double tol2 = INLIER_TOLERANCE * INLIER_TOLERANCE;
        for (int round = 0; round < maxModels && free.size() >= Math.max(2, minInliers); round++) {
            Ransac<Affine2D_F64, AssociatedPair> ransac = new Ransac<>(SEED + round, RANSAC_ITERATIONS, tol2,
                    new ModelManagerAffine2D_F64(), AssociatedPair.class);
            ransac.setModel(() -> new SimilarityFromTwo(minShift), SymmetricDistance::new);
            if (!ransac.process(free) || ransac.getMatchSet().size() < minInliers) {
                break;
            }
            Affine2D_F64 model = ransac.getModelParameters().copy();
            // Refit as an affine on the consensus set, each pair turned the way the model maps it, then take
            // the consensus of the refitted model (once).
            Match m = consensus(model, free, tol2);
            Affine2D_F64 refined = new Affine2D_F64();
            List<AssociatedPair> oriented = new ArrayList<>();
            for (int i = 0; i < m.inliers(); i++) {
                oriented.add(new AssociatedPair(m.from().get(i)[0], m.from().get(i)[1], m.to().get(i)[0], m.to().get(i)[1]));
            }
            if (oriented.size() >= 3 && new GenerateAffine2D().fitModel(oriented, model, refined) && plausible(refined, minShift)) {
                Match r = consensus(refined, free, tol2);
                if (r.inliers() >= m.inliers()) {
                    m = r;
                }
            }
            if (m.inliers() < minInliers) {
                break;
            }
            out.add(m);
            List<AssociatedPair> rest = new ArrayList<>();
            double[] t = m.transform();
            for (AssociatedPair p : free) {
                if (distance2(t, p) > tol2) {
                    rest.add(p);
                }
            }
            free = rest;
        }
        return out;
    }

    private static Match consensus(Affine2D_F64 a, List<AssociatedPair> pairs, double tol2) {
        double[] t = {a.a11, a.a12, a.tx, a.a21, a.a22, a.ty};
        List<double[]> from = new ArrayList<>();
        List<double[]> to = new ArrayList<>();
        for (AssociatedPair p : pairs) {
            double forward = residual2(t, p.p1.x, p.p1.y, p.p2.x, p.p2.y);
            double backward = residual2(t, p.p2.x, p.p2.y, p.p1.x, p.p1.y);
            if (Math.min(forward, backward) <= tol2) {
                boolean fw = forward <= backward;
                from.add(fw ? new double[]{p.p1.x, p.p1.y} : new double[]{p.p2.x, p.p2.y});
                to.add(fw ? new double[]{p.p2.x, p.p2.y} : new double[]{p.p1.x, p.p1.y});
            }
        }
        return new Match(t, from, to);
    }

    static double distance2(double[] t, AssociatedPair p) {
        return Math.min(residual2(t, p.p1.x, p.p1.y, p.p2.x, p.p2.y), residual2(t, p.p2.x, p.p2.y, p.p1.x, p.p1.y));
    }

    private static double residual2(double[] t, double x, double y, double u, double v) {
        double dx = t[0] * x + t[1] * y + t[2] - u;
        double dy = t[3] * x + t[4] * y + t[5] - v;
        return dx * dx + dy * dy;
    }

    /** A copy moves content (not near the identity), keeps its size within reason and is not sheared. */
    static boolean plausible(Affine2D_F64 a, double minShift) {
        double det = a.a11 * a.a22 - a.a12 * a.a21;
        double s = Math.sqrt(Math.abs(det));
        if (!(s >= 0.5 && s <= 2)) {
            return false;
        }
        double n1 = Math.hypot(a.a11, a.a21);
        double n2 = Math.hypot(a.a12, a.a22);
        if (n1 / n2 > 1.5 || n2 / n1 > 1.5) {
            return false;
        }
        // The transform must move points by at least minShift somewhere in a 1000-pixel neighbourhood of the
        // origin: a near-identity (sub-minShift everywhere) is a keypoint matched to its own surroundings.
        double m0 = Math.hypot(a.tx, a.ty);
        double m1 = Math.hypot(a.a11 * 500 + a.a12 * 500 + a.tx - 500, a.a21 * 500 + a.a22 * 500 + a.ty - 500);
        return m0 >= minShift || m1 >= minShift;
    }

    /** Two pairs give a similarity (rotation, scale, shift) as an affine; implausible ones are refused. */
    private static final class SimilarityFromTwo implements ModelGenerator<Affine2D_F64, AssociatedPair> {
        private final double minShift;

        SimilarityFromTwo(double minShift) {
            this.minShift = minShift;
        }

        @Override
        public boolean generate(List<AssociatedPair> sample, Affine2D_F64 model) {
            AssociatedPair p = sample.get(0);
            AssociatedPair q = sample.get(1);
            double ax = q.p1.x - p.p1.x;
            double ay = q.p1.y - p.p1.y;
            double bx = q.p2.x - p.p2.x;
            double by = q.p2.y - p.p2.y;
            double n = ax * ax + ay * ay;
            if (n < 4) {
                return false;
            }
            // z = b / a as complex numbers: the rotation-scale.
            double zr = (bx * ax + by * ay) / n;
            double zi = (by * ax - bx * ay) / n;
            model.setTo(zr, -zi, zi, zr, p.p2.x - (zr * p.p1.x - zi * p.p1.y), p.p2.y - (zi * p.p1.x + zr * p.p1.y));
            return plausible(model, minShift);
        }

        @Override
        public int getMinimumPoints() {
            return 2;
        }
    }

    /** Squared residual of an unordered pair: the better of the two directions. */
    private static final class SymmetricDistance implements DistanceFromModel<Affine2D_F64, AssociatedPair> {
        private final double[] t = new double[6];

        @Override
        public void setModel(Affine2D_F64 a) {
            t[0] = a.a11;
            t[1] = a.a12;
            t[2] = a.tx;
            t[3] = a.a21;
            t[4] = a.a22;
            t[5] = a.ty;
        }

        @Override
        public double distance(AssociatedPair p) {
            return distance2(t, p);
        }

        @Override
        public void distances(List<AssociatedPair> points, double[] out) {
            for (int i = 0; i < points.size(); i++) {
                out[i] = distance2(t, points.get(i));
            }
        }

        @Override
        public Class<AssociatedPair> getPointType() {
            return AssociatedPair.class;
        }

        @Override
        public Class<Affine2D_F64> getModelType() {
            return Affine2D_F64.class;
        }
    }
}
