package io.omniiml.training.fusion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.analysers.CopyMoveAnalyzer;
import io.omniiml.analysers.Evidence;
import io.omniiml.analysers.EvidenceAnalyzer;
import io.omniiml.analysers.EvidenceAnalyzers;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.core.metrics.ImageMetricOps;
import io.omniiml.core.metrics.PixelMetricOps;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.infer.Detection;
import io.omniiml.model.infer.NetworkDetector;
import io.omniiml.pipeline.fusion.FusionFeatureOps;
import io.omniiml.pipeline.fusion.FusionRule;
import io.omniiml.pipeline.fusion.LogisticFitOps;
import io.omniiml.synth.SampleGenerator;
import io.omniiml.synth.SyntheticSample;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

/**
 * Fits a {@link FusionRule} on generated samples (the tampering engine, TRAIN or VAL split: never on the dev
 * sets the rule is measured on). Per sample: the network's map and score and the fusion analysers' maps; a
 * regular sub-grid of pixels (at most {@code gridPixels} per image) with the engine's exact mask as labels.
 * Every weight is constrained to be >= 0 ({@link LogisticFitOps#fitNonNegative}): more evidence from any source
 * never lowers the fused probability or score, so a source that looks anti-correlated on the fit data (noise,
 * or an untrained network) is switched off instead of being used backwards.
 * <ol>
 *   <li>Pixel rule: logistic regression over {@link FusionFeatureOps#PIXEL_FEATURES}, classes weighted to equal
 *   total weight (tampered pixels are a few percent), L2 {@code l2}.</li>
 *   <li>Rule and calibration for the mask: candidates are the logistic rule alone, its union with the network's map,
 *   and its union with the network's and copy-move's maps (copy-move only for clones with at least 0..50 inliers);
 *   each with the bias shifted (grid -6..6, step 0.25, and -30: logistic term off). The IMDL-BenCo protocol
 *   thresholds at 0.5, so F1 at 0.5 decides: the winner is, on the fit samples, at least as good as the best
 *   single source (network, copy-move, ELA or noise alone) on every task and has the best mean per-image F1 among
 *   those that are; when none is, the one with the smallest worst shortfall ({@link Calibrated}).</li>
 *   <li>Image rule: logistic regression over {@link FusionFeatureOps#IMAGE_FEATURES} on all samples (authentic
 *   ones included), classes weighted equally, L2 {@code 10 * l2}.</li>
 * </ol>
 * Deterministic: the samples are a pure function of the generator's seed, the network is deterministic, and the
 * sub-grid is regular.
 */
public final class FusionFitter {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A found clone is a true one when this share of one side lies in the true mask. */
    static final double TRUE_CLONE_SHARE = 0.3;

    private final NetworkDetector detector;
    private final SampleGenerator generator;
    private final int count;
    private final long start;
    private final int gridPixels;
    private final double l2;
    private final Map<String, EvidenceAnalyzer> analyzers;
    private final Consumer<String> progress;
    private final String mix;

    private FusionFitter(Builder b) {
        mix = b.mix;
        detector = b.detector;
        generator = b.generator;
        count = b.count;
        start = b.start;
        gridPixels = b.gridPixels;
        l2 = b.l2;
        Map<String, EvidenceAnalyzer> m = new LinkedHashMap<>();
        for (String name : FusionFeatureOps.ANALYZERS) {
            m.put(name, "copymove".equals(name) && b.copyMove != null ? b.copyMove : EvidenceAnalyzers.byName(name));
        }
        analyzers = m;
        progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One sample's sub-grid: feature rows, labels, network score, clones, label of the image. */
    record SampleFeatures(String id, String task, float[][] columns, boolean[] labels, double networkScore, boolean cloneFound,
                          boolean tampered) {
    }

    /** Runs the network and the analysers over the samples and fits the rule. */
    public FusionRule fit() throws IOException {
        List<SampleFeatures> samples = new ArrayList<>();
        long t0 = System.nanoTime();
        for (long i = start; i < start + count; i++) {
            SyntheticSample s = generator.generate(i);
            samples.add(features(s));
            if (progress != null) {
                progress.accept(String.format(java.util.Locale.ROOT, "sample %d/%d %s (%s%s), %.1f s", i - start + 1, count,
                        s.id(), s.task().id(), s.authentic() ? ", authentic" : "", (System.nanoTime() - t0) / 1e9));
            }
        }
        return fitFeatures(samples, provenance(samples), l2);
    }

    SampleFeatures features(SyntheticSample s) throws IOException {
        LoadedImage image = ImageLoader.DEFAULT.load(s.encoded(), s.id() + "." + s.extension());
        Detection d = detector.detect(image);
        Map<String, Evidence> evidence = new LinkedHashMap<>();
        analyzers.forEach((name, a) -> evidence.put(name, a.analyze(image)));
        float[][] full = FusionFeatureOps.pixelColumns(d.probability(), evidence);
        int w = image.width();
        int h = image.height();
        Mask mask = s.mask();
        if (mask.width() != w || mask.height() != h) {
            throw new IllegalStateException(s.id() + ": mask " + mask.width() + "x" + mask.height() + " but image " + w + "x" + h);
        }
        int stride = Math.max(1, (int) Math.ceil(Math.sqrt((double) w * h / gridPixels)));
        int gw = (w + stride - 1) / stride;
        int gh = (h + stride - 1) / stride;
        float[][] cols = new float[full.length][gw * gh];
        boolean[] labels = new boolean[gw * gh];
        for (int gy = 0; gy < gh; gy++) {
            for (int gx = 0; gx < gw; gx++) {
                int src = gy * stride * w + gx * stride;
                int dst = gy * gw + gx;
                for (int f = 0; f < full.length; f++) {
                    cols[f][dst] = full[f][src];
                }
                labels[dst] = mask.data()[src] != 0;
            }
        }
        List<CopyMoveAnalyzer.Clone> clones = CopyMoveAnalyzer.clones(evidence.get("copymove"));
        bothCopiesConvention(clones, full[1], mask, w, stride, gw, gh, labels);
        return new SampleFeatures(s.id(), s.task().id(), cols, labels, d.score(), !clones.isEmpty(), !s.authentic());
    }

    /**
     * The engine's mask marks only the pasted copy of a copy-move; the copy-move benchmarks (CVIP, NoSo, CASIA) and
     * the matcher mark both copies. So that the fit learns the convention it is measured under, a found clone
     * with at least {@value #TRUE_CLONE_SHARE} of one side's verified pixels inside the true mask is a true clone, and
     * both of its sides' verified pixels are labelled tampered. Clones found elsewhere stay negatives.
     */
    static void bothCopiesConvention(List<CopyMoveAnalyzer.Clone> clones, float[] copyMove, Mask mask, int w, int stride,
                                     int gw, int gh, boolean[] labels) {
        for (CopyMoveAnalyzer.Clone c : clones) {
            if (Math.max(shareInMask(c.source(), copyMove, mask, w), shareInMask(c.destination(), copyMove, mask, w)) < TRUE_CLONE_SHARE) {
                continue;
            }
            for (io.omniiml.core.mask.Box b : List.of(c.source(), c.destination())) {
                for (int gy = 0; gy < gh; gy++) {
                    for (int gx = 0; gx < gw; gx++) {
                        int x = gx * stride;
                        int y = gy * stride;
                        if (x >= b.x() && x < b.x() + b.width() && y >= b.y() && y < b.y() + b.height()
                                && copyMove[y * w + x] > 0.5f) {
                            labels[gy * gw + gx] = true;
                        }
                    }
                }
            }
        }
    }

    /** Share of the verified (score > 0.5) pixels of {@code box} that the true mask marks; 0 when none. */
    private static double shareInMask(io.omniiml.core.mask.Box box, float[] copyMove, Mask mask, int w) {
        long verified = 0;
        long inMask = 0;
        int h = mask.height();
        for (int y = Math.max(0, box.y()); y < Math.min(h, box.y() + box.height()); y++) {
            for (int x = Math.max(0, box.x()); x < Math.min(w, box.x() + box.width()); x++) {
                if (copyMove[y * w + x] > 0.5f) {
                    verified++;
                    inMask += mask.data()[y * w + x] != 0 ? 1 : 0;
                }
            }
        }
        return verified == 0 ? 0 : (double) inMask / verified;
    }

    /** The three fitting steps over extracted features; fit metrics go into {@code provenance}. */
    static FusionRule fitFeatures(List<SampleFeatures> samples, ObjectNode provenance, double l2) {
        int rows = 0;
        long positives = 0;
        for (SampleFeatures s : samples) {
            rows += s.labels().length;
            for (boolean b : s.labels()) {
                positives += b ? 1 : 0;
            }
        }
        if (positives == 0 || positives == rows) {
            throw new IllegalStateException("the " + samples.size() + " samples have " + (positives == 0 ? "no tampered" : "only tampered")
                    + " pixels: generate more samples (--count) so that both classes occur");
        }
        int d = FusionFeatureOps.PIXEL_FEATURES.size();
        double[][] x = new double[rows][];
        boolean[] y = new boolean[rows];
        double[] w = new double[rows];
        double wPos = 0.5 * rows / positives;
        double wNeg = 0.5 * rows / (rows - positives);
        int r = 0;
        for (SampleFeatures s : samples) {
            for (int i = 0; i < s.labels().length; i++, r++) {
                double[] row = new double[d];
                for (int f = 0; f < d; f++) {
                    row[f] = s.columns()[f][i];
                }
                x[r] = row;
                y[r] = s.labels()[i];
                w[r] = y[r] ? wPos : wNeg;
            }
        }
        LogisticFitOps.Fit pixel = LogisticFitOps.fitNonNegative(x, y, w, l2, 50);

        // the acceptance rule, applied to the fit data: per task at least as good as the best single source
        Map<String, Double> bestSingle = bestSingleSourceF1ByTask(samples);
        ObjectNode candidates = JSON.createObjectNode();
        Calibrated best = null;
        for (FusionRule candidate : candidates(pixel)) {
            Calibrated candidateBest = null;
            for (double shift : SHIFTS) {
                FusionRule shifted = candidate.withPixelBias(pixel.bias() + shift);
                Calibrated c = new Calibrated(shifted, shift, meanF1ByTask(samples, fusedMap(shifted)), bestSingle);
                if (candidateBest == null || c.betterThan(candidateBest)) {
                    candidateBest = c;
                }
            }
            ObjectNode c = candidates.putObject(describe(candidate));
            c.put("calibration_bias_shift", candidateBest.shift());
            c.put("fit_mean_pixel_f1", candidateBest.meanF1());
            c.put("worst_task_shortfall", candidateBest.shortfall());
            candidateBest.f1ByTask().forEach((task, f1) -> c.put("f1_" + task, f1));
            if (best == null || candidateBest.betterThan(best)) {
                best = candidateBest;
            }
        }
        FusionRule chosen = best.rule();

        int n = samples.size();
        double[][] ix = new double[n][];
        boolean[] iy = new boolean[n];
        long tampered = samples.stream().filter(SampleFeatures::tampered).count();
        double[] iw = new double[n];
        for (int i = 0; i < n; i++) {
            SampleFeatures s = samples.get(i);
            ProbabilityMap fused = fusedMap(chosen).apply(s);
            ix[i] = new double[]{LogisticFitOps.logit(s.networkScore()), LogisticFitOps.logit(FusionFeatureOps.topMean(fused)),
                    s.cloneFound() ? 1 : 0};
            iy[i] = s.tampered();
            iw[i] = s.tampered() ? 0.5 * n / Math.max(1, tampered) : 0.5 * n / Math.max(1, n - tampered);
        }
        LogisticFitOps.Fit image = tampered == 0 || tampered == n
                ? new LogisticFitOps.Fit(new double[]{1, 0, 0}, 0, Double.NaN, 0, false) // one class only: the network's score
                : LogisticFitOps.fitNonNegative(ix, iy, iw, 10 * l2, 50);

        ObjectNode metrics = provenance.putObject("fit_metrics");
        metrics.put("pixel_rows", rows);
        metrics.put("pixel_positive_rows", positives);
        metrics.put("pixel_weighted_log_loss", pixel.logLoss());
        metrics.put("pixel_newton_steps", pixel.iterations());
        metrics.put("pixel_converged", pixel.converged());
        metrics.put("kind", describe(chosen));
        metrics.put("calibration_bias_shift", best.shift());
        metrics.put("fit_mean_pixel_f1_fused", best.meanF1());
        ObjectNode single = metrics.putObject("best_single_source_f1_by_task");
        bestSingle.forEach(single::put);
        metrics.set("pixel_rule_candidates", candidates);
        metrics.put("fit_mean_pixel_f1_network", meanF1Network(samples));
        metrics.put("images", n);
        metrics.put("images_with_clone_found", samples.stream().filter(SampleFeatures::cloneFound).count());
        long copyPixels = 0;
        long copyTampered = 0;
        for (SampleFeatures s : samples) {
            for (int i = 0; i < s.labels().length; i++) {
                if (s.columns()[1][i] > 0.5f) {
                    copyPixels++;
                    copyTampered += s.labels()[i] ? 1 : 0;
                }
            }
        }
        metrics.put("copymove_pixels", copyPixels);
        metrics.put("copymove_pixel_precision", copyPixels == 0 ? Double.NaN : (double) copyTampered / copyPixels);
        metrics.put("tampered_images", tampered);
        if (tampered > 0 && tampered < n) {
            metrics.put("image_weighted_log_loss", image.logLoss());
            boolean[] labels = new boolean[n];
            double[] fusedScores = new double[n];
            double[] netScores = new double[n];
            for (int i = 0; i < n; i++) {
                labels[i] = iy[i];
                fusedScores[i] = LogisticFitOps.probability(image.weights(), image.bias(), ix[i]);
                netScores[i] = samples.get(i).networkScore();
            }
            metrics.put("fit_image_auc_fused", ImageMetricOps.auc(labels, fusedScores));
            metrics.put("fit_image_auc_network", ImageMetricOps.auc(labels, netScores));
        } else {
            metrics.put("image_rule", "one class only in the fit samples: image score = sigmoid(logit(network score))");
        }
        return chosen.withImageRule(image.weights(), image.bias(), provenance);
    }

    /**
     * Bias shifts tried by the calibration: -6..6 in steps of 0.25, and -30, which switches the logistic term of a
     * union rule off (the union then reduces to its direct sources).
     */
    private static final double[] SHIFTS = DoubleStream.concat(DoubleStream.of(-30),
            IntStream.rangeClosed(-24, 24).mapToDouble(i -> i * 0.25)).toArray();

    /**
     * The pixel rules the fit chooses among ({@link Calibrated} order): the logistic rule alone, its union with the
     * network's map, and its union with the network's and the copy-move matcher's maps.
     */
    private static List<FusionRule> candidates(LogisticFitOps.Fit pixel) {
        double[] noImage = new double[FusionFeatureOps.IMAGE_FEATURES.size()];
        List<FusionRule> c = new ArrayList<>();
        c.add(FusionRule.logistic(pixel.weights(), pixel.bias(), noImage, 0, JSON.createObjectNode()));
        c.add(FusionRule.union(List.of("network"), 0, pixel.weights(), pixel.bias(), noImage, 0, JSON.createObjectNode()));
        for (int minInliers : MIN_INLIERS) {
            c.add(FusionRule.union(FusionRule.DIRECT_SOURCES, minInliers, pixel.weights(), pixel.bias(), noImage, 0,
                    JSON.createObjectNode()));
        }
        return c;
    }

    /**
     * Least inlier counts tried for copy-move's direct entry: repeated glyphs in documents give weak false clones
     * (6-19 inliers measured on generated documents), so the fit decides how much support a clone needs.
     */
    private static final int[] MIN_INLIERS = {0, 10, 15, 20, 30, 50};

    private static String describe(FusionRule rule) {
        if (!FusionRule.UNION.equals(rule.kind())) {
            return rule.kind();
        }
        return "union" + rule.direct() + (rule.copyMoveMinInliers() > 0 ? " copymove>=" + rule.copyMoveMinInliers() + " inliers" : "");
    }

    private static float[] sigmoidOf(float[] logits) {
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) LogisticFitOps.sigmoid(logits[i]);
        }
        return p;
    }

    /** Key of the mean over all tampered samples in {@link #meanF1ByTask}. */
    static final String ALL = "all";

    /**
     * Mean F1 differences below this count as ties: they are below what ~100 fit samples resolve (the first fit
     * of the trained model chose a 50-inlier bar over 15 on a 4e-6 difference, a few pixels of one sample).
     */
    static final double F1_TIE = 1e-3;

    /**
     * A calibrated candidate. Order: a candidate no worse than the best single source on every task (shortfall 0)
     * beats one that is worse somewhere; among those that qualify, the higher mean F1 wins; among those that do
     * not, the smaller worst shortfall, then the higher mean F1. Ties ({@link #F1_TIE}) keep the smaller shift,
     * and across candidates the earlier one, which keeps more evidence (a lower inlier bar).
     */
    record Calibrated(FusionRule rule, double shift, Map<String, Double> f1ByTask, double shortfall) {
        Calibrated(FusionRule rule, double shift, Map<String, Double> f1ByTask, Map<String, Double> bestSingle) {
            this(rule, shift, f1ByTask, shortfall(f1ByTask, bestSingle));
        }

        double meanF1() {
            return f1ByTask.get(ALL);
        }

        boolean betterThan(Calibrated o) {
            boolean ok = shortfall <= 1e-12;
            boolean otherOk = o.shortfall <= 1e-12;
            if (ok != otherOk) {
                return ok;
            }
            if (!ok && Math.abs(shortfall - o.shortfall) > 1e-12) {
                return shortfall < o.shortfall;
            }
            if (Math.abs(meanF1() - o.meanF1()) > F1_TIE) {
                return meanF1() > o.meanF1();
            }
            return Math.abs(shift) < Math.abs(o.shift);
        }

        private static double shortfall(Map<String, Double> f1, Map<String, Double> bestSingle) {
            double worst = 0;
            for (Map.Entry<String, Double> e : bestSingle.entrySet()) {
                if (!ALL.equals(e.getKey())) {
                    worst = Math.max(worst, e.getValue() - f1.getOrDefault(e.getKey(), 0.0));
                }
            }
            return worst;
        }
    }

    /** Per task, the best mean F1 of one source alone at 0.5: the network, copy-move, ELA or noise. */
    static Map<String, Double> bestSingleSourceF1ByTask(List<SampleFeatures> samples) {
        Map<String, Double> best = new TreeMap<>();
        for (int f = 0; f < FusionFeatureOps.PIXEL_FEATURES.size(); f++) {
            int feature = f;
            meanF1ByTask(samples, s -> feature == 0 ? networkMap(s) : new ProbabilityMap(s.labels().length, 1, s.columns()[feature]))
                    .forEach((task, f1) -> best.merge(task, f1, Math::max));
        }
        return best;
    }

    /** The network's map on a sample's sub-grid (column 0 holds its logit). */
    private static ProbabilityMap networkMap(SampleFeatures s) {
        return new ProbabilityMap(s.labels().length, 1, sigmoidOf(s.columns()[0]));
    }

    /** A rule's fused map on a sample's sub-grid. */
    static Function<SampleFeatures, ProbabilityMap> fusedMap(FusionRule rule) {
        return s -> rule.fuse(networkMap(s), s.columns());
    }

    /**
     * Mean per-image pixel F1 at 0.5 (strict, IMDL-BenCo: {@link PixelMetricOps#confusion}) of the maps over the
     * tampered samples, per task and over {@link #ALL}.
     */
    static Map<String, Double> meanF1ByTask(List<SampleFeatures> samples, Function<SampleFeatures, ProbabilityMap> map) {
        Map<String, double[]> sums = new TreeMap<>();
        for (SampleFeatures s : samples) {
            if (!s.tampered()) {
                continue;
            }
            byte[] truth = new byte[s.labels().length];
            for (int i = 0; i < truth.length; i++) {
                truth[i] = (byte) (s.labels()[i] ? 1 : 0);
            }
            double f1 = PixelMetricOps.confusion(new Mask(truth.length, 1, truth), map.apply(s), 0.5, null).f1();
            for (String key : List.of(ALL, s.task())) {
                double[] sum = sums.computeIfAbsent(key, k -> new double[2]);
                sum[0] += f1;
                sum[1]++;
            }
        }
        Map<String, Double> out = new TreeMap<>();
        sums.forEach((k, v) -> out.put(k, v[0] / v[1]));
        out.putIfAbsent(ALL, 0.0);
        return out;
    }

    /** Mean per-image F1 at 0.5 (strict) of the pixel rule over the tampered samples' sub-grids. */
    static double meanF1(List<SampleFeatures> samples, FusionRule rule) {
        return meanF1ByTask(samples, fusedMap(rule)).get(ALL);
    }

    static double meanF1Network(List<SampleFeatures> samples) {
        return meanF1ByTask(samples, FusionFitter::networkMap).get(ALL);
    }

    private ObjectNode provenance(List<SampleFeatures> samples) {
        ObjectNode p = JSON.createObjectNode();
        p.put("fitted_at", Instant.now().toString());
        p.put("method", "logistic regression (Newton, class-balanced, weights >= 0, L2 " + l2 + ") on a regular pixel sub-grid; "
                + "rule chosen among logistic / union[network] / union[network, copymove >= 0..50 inliers] with the bias "
                + "shifted (-6..6 step 0.25, or the logistic term off): no worse than the best single source on any "
                + "task of the fit samples, then the best mean pixel F1 at 0.5; image rule: logistic regression");
        ObjectNode data = p.putObject("data");
        data.put("generator", SampleGenerator.GENERATOR_VERSION);
        data.put("split", generator.split().id());
        data.put("seed", generator.seed());
        data.put("start_index", start);
        if (mix != null) {
            data.put("task_ratios", mix);
        }
        data.put("count", count);
        data.put("crop_size", generator.cropSize());
        data.put("grid_pixels_per_image", gridPixels);
        ObjectNode tasks = data.putObject("tasks");
        for (SampleFeatures s : samples) {
            tasks.put(s.task(), tasks.path(s.task()).asInt(0) + 1);
        }
        data.put("authentic", samples.stream().filter(s -> !s.tampered()).count());
        ArrayNode ids = data.putArray("sample_ids");
        samples.forEach(s -> ids.add(s.id()));
        OmniImlModel model = detector.model();
        ObjectNode m = p.putObject("model");
        m.put("origin", model.origin());
        m.put("config", model.config().name());
        m.put("trained", model.isTrained());
        m.set("provenance", model.provenance().deepCopy());
        return p;
    }

    /** Builder: set = required, opt = optional. */
    public static final class Builder {
        private NetworkDetector detector;
        private SampleGenerator generator;
        private int count = 120;
        private long start;
        private int gridPixels = 16384;
        private double l2 = 1e-3;
        private CopyMoveAnalyzer copyMove;
        private Consumer<String> progress;
        private String mix;

        /** The generator's task mix in words, for the provenance (the generator does not expose it). */
        public Builder optTaskRatios(String mix) {
            this.mix = mix;
            return this;
        }

        public Builder setDetector(NetworkDetector detector) {
            this.detector = detector;
            return this;
        }

        /** The samples (use Split.TRAIN or Split.VAL: the test split and the dev sets are for measuring). */
        public Builder setGenerator(SampleGenerator generator) {
            this.generator = generator;
            return this;
        }

        /** Number of samples (default 60). */
        public Builder optCount(int count) {
            this.count = count;
            return this;
        }

        /** First sample index (default 0). */
        public Builder optStart(long start) {
            this.start = start;
            return this;
        }

        /** Pixels kept per image on a regular sub-grid (default 16384). */
        public Builder optGridPixels(int gridPixels) {
            this.gridPixels = gridPixels;
            return this;
        }

        /** L2 penalty on the pixel weights; the image rule gets 10x (default 1e-3). */
        public Builder optL2(double l2) {
            this.l2 = l2;
            return this;
        }

        /** The copy-move matcher (default: the explain module's defaults, as the analyzer uses). */
        public Builder optCopyMove(CopyMoveAnalyzer copyMove) {
            this.copyMove = copyMove;
            return this;
        }

        /** Receives one line per sample. */
        public Builder optProgress(Consumer<String> progress) {
            this.progress = progress;
            return this;
        }

        public FusionFitter build() {
            if (detector == null || generator == null) {
                throw new IllegalStateException("FusionFitter needs setDetector(...) and setGenerator(...)");
            }
            if (generator.split() == io.omniiml.synth.Split.TEST) {
                throw new IllegalArgumentException("the fusion rule must not be fitted on the TEST split (it is measured there): use TRAIN or VAL");
            }
            if (count < 1 || gridPixels < 1 || !(l2 >= 0)) {
                throw new IllegalArgumentException("count and grid pixels must be positive and l2 >= 0");
            }
            return new FusionFitter(this);
        }
    }
}
