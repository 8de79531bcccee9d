package io.omniiml.training.fusion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.analysers.Evidence;
import io.omniiml.analysers.EvidenceAnalyzer;
import io.omniiml.analysers.EvidenceAnalyzers;
import io.omniiml.core.data.Dataset;
import io.omniiml.core.data.Datasets;
import io.omniiml.core.data.Sample;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.core.mask.ProbabilityMapOps;
import io.omniiml.core.metrics.DatasetEvaluation;
import io.omniiml.core.metrics.Evaluator;
import io.omniiml.core.metrics.MetricResult;
import io.omniiml.core.metrics.Protocols;
import io.omniiml.model.infer.Detection;
import io.omniiml.pipeline.ImagePipeline;
import io.omniiml.pipeline.fusion.FusionFeatureOps;
import io.omniiml.pipeline.fusion.FusionRule;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ablation of issue 9 on labelled datasets: the network alone, each evidence analyser alone (every one in
 * {@link Analyzers#NAMES}, the fusion inputs and the explainer's others: its score map as a classical detector,
 * image score = mean of its top 1 %), the fused result, and, when the analyzer's rule is a
 * fitted one, the default max rule too ({@code fused_max}), each written as predictions
 * ({@code OUT/SOURCE/DATASET/STEM_prob.png} 16-bit and {@code STEM.json} with the score) and scored with core's
 * {@link DatasetEvaluation}, exactly what {@code omniiml eval --data DATASET --pred OUT/SOURCE/DATASET} prints.
 * The network runs once per image and every source is derived from the same run.
 */
public final class FusionMeasurement {
    /** The sources always measured; {@code fused_max} is added for a fitted rule. */
    public static final List<String> SOURCES;
    public static final String FUSED_MAX = "fused_max";

    static {
        List<String> s = new ArrayList<>();
        s.add("network");
        s.addAll(EvidenceAnalyzers.NAMES);
        s.add("fused");
        SOURCES = List.copyOf(s);
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One table cell group: a source on a dataset. */
    public record Row(String dataset, String source, int images, int tampered, double pixelF1, double pixelIou,
                      double pixelAuc, double imageAuc, double imageAccuracy) {
    }

    private FusionMeasurement() {
    }

    /**
     * Measures every source on every dataset; predictions and {@code results.json} go under {@code out}.
     *
     * @param log receives one line per image (may be null)
     */
    public static List<Row> run(ImagePipeline analyzer, List<Path> datasets, Path out, PrintWriter log) throws IOException {
        List<Row> rows = new ArrayList<>();
        FusionRule rule = analyzer.fusionRule();
        boolean alsoMax = !FusionRule.MAX.equals(rule.kind());
        List<String> sources = new ArrayList<>(SOURCES);
        if (alsoMax) {
            sources.add(FUSED_MAX);
        }
        ObjectNode root = JSON.createObjectNode();
        root.set("fusion_rule", analyzer.fusionRule().toJson());
        root.put("model", analyzer.detector().model().origin());
        ArrayNode all = root.putArray("rows");
        // the analysers the fusion does not read run with their defaults; the fusion's own come from the analyzer
        Map<String, EvidenceAnalyzer> others = new LinkedHashMap<>();
        for (String name : EvidenceAnalyzers.NAMES) {
            if (!FusionFeatureOps.ANALYZERS.contains(name)) {
                others.put(name, EvidenceAnalyzers.byName(name));
            }
        }
        for (Path path : datasets) {
            Dataset dataset = Datasets.open(path);
            for (Sample s : dataset.samples()) {
                long t0 = System.nanoTime();
                LoadedImage image = ImageLoader.DEFAULT.load(s.image());
                Map<String, Double> timings = new LinkedHashMap<>();
                Detection d = analyzer.detector().detect(image);
                Map<String, Evidence> evidence = analyzer.evidence(image, new LinkedHashSet<>(FusionFeatureOps.ANALYZERS), timings);
                ProbabilityMap fused = analyzer.fusionRule().fuse(d.probability(), evidence);
                double fusedScore = analyzer.fusionRule().score(d.score(), d.probability(), fused, evidence);
                write(out, "network", dataset, s.id(), d.probability(), d.score());
                for (String name : EvidenceAnalyzers.NAMES) {
                    Evidence e = evidence.containsKey(name) ? evidence.get(name) : others.get(name).analyze(image);
                    ProbabilityMap m = e.score();
                    write(out, name, dataset, s.id(), m, FusionFeatureOps.topMean(m));
                }
                write(out, "fused", dataset, s.id(), fused, fusedScore);
                if (alsoMax) {
                    ProbabilityMap max = FusionRule.maxRule().fuse(d.probability(), evidence);
                    write(out, FUSED_MAX, dataset, s.id(), max, FusionRule.maxRule().score(d.score(), d.probability(), max, evidence));
                }
                if (log != null) {
                    log.printf(Locale.ROOT, "%s/%s: %dx%d, network %.3f, fused %.3f, %.1f s%n", dataset.name(), s.id(),
                            image.width(), image.height(), d.score(), fusedScore, (System.nanoTime() - t0) / 1e9);
                    log.flush();
                }
            }
            for (String source : sources) {
                DatasetEvaluation.Report r = DatasetEvaluation.evaluate(dataset, out.resolve(source).resolve(dataset.name()));
                if (!r.missing().isEmpty() || !r.errors().isEmpty()) {
                    throw new IOException(dataset.name() + "/" + source + ": missing " + r.missing() + ", errors " + r.errors());
                }
                List<MetricResult> m = r.metrics();
                Row row = new Row(dataset.name(), source, r.images(), r.tampered(),
                        Evaluator.find(m, Protocols.IMDLBENCO_PIXEL, "f1"), Evaluator.find(m, Protocols.IMDLBENCO_PIXEL, "iou"),
                        Evaluator.find(m, Protocols.PIXEL_THRESHOLD_FREE, "auc"), Evaluator.find(m, Protocols.IMAGE_POOLED_AUC, "auc"),
                        Evaluator.find(m, Protocols.IMAGE_POOLED, "accuracy"));
                rows.add(row);
                all.add(JSON.valueToTree(row));
            }
        }
        Files.createDirectories(out);
        JSON.writeValue(out.resolve("results.json").toFile(), root);
        Files.writeString(out.resolve("table.md"), table(rows));
        return rows;
    }

    private static void write(Path out, String source, Dataset dataset, String id, ProbabilityMap map, double score)
            throws IOException {
        Path dir = out.resolve(source).resolve(dataset.name());
        Files.createDirectories(dir);
        ProbabilityMapOps.write16(map, dir.resolve(id + "_prob.png"));
        ObjectNode s = JSON.createObjectNode();
        s.put("score", score);
        JSON.writeValue(dir.resolve(id + ".json").toFile(), s);
    }

    /**
     * The table: one line per dataset, per source pixel F1 / pixel AUC (IMDL-BenCo: F1 at 0.5 strict and AUC per
     * tampered image, averaged), image AUC where the set has authentic images; then the mean over datasets.
     */
    public static String table(List<Row> rows) {
        List<String> datasets = rows.stream().map(Row::dataset).distinct().toList();
        List<String> sources = rows.stream().map(Row::source).distinct().toList();
        StringBuilder sb = new StringBuilder("| dataset (tampered/images) |");
        for (String s : sources) {
            sb.append(' ').append(s).append(" F1 / AUC |");
        }
        sb.append(" fused image AUC |\n|---|");
        sb.append("---|".repeat(sources.size() + 1)).append('\n');
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (String ds : datasets) {
            Row first = rows.stream().filter(r -> r.dataset().equals(ds)).findFirst().orElseThrow();
            sb.append("| ").append(ds).append(" (").append(first.tampered()).append('/').append(first.images()).append(") |");
            double fusedImageAuc = Double.NaN;
            for (String s : sources) {
                Row r = rows.stream().filter(x -> x.dataset().equals(ds) && x.source().equals(s)).findFirst().orElse(null);
                if (r == null) {
                    sb.append(" - |");
                    continue;
                }
                sb.append(String.format(Locale.ROOT, " %s / %s |", fmt(r.pixelF1()), fmt(r.pixelAuc())));
                double[] acc = sums.computeIfAbsent(s, k -> new double[3]);
                acc[0] += r.pixelF1();
                acc[1] += r.pixelAuc();
                acc[2]++;
                if ("fused".equals(s)) {
                    fusedImageAuc = r.imageAuc();
                }
            }
            sb.append(' ').append(fmt(fusedImageAuc)).append(" |\n");
        }
        sb.append("| mean over sets |");
        for (String s : sources) {
            double[] acc = sums.get(s);
            sb.append(acc == null ? " - |" : String.format(Locale.ROOT, " %s / %s |", fmt(acc[0] / acc[2]), fmt(acc[1] / acc[2])));
        }
        sb.append(" |\n");
        return sb.toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }
}
