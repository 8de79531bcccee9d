package io.omniiml.core.metrics;

import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.core.mask.ProbabilityMapOps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulates predictions image by image and reports every protocol (see {@link Protocols}).
 * Pixel metrics are computed per image over tampered images only (an authentic image has no pixel F1);
 * image-level metrics pool all images. The image score is the given score, else the maximum of the map.
 * A map of another size than its mask is resized to the mask (bilinear) and a warning is recorded.
 */
public final class Evaluator {
    private final Map<String, List<Double>> perImage = new LinkedHashMap<>();
    private final List<Boolean> labels = new ArrayList<>();
    private final List<Double> scores = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<Boolean> verdictLabels = new ArrayList<>();
    private final List<ImageVerdict> verdicts = new ArrayList<>();
    private int tampered;

    /**
     * @param id    image id, for warnings
     * @param gt    the ground-truth mask, or null for an authentic image (a mask without any tampered pixel
     *              counts as authentic too)
     * @param pred  the predicted map, or null when only an image score was given
     * @param score the image-level score, or null to use the maximum of {@code pred}
     */
    public void add(String id, Mask gt, ProbabilityMap pred, Double score) {
        add(id, gt, pred, score, null);
    }

    /** As {@link #add(String, Mask, ProbabilityMap, Double)}, with the image's verdict when the prediction states one. */
    public void add(String id, Mask gt, ProbabilityMap pred, Double score, ImageVerdict verdict) {
        if (pred == null && score == null) {
            throw new IllegalArgumentException(id + ": neither a map nor a score");
        }
        boolean isTampered = gt != null && gt.count() > 0;
        labels.add(isTampered);
        scores.add(score != null ? score : (double) ProbabilityMapOps.max(pred));
        if (verdict != null) {
            verdictLabels.add(isTampered);
            verdicts.add(verdict);
        }
        if (!isTampered) {
            if (pred != null) {
                long marked = 0;
                for (float v : pred.values()) {
                    marked += v > 0.5f ? 1 : 0;
                }
                put(Protocols.AUTHENTIC_PIXEL, "marked_area", marked / (double) pred.values().length);
                put(Protocols.AUTHENTIC_PIXEL, "any_marked", marked > 0 ? 1 : 0);
            }
            return;
        }
        tampered++;
        if (pred == null) {
            return;
        }
        if (pred.width() != gt.width() || pred.height() != gt.height()) {
            warnings.add(id + ": prediction " + pred.width() + "x" + pred.height() + " resized (bilinear) to the mask's "
                    + gt.width() + "x" + gt.height());
            pred = ProbabilityMapOps.resizeBilinear(pred, gt.width(), gt.height());
        }
        Confusion c = PixelMetricOps.confusion(gt, pred, 0.5, null);
        put(Protocols.IMDLBENCO_PIXEL, "f1", c.f1());
        put(Protocols.IMDLBENCO_PIXEL, "iou", c.iou());
        put(Protocols.IMDLBENCO_PIXEL, "precision", c.precision());
        put(Protocols.IMDLBENCO_PIXEL, "recall", c.recall());
        PixelMetricOps.Ranking r = PixelMetricOps.rank(gt, pred, null);
        put(Protocols.PIXEL_THRESHOLD_FREE, "auc", r.auc());
        put(Protocols.PIXEL_THRESHOLD_FREE, "best_f1", r.bestF1());

        Mask care = PixelMetricOps.truForCare(gt);
        Confusion t = PixelMetricOps.confusion(gt, pred, 0.5, care);
        Confusion ti = PixelMetricOps.confusion(gt, ProbabilityMapOps.invert(pred), 0.5, care);
        put(Protocols.TRUFOR_PIXEL, "f1", Math.max(t.f1(), ti.f1()));
        put(Protocols.TRUFOR_PIXEL, "iou", Math.max(t.iou(), ti.iou()));
        PixelMetricOps.Ranking tr = PixelMetricOps.rank(gt, pred, care);
        put(Protocols.TRUFOR_THRESHOLD_FREE, "best_f1", Math.max(tr.bestF1(), tr.bestF1Inverted()));
        put(Protocols.TRUFOR_THRESHOLD_FREE, "auc", Double.isNaN(tr.auc()) ? Double.NaN : Math.max(tr.auc(), 1 - tr.auc()));
    }

    private void put(String protocol, String metric, double value) {
        perImage.computeIfAbsent(protocol + "\t" + metric, k -> new ArrayList<>()).add(value);
    }

    public int imageCount() {
        return labels.size();
    }

    public int tamperedCount() {
        return tampered;
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Every metric with its protocol; pixel means skip images where a metric is undefined (NaN). */
    public List<MetricResult> results() {
        List<MetricResult> out = new ArrayList<>();
        for (Map.Entry<String, List<Double>> e : perImage.entrySet()) {
            String[] key = e.getKey().split("\t");
            double sum = 0;
            int n = 0;
            for (double v : e.getValue()) {
                if (!Double.isNaN(v)) {
                    sum += v;
                    n++;
                }
            }
            out.add(new MetricResult(key[0], key[1], n == 0 ? Double.NaN : sum / n, n));
        }
        int n = labels.size();
        boolean[] l = new boolean[n];
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            l[i] = labels.get(i);
            s[i] = scores.get(i);
        }
        Confusion c = ImageMetricOps.confusion(l, s, 0.5);
        out.add(new MetricResult(Protocols.IMAGE_POOLED, "accuracy", n == 0 ? Double.NaN : c.accuracy(), n));
        out.add(new MetricResult(Protocols.IMAGE_POOLED, "balanced_accuracy", ImageMetricOps.balancedAccuracy(c), n));
        out.add(new MetricResult(Protocols.IMAGE_POOLED, "f1", n == 0 ? Double.NaN : c.f1(), n));
        long authentic = labels.stream().filter(t -> !t).count();
        // false alarms: authentic images scored above the threshold, over all authentic images
        out.add(new MetricResult(Protocols.IMAGE_POOLED, "false_alarm_rate",
                authentic == 0 ? Double.NaN : c.fp() / (double) authentic, (int) authentic));
        out.add(new MetricResult(Protocols.IMAGE_POOLED_AUC, "auc", ImageMetricOps.auc(l, s), n));
        if (!verdicts.isEmpty()) {
            long tp = 0;
            long fp = 0;
            long fn = 0;
            long tn = 0;
            for (int i = 0; i < verdicts.size(); i++) {
                boolean flagged = verdicts.get(i).flagged();
                if (verdictLabels.get(i)) {
                    tp += flagged ? 1 : 0;
                    fn += flagged ? 0 : 1;
                } else {
                    fp += flagged ? 1 : 0;
                    tn += flagged ? 0 : 1;
                }
            }
            Confusion v = new Confusion(tp, fp, fn, tn);
            int nv = verdicts.size();
            out.add(new MetricResult(Protocols.IMAGE_VERDICT, "accuracy", v.accuracy(), nv));
            out.add(new MetricResult(Protocols.IMAGE_VERDICT, "balanced_accuracy", ImageMetricOps.balancedAccuracy(v), nv));
            out.add(new MetricResult(Protocols.IMAGE_VERDICT, "false_alarm_rate",
                    fp + tn == 0 ? Double.NaN : fp / (double) (fp + tn), (int) (fp + tn)));
            out.add(new MetricResult(Protocols.IMAGE_VERDICT, "detection_rate",
                    tp + fn == 0 ? Double.NaN : tp / (double) (tp + fn), (int) (tp + fn)));
        }
        return out;
    }

    /**
     * Per verdict label, how many images got it: {authentic, tampered}, labels in first-seen order; empty when no
     * prediction stated a verdict.
     */
    public Map<String, int[]> verdictCounts() {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (int i = 0; i < verdicts.size(); i++) {
            out.computeIfAbsent(verdicts.get(i).label(), k -> new int[2])[verdictLabels.get(i) ? 1 : 0]++;
        }
        return out;
    }

    /** The value of one metric, NaN if absent. */
    public static double find(List<MetricResult> results, String protocol, String metric) {
        return results.stream().filter(r -> r.protocol().equals(protocol) && r.metric().equals(metric))
                .mapToDouble(MetricResult::value).findFirst().orElse(Double.NaN);
    }
}
