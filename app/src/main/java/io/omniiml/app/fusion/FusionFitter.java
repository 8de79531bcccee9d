package io.omniiml.app.fusion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.core.metrics.Confusion;
import io.omniiml.core.metrics.ImageMetricOps;
import io.omniiml.explain.evidence.Analyzers;
import io.omniiml.explain.evidence.CopyMoveAnalyzer;
import io.omniiml.explain.evidence.Evidence;
import io.omniiml.explain.evidence.EvidenceAnalyzer;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.infer.Detection;
import io.omniiml.model.infer.OmniImlDetector;
import io.omniiml.synth.SampleGenerator;
import io.omniiml.synth.SyntheticSample;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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
 *   <li>Calibration for the mask: the bias is shifted (grid -6..6, step 0.25) to maximize the mean per-image F1 at
 *   0.5 over the tampered samples: the IMDL-BenCo protocol thresholds at 0.5, so that is where the rule must be right.</li>
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

    private final OmniImlDetector detector;
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
            m.put(name, "copymove".equals(name) && b.copyMove != null ? b.copyMove : Analyzers.byName(name));
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

        double bestShift = 0;
        double bestF1 = -1;
        for (double shift = -6; shift <= 6 + 1e-9; shift += 0.25) {
            double f1 = meanF1(samples, pixel.weights(), pixel.bias() + shift);
            if (f1 > bestF1 + 1e-12 || (Math.abs(f1 - bestF1) <= 1e-12 && Math.abs(shift) < Math.abs(bestShift))) {
                bestF1 = f1;
                bestShift = shift;
            }
        }
        double pixelBias = pixel.bias() + bestShift;
        FusionRule pixelOnly = FusionRule.logistic(pixel.weights(), pixelBias, new double[FusionFeatureOps.IMAGE_FEATURES.size()], 0,
                JSON.createObjectNode());

        int n = samples.size();
        double[][] ix = new double[n][];
        boolean[] iy = new boolean[n];
        long tampered = samples.stream().filter(SampleFeatures::tampered).count();
        double[] iw = new double[n];
        for (int i = 0; i < n; i++) {
            SampleFeatures s = samples.get(i);
            ProbabilityMap net = new ProbabilityMap(s.labels().length, 1, sigmoidOf(s.columns()[0]));
            ProbabilityMap fused = pixelOnly.fuse(net, s.columns());
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
        metrics.put("calibration_bias_shift", bestShift);
        metrics.put("fit_mean_pixel_f1_fused", bestF1);
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
                double z = image.bias();
                for (int f = 0; f < ix[i].length; f++) {
                    z += image.weights()[f] * ix[i][f];
                }
                fusedScores[i] = LogisticFitOps.sigmoid(z);
                netScores[i] = samples.get(i).networkScore();
            }
            metrics.put("fit_image_auc_fused", ImageMetricOps.auc(labels, fusedScores));
            metrics.put("fit_image_auc_network", ImageMetricOps.auc(labels, netScores));
        } else {
            metrics.put("image_rule", "one class only in the fit samples: image score = sigmoid(logit(network score))");
        }
        return FusionRule.logistic(pixel.weights(), pixelBias, image.weights(), image.bias(), provenance);
    }

    private static float[] sigmoidOf(float[] logits) {
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) LogisticFitOps.sigmoid(logits[i]);
        }
        return p;
    }

    /** Mean per-image F1 at 0.5 (strict) of the pixel rule over the tampered samples' sub-grids. */
    static double meanF1(List<SampleFeatures> samples, double[] weights, double bias) {
        double sum = 0;
        int n = 0;
        for (SampleFeatures s : samples) {
            if (!s.tampered()) {
                continue;
            }
            long tp = 0, fp = 0, fn = 0;
            float[] copy = s.columns()[1];
            for (int i = 0; i < s.labels().length; i++) {
                double z = bias;
                for (int f = 0; f < weights.length; f++) {
                    z += weights[f] * s.columns()[f][i];
                }
                // the clone guard of FusionRule: at least the network inside a verified clone
                boolean positive = z > 0 || (copy[i] > 0.5 && s.columns()[0][i] > 0);
                if (positive && s.labels()[i]) {
                    tp++;
                } else if (positive) {
                    fp++;
                } else if (s.labels()[i]) {
                    fn++;
                }
            }
            sum += new Confusion(tp, fp, fn, 0).f1();
            n++;
        }
        return n == 0 ? 0 : sum / n;
    }

    static double meanF1Network(List<SampleFeatures> samples) {
        double sum = 0;
        int n = 0;
        for (SampleFeatures s : samples) {
            if (!s.tampered()) {
                continue;
            }
            long tp = 0, fp = 0, fn = 0;
            for (int i = 0; i < s.labels().length; i++) {
                boolean positive = s.columns()[0][i] > 0;
                if (positive && s.labels()[i]) {
                    tp++;
                } else if (positive) {
                    fp++;
                } else if (s.labels()[i]) {
                    fn++;
                }
            }
            sum += new Confusion(tp, fp, fn, 0).f1();
            n++;
        }
        return n == 0 ? 0 : sum / n;
    }

    private ObjectNode provenance(List<SampleFeatures> samples) {
        ObjectNode p = JSON.createObjectNode();
        p.put("fitted_at", Instant.now().toString());
        p.put("method", "logistic regression (Newton, class-balanced, weights >= 0, L2 " + l2 + ") on a regular pixel sub-grid; "
                + "bias shifted for the best mean pixel F1 at 0.5; image rule: logistic regression");
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
        private OmniImlDetector detector;
        private SampleGenerator generator;
        private int count = 60;
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

        public Builder setDetector(OmniImlDetector detector) {
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
