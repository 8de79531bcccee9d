package io.omniiml.training.fusion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.analysers.Evidence;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.core.metrics.Confusion;
import io.omniiml.core.metrics.ImageMetricOps;
import io.omniiml.model.infer.Detection;
import io.omniiml.pipeline.ImagePipeline;
import io.omniiml.pipeline.fusion.FusionFeatureOps;
import io.omniiml.pipeline.fusion.FusionRule;
import io.omniiml.pipeline.fusion.LogisticFitOps;
import io.omniiml.pipeline.fusion.NetworkVerdictRule;
import io.omniiml.pipeline.fusion.VerdictRule;
import io.omniiml.synth.SyntheticSample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fits the image-level rule as a calibrated probability that the image was edited, and the verdict's threshold
 * (docs/verdict.md). Two disjoint sets of generated samples (never the TEST split, never the dev sets): the FIT set
 * gives a logistic regression (weights >= 0, classes weighted equally, so the probability is calibrated for equal
 * numbers of edited and untouched images) over image features of the analysis the user runs (network, evidence,
 * the fused map of the existing pixel rule); the HELD-OUT set gives the threshold at the stated false-alarm rate on
 * its authentic images, the reliability table and the expected calibration error. The pixel rule is not changed.
 */
public final class VerdictFitter {
    /** Reliability table bins: equal width over [0, 1]. */
    public static final int BINS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private VerdictFitter() {
    }

    /** One generated image: its id, task, crop size, label and every feature of {@link FusionFeatureOps#ALL_IMAGE_FEATURES}. */
    public record Row(String id, String task, int crop, boolean tampered, double[] features) {
    }

    /** One bin of the reliability table: images, mean predicted probability, observed share of edited images. */
    public record Bin(double low, double high, int count, double meanPredicted, double observed) {
    }

    /** The features of one sample, by the same code the analyzer runs on a user's image. */
    public static Row extract(ImagePipeline analyzer, SyntheticSample s, int crop) throws IOException {
        LoadedImage image = ImageLoader.DEFAULT.load(s.encoded(), s.id() + "." + s.extension());
        Detection d = analyzer.detector().detect(image);
        Map<String, Evidence> evidence = analyzer.evidence(image, new LinkedHashSet<>(FusionFeatureOps.ANALYZERS),
                new HashMap<>());
        ProbabilityMap fused = analyzer.fusionRule().fuse(d.probability(), evidence);
        return new Row(s.id(), s.task().id(), crop, !s.authentic(),
                FusionFeatureOps.imageFeatureValues(d.score(), d.probability(), fused, evidence));
    }

    /**
     * Fits the image rule on {@code fit}, reads the verdict threshold off {@code heldOut}'s authentic images and
     * returns {@code rule} with both; the provenance records the data, weights and held-out calibration. The same is
     * done over the network's own features ({@link FusionFeatureOps#NETWORK_IMAGE_FEATURES}) for the verdict of
     * analyses without fusion ({@link FusionRule#networkVerdict()}).
     */
    public static FusionRule fit(FusionRule rule, List<Row> fit, List<Row> heldOut, List<String> features,
                                 double falseAlarmRate, double oddsFactor, double l2, ObjectNode data) {
        Calibrated fused = calibrate(fit, heldOut, features, falseAlarmRate, oddsFactor, l2, data);
        Calibrated network = calibrate(fit, heldOut, FusionFeatureOps.NETWORK_IMAGE_FEATURES, falseAlarmRate, oddsFactor,
                l2, data);
        return rule.withVerdict(features, fused.fit().weights(), fused.fit().bias(), fused.verdict())
                .withNetworkVerdict(new NetworkVerdictRule(network.fit().weights(), network.fit().bias(), network.verdict()));
    }

    /** A fitted image rule over some features and the verdict read on its probability. */
    private record Calibrated(List<String> features, LogisticFitOps.Fit fit, VerdictRule verdict) {
        double probability(Row r) {
            return LogisticFitOps.probability(fit.weights(), fit.bias(), FusionFeatureOps.select(r.features(), features));
        }

        double[] probabilities(List<Row> rows) {
            return rows.stream().mapToDouble(this::probability).toArray();
        }
    }

    private static Calibrated calibrate(List<Row> fit, List<Row> heldOut, List<String> features, double falseAlarmRate,
                                        double oddsFactor, double l2, ObjectNode data) {
        LogisticFitOps.Fit f = fitImageRule(fit, features, l2);
        Calibrated unthresholded = new Calibrated(features, f, null);
        double[] fitP = unthresholded.probabilities(fit);
        double[] heldP = unthresholded.probabilities(heldOut);
        double[] authentic = scoresOf(heldOut, heldP, false);
        double threshold = VerdictRule.thresholdForFalseAlarmRate(authentic, falseAlarmRate);

        ObjectNode p = JSON.createObjectNode();
        p.put("fitted_at", java.time.Instant.now().toString());
        p.put("method", "logistic regression (Newton, weights >= 0, classes weighted equally, L2 " + l2
                + ") over the image features " + features + " on the fit set; threshold: the least held-out authentic score "
                + "with at most " + falseAlarmRate + " of the held-out authentic images above it; uncertain band: odds within x"
                + oddsFactor + " of the threshold's odds");
        p.set("data", data.deepCopy());
        ObjectNode counts = p.putObject("counts");
        counts.put("fit_edited", fit.stream().filter(Row::tampered).count());
        counts.put("fit_authentic", fit.stream().filter(r -> !r.tampered()).count());
        counts.put("held_out_edited", heldOut.stream().filter(Row::tampered).count());
        counts.put("held_out_authentic", authentic.length);
        ObjectNode m = p.putObject("metrics");
        m.put("fit_weighted_log_loss", f.logLoss());
        m.put("fit_auc", ImageMetricOps.auc(labels(fit), fitP));
        m.put("held_out_auc", ImageMetricOps.auc(labels(heldOut), heldP));
        Confusion c = ImageMetricOps.confusion(labels(heldOut), heldP, threshold);
        m.put("held_out_false_alarm_rate", (double) c.fp() / (c.fp() + c.tn()));
        m.put("held_out_detection_rate", c.recall());
        m.put("held_out_balanced_accuracy", ImageMetricOps.balancedAccuracy(c));
        List<Bin> bins = reliability(labels(heldOut), heldP, BINS);
        m.put("held_out_ece", expectedCalibrationError(bins));
        ArrayNode table = m.putArray("held_out_reliability");
        for (Bin b : bins) {
            ObjectNode o = table.addObject();
            o.put("bin", String.format(Locale.ROOT, "[%.1f, %.1f%s", b.low(), b.high(), b.high() >= 1 ? "]" : ")"));
            o.put("count", b.count());
            if (b.count() > 0) {
                o.put("mean_predicted", b.meanPredicted());
                o.put("observed_edited", b.observed());
            }
        }
        ObjectNode perTask = m.putObject("held_out_auc_by_task");
        for (String task : heldOut.stream().map(Row::task).distinct().sorted().toList()) {
            List<Row> rows = heldOut.stream().filter(r -> r.task().equals(task)).toList();
            perTask.put(task, ImageMetricOps.auc(labels(rows), unthresholded.probabilities(rows)));
        }
        return new Calibrated(features, f, new VerdictRule(threshold, oddsFactor, falseAlarmRate, p));
    }

    static LogisticFitOps.Fit fitImageRule(List<Row> rows, List<String> features, double l2) {
        int n = rows.size();
        long edited = rows.stream().filter(Row::tampered).count();
        if (edited == 0 || edited == n) {
            throw new IllegalStateException("the fit set needs both edited and authentic images, got " + edited + " of " + n
                    + " edited: raise --count or --authentic-fraction");
        }
        double[][] x = new double[n][];
        boolean[] y = new boolean[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            x[i] = FusionFeatureOps.select(r.features(), features);
            y[i] = r.tampered();
            w[i] = r.tampered() ? 0.5 * n / edited : 0.5 * n / (n - edited);
        }
        return LogisticFitOps.fitNonNegative(x, y, w, l2, 100);
    }

    private static boolean[] labels(List<Row> rows) {
        boolean[] y = new boolean[rows.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = rows.get(i).tampered();
        }
        return y;
    }

    private static double[] scoresOf(List<Row> rows, double[] p, boolean tampered) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            if (rows.get(i).tampered() == tampered) {
                out.add(p[i]);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Equal-width bins over [0, 1] (the last one closed): per bin the count, mean probability and share edited. */
    public static List<Bin> reliability(boolean[] edited, double[] probability, int bins) {
        int[] count = new int[bins];
        double[] sumP = new double[bins];
        int[] positives = new int[bins];
        for (int i = 0; i < probability.length; i++) {
            int b = Math.min(bins - 1, (int) Math.floor(probability[i] * bins));
            count[b]++;
            sumP[b] += probability[i];
            positives[b] += edited[i] ? 1 : 0;
        }
        List<Bin> out = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            out.add(new Bin((double) b / bins, (double) (b + 1) / bins, count[b],
                    count[b] == 0 ? Double.NaN : sumP[b] / count[b], count[b] == 0 ? Double.NaN : (double) positives[b] / count[b]));
        }
        return out;
    }

    /** Sum over bins of (images in bin / images) x |mean predicted - observed|. */
    public static double expectedCalibrationError(List<Bin> bins) {
        int total = bins.stream().mapToInt(Bin::count).sum();
        double ece = 0;
        for (Bin b : bins) {
            if (b.count() > 0) {
                ece += (double) b.count() / total * Math.abs(b.meanPredicted() - b.observed());
            }
        }
        return ece;
    }

    /** The rows as CSV: id, task, crop, tampered, then every feature of {@link FusionFeatureOps#ALL_IMAGE_FEATURES}. */
    public static void writeCsv(Path file, List<Row> rows) throws IOException {
        StringBuilder sb = new StringBuilder("id,task,crop,tampered," + String.join(",", FusionFeatureOps.ALL_IMAGE_FEATURES) + "\n");
        for (Row r : rows) {
            sb.append(r.id()).append(',').append(r.task()).append(',').append(r.crop()).append(',').append(r.tampered() ? 1 : 0);
            for (double v : r.features()) {
                sb.append(',').append(v);
            }
            sb.append('\n');
        }
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    /** Rows of a CSV written by {@link #writeCsv}, by id; empty when its columns are not this version's. */
    public static Map<String, Row> readCsv(Path file) throws IOException {
        Map<String, Row> out = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals("id,task,crop,tampered," + String.join(",", FusionFeatureOps.ALL_IMAGE_FEATURES))) {
            return out;
        }
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double[] values = new double[f.length - 4];
            for (int i = 0; i < values.length; i++) {
                values[i] = Double.parseDouble(f[i + 4]);
            }
            out.put(f[0], new Row(f[0], f[1], Integer.parseInt(f[2]), "1".equals(f[3]), values));
        }
        return out;
    }
}
