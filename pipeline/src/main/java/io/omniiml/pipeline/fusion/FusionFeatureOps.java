package io.omniiml.pipeline.fusion;

import io.omniiml.analysers.CopyMoveAnalyzer;
import io.omniiml.analysers.Evidence;
import io.omniiml.analysers.WorkingGrid;
import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.ProbabilityMap;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The features the fusion rule reads. Per pixel: the network's log-odds and the per-pixel scores of the evidence
 * analysers that help it (copy-move: verified clones, 1 on both copies; error level; noise level). Per image: the
 * network's image score, the strongest part of the fused map, and whether a verified clone exists.
 */
public final class FusionFeatureOps {
    /** Evidence analysers the fusion reads, by the explain module's names. */
    public static final List<String> ANALYZERS = List.of("copymove", "ela", "noise");
    /** Pixel features, in weight order. */
    public static final List<String> PIXEL_FEATURES = List.of("network_logit", "copymove", "ela", "noise");
    /** Image features of the rule {@link FusionFitter} fits, in weight order. */
    public static final List<String> IMAGE_FEATURES = List.of("network_score_logit", "fused_top_logit", "clone_found");
    /**
     * Every image feature an image rule may read ({@link #imageFeatureValues} order); a rule names the ones it uses.
     * Probabilities enter as log-odds; each feature grows with the evidence of editing.
     * <ul>
     *   <li>{@code network_score_logit}: the network's image head; {@code network_top_logit}: top 1 % of its map;</li>
     *   <li>{@code fused_top_logit}: top 1 % of the fused map; {@code fused_marked_share}: share of the fused map above 0.5;</li>
     *   <li>{@code clone_found} (0/1); {@code clone_inliers_log}: ln(1 + RANSAC inliers of the strongest clone);</li>
     *   <li>{@code ela_top}, {@code noise_top}: top 1 % of the error-level and noise-level maps.</li>
     * </ul>
     */
    public static final List<String> ALL_IMAGE_FEATURES = List.of("network_score_logit", "fused_top_logit", "clone_found",
            "network_top_logit", "fused_marked_share", "clone_inliers_log", "ela_top", "noise_top");
    /** The image features of the network alone: what a verdict without fusion reads ({@link NetworkVerdictRule}). */
    public static final List<String> NETWORK_IMAGE_FEATURES = List.of("network_score_logit", "network_top_logit");
    /**
     * Index of the extra column {@link #pixelColumns} appends after the features: per pixel, the inlier count of
     * the strongest verified clone covering it (0 outside clones). Not a logistic feature: a union rule uses it to
     * let only well-supported clones into the fused map directly.
     */
    public static final int CLONE_INLIERS = PIXEL_FEATURES.size();
    /** Share of the highest values averaged by {@link #topMean}. */
    public static final double TOP_SHARE = 0.01;

    private FusionFeatureOps() {
    }

    /**
     * The per-pixel feature columns, [feature][pixel], all at the network map's size, then the
     * {@link #CLONE_INLIERS} column. A missing or unavailable analyser contributes zeros (as
     * {@code Evidence.unavailable} does).
     */
    public static float[][] pixelColumns(ProbabilityMap network, Map<String, Evidence> evidence) {
        int n = network.values().length;
        float[][] cols = new float[PIXEL_FEATURES.size() + 1][];
        float[] logit = new float[n];
        float[] p = network.values();
        for (int i = 0; i < n; i++) {
            logit[i] = (float) LogisticFitOps.logit(p[i]);
        }
        cols[0] = logit;
        for (int f = 0; f < ANALYZERS.size(); f++) {
            cols[f + 1] = score(evidence.get(ANALYZERS.get(f)), network.width(), network.height());
        }
        Evidence copyMove = evidence.get("copymove");
        cols[CLONE_INLIERS] = cloneInliers(copyMove == null ? List.of() : CopyMoveAnalyzer.clones(copyMove), cols[1],
                network.width(), network.height());
        return cols;
    }

    /** Per pixel, the largest inlier count of the clones whose source or destination box holds it verified. */
    static float[] cloneInliers(List<CopyMoveAnalyzer.Clone> clones, float[] copyMove, int width, int height) {
        float[] out = new float[width * height];
        for (CopyMoveAnalyzer.Clone c : clones) {
            for (Box b : List.of(c.source(), c.destination())) {
                for (int y = Math.max(0, b.y()); y < Math.min(height, b.y() + b.height()); y++) {
                    for (int x = Math.max(0, b.x()); x < Math.min(width, b.x() + b.width()); x++) {
                        int i = y * width + x;
                        if (copyMove[i] > 0.5f) {
                            out[i] = Math.max(out[i], c.inliers());
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * An analyser's score map as a plain array at the given size, NaN as 0; zeros when absent. A map at a reduced
     * working grid is read nearest-neighbour ({@link WorkingGrid#index}); for the fitter on small images only: the
     * detect pipeline reads the maps where they are ({@link FusionRule#fuse(ProbabilityMap, Map)}).
     */
    static float[] score(Evidence e, int width, int height) {
        if (e == null) {
            return new float[width * height];
        }
        ProbabilityMap m = e.score();
        float[] v;
        if (m.width() != width || m.height() != height) {
            v = new float[width * height];
            int[] cols = WorkingGrid.columns(width, m.width());
            for (int y = 0; y < height; y++) {
                int row = WorkingGrid.row(y, height, m.height()) * m.width();
                for (int x = 0; x < width; x++) {
                    v[y * width + x] = m.values()[row + cols[x]];
                }
            }
        } else {
            v = m.values().clone();
        }
        for (int i = 0; i < v.length; i++) {
            if (Float.isNaN(v[i])) {
                v[i] = 0;
            }
        }
        return v;
    }

    /**
     * Every feature of {@link #ALL_IMAGE_FEATURES}, in that order, from one image's network score and map, fused map
     * and evidence (keys: analyser names; a missing analyser counts as no evidence).
     */
    public static double[] imageFeatureValues(double networkScore, ProbabilityMap network, ProbabilityMap fused,
                                              Map<String, Evidence> evidence) {
        Evidence copyMove = evidence.get("copymove");
        List<CopyMoveAnalyzer.Clone> clones = copyMove == null ? List.of() : CopyMoveAnalyzer.clones(copyMove);
        double[] own = networkImageFeatureValues(networkScore, network);
        int strongest = 0;
        for (CopyMoveAnalyzer.Clone c : clones) {
            strongest = Math.max(strongest, c.inliers());
        }
        long marked = 0;
        for (float v : fused.values()) {
            marked += v > 0.5f ? 1 : 0;
        }
        int n = fused.values().length;
        return new double[]{own[0], LogisticFitOps.logit(topMean(fused)), clones.isEmpty() ? 0 : 1,
                own[1], n == 0 ? 0 : (double) marked / n, Math.log1p(strongest),
                topMean(evidence.get("ela")), topMean(evidence.get("noise"))};
    }

    /** The features of {@link #NETWORK_IMAGE_FEATURES}, in that order, from the network's image score and map. */
    public static double[] networkImageFeatureValues(double networkScore, ProbabilityMap network) {
        return new double[]{LogisticFitOps.logit(networkScore), LogisticFitOps.logit(topMean(network))};
    }

    /** The values of the named features (each one of {@link #ALL_IMAGE_FEATURES}) out of {@link #imageFeatureValues}. */
    public static double[] select(double[] allValues, List<String> names) {
        double[] out = new double[names.size()];
        for (int i = 0; i < out.length; i++) {
            int k = ALL_IMAGE_FEATURES.indexOf(names.get(i));
            if (k < 0) {
                throw new IllegalArgumentException("unknown image feature '" + names.get(i) + "'");
            }
            out[i] = allValues[k];
        }
        return out;
    }

    /**
     * {@link #topMean(ProbabilityMap)} of an analyser's score map at its own (working) size; 0 when absent. A map
     * at a reduced grid gives the top share of its cells (the block maps hold one value per cell either way).
     */
    static double topMean(Evidence e) {
        return e == null ? 0 : topMean(e.score());
    }

    /**
     * Mean of the highest {@value #TOP_SHARE} share of the values (at least one; NaN counts as 0). Exact, without
     * copying or sorting the map: the k-th largest value is found by a two-level radix selection on the float bits
     * (the values that count are non-negative, whose bits order like the values), then the values above it and as
     * many copies of it as needed are summed, largest first.
     */
    public static double topMean(ProbabilityMap map) {
        float[] v = map.values();
        if (v.length == 0) {
            return 0;
        }
        int k = Math.max(1, (int) Math.round(v.length * TOP_SHARE));
        float kth = kthLargest(v, k);
        // the sorted-array reference sums the k largest in ascending order; summing the ones above kth in
        // ascending order again keeps the same double sum up to rounding order: sort only that small set
        int above = 0;
        for (float f : v) {
            if (clean(f) > kth) {
                above++;
            }
        }
        float[] top = new float[above];
        int n = 0;
        for (float f : v) {
            float c = clean(f);
            if (c > kth) {
                top[n++] = c;
            }
        }
        Arrays.sort(top);
        double sum = 0;
        for (int i = 0; i < k - above; i++) {
            sum += kth;
        }
        for (float f : top) {
            sum += f;
        }
        return Math.max(0, Math.min(1, sum / k));
    }

    private static float clean(float f) {
        return Float.isNaN(f) ? 0 : f;
    }

    /** The k-th largest value (1 = the largest), NaN as 0, by radix selection on the bits (negative values: 0-ranked low). */
    static float kthLargest(float[] v, int k) {
        // order key: for non-negative floats the raw bits are monotonic; map negatives below every non-negative
        int[] high = new int[1 << 16];
        for (float f : v) {
            high[key(clean(f)) >>> 16]++;
        }
        int bucket = (1 << 16) - 1;
        long seen = 0;
        for (; bucket >= 0; bucket--) {
            if (seen + high[bucket] >= k) {
                break;
            }
            seen += high[bucket];
        }
        int[] low = new int[1 << 16];
        for (float f : v) {
            int key = key(clean(f));
            if (key >>> 16 == bucket) {
                low[key & 0xFFFF]++;
            }
        }
        long need = k - seen;
        int l = (1 << 16) - 1;
        for (; l > 0; l--) {
            if (low[l] >= need) {
                break;
            }
            need -= low[l];
        }
        return unkey((bucket << 16) | l);
    }

    /** An unsigned order key of a float: larger float, larger key (as unsigned int, flipped sign bit trick). */
    private static int key(float f) {
        int bits = Float.floatToRawIntBits(f == 0f ? 0f : f);
        return bits >= 0 ? bits ^ 0x80000000 : ~bits;
    }

    private static float unkey(int key) {
        int bits = key < 0 ? key ^ 0x80000000 : ~key;
        return Float.intBitsToFloat(bits);
    }
}
