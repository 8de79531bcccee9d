package io.omniiml.app.cli;

import io.omniiml.api.ExitCodes;
import io.omniiml.core.data.Task;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.infer.NetworkDetector;
import io.omniiml.pipeline.ImagePipeline;
import io.omniiml.pipeline.fusion.FusionFeatureOps;
import io.omniiml.pipeline.fusion.FusionRule;
import io.omniiml.synth.SampleGenerator;
import io.omniiml.synth.Split;
import io.omniiml.synth.source.SourceLibrary;
import io.omniiml.training.fusion.FusionFitter;
import io.omniiml.training.fusion.FusionMeasurement;
import io.omniiml.training.fusion.VerdictFitter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code omniiml fusion fit|measure}: the rule that combines the network with the evidence analysers. */
@Command(name = "fusion", mixinStandardHelpOptions = true,
        description = {"Fits and measures the fusion of the network with the evidence analysers (docs/fusion.md)."},
        subcommands = {FusionCommand.Fit.class, FusionCommand.FitVerdict.class, FusionCommand.Measure.class})
public final class FusionCommand implements Runnable {
    /** The labelled dev sets the measurement defaults to. */
    public static final List<String> DEV_SETS = List.of("cvip_copymove", "noso_copymove", "nist16_sample", "casia_jpeg_samples",
            "columbia_sample", "casia2_samples", "real_documents");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "fit", mixinStandardHelpOptions = true,
            description = {"Fits the fusion rule on generated samples (never on the sets it is measured on) and writes it,",
                    "with its provenance (data seeds and counts, weights, fit metrics), to DIR/fusion.json next to the model.",
                    "The analyzer (detect, scan, serve, Spark) loads DIR/fusion.json automatically."})
    static final class Fit implements Callable<Integer> {
        @Option(names = "--model", paramLabel = "DIR", description = "model directory (default: $OMNIIML_MODEL or models/default; else the untrained network, then --out is required)")
        Path modelDir;

        @Option(names = "--out", paramLabel = "FILE", description = "where to write the rule (default: MODEL_DIR/fusion.json)")
        Path out;

        @Option(names = "--count", defaultValue = "120", description = "generated samples (default ${DEFAULT-VALUE})")
        int count;

        @Option(names = "--seed", defaultValue = "1", description = "generator seed (default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--start", defaultValue = "0", description = "first sample index (default ${DEFAULT-VALUE})")
        long start;

        @Option(names = "--split", defaultValue = "val", description = "train or val (default ${DEFAULT-VALUE}; test is refused: it is for measuring)")
        String split;

        @Option(names = "--ratios", defaultValue = "natural=20,document=5,face=2,scene_text=10",
                description = "task mix of the samples (default ${DEFAULT-VALUE}: the paper's mix with natural photos, "
                        + "where copy-move happens, and scene text swapped so that enough clones are seen)")
        String ratios;

        @Option(names = "--size", defaultValue = "512", description = "crop size (default ${DEFAULT-VALUE})")
        int size;

        @Option(names = "--authentic-fraction", defaultValue = "0.25", description = "share of untouched samples, for the image rule (default ${DEFAULT-VALUE})")
        double authenticFraction;

        @Option(names = "--grid-pixels", defaultValue = "16384", description = "pixels per image on a regular sub-grid (default ${DEFAULT-VALUE})")
        int gridPixels;

        @Option(names = "--l2", defaultValue = "0.001", description = "L2 penalty of the pixel rule (default ${DEFAULT-VALUE})")
        double l2;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter stdout = spec.commandLine().getOut();
            Path dir = ImagePipeline.resolveModelDirectory(modelDir);
            Path target = out != null ? out : dir != null ? dir.resolve(FusionRule.FILE) : null;
            if (target == null) {
                err.println("error: no model directory (the untrained network is in use): pass --model DIR or --out FILE");
                return ExitCodes.USAGE;
            }
            Split s;
            try {
                s = Split.fromId(split.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                err.println("error: --split must be train or val, got '" + split + "'");
                return ExitCodes.USAGE;
            }
            if (s == Split.TEST) {
                err.println("error: --split test is refused: the test split is where the fusion is measured");
                return ExitCodes.USAGE;
            }
            java.util.Map<Task, Double> taskRatios;
            try {
                taskRatios = parseRatios(ratios);
            } catch (IllegalArgumentException e) {
                err.println("error: --ratios: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            OmniImlModel model = OmniIml.loadModelOrReport(modelDir, err);
            if (model == null) {
                return ExitCodes.USAGE;
            }
            try (model) {
                SampleGenerator.Builder gen = SampleGenerator.builder().setSplit(s).optSeed(seed).optCropSize(size)
                        .optAuthenticFraction(authenticFraction);
                gen.optTaskRatios(taskRatios);
                FusionRule rule = FusionFitter.builder().setDetector(NetworkDetector.builder().setModel(model).build())
                        .setGenerator(gen.build()).optTaskRatios(ratios).optCount(count).optStart(start).optGridPixels(gridPixels).optL2(l2)
                        .optProgress(line -> {
                            err.println(line);
                            err.flush();
                        }).build().fit();
                rule.write(target);
                stdout.println(rule.toJson().toPrettyString());
                stdout.println("wrote " + target);
                stdout.flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "fit-verdict", mixinStandardHelpOptions = true,
            description = {"Fits the image-level score as a calibrated probability that the image was edited, and the verdict's",
                    "threshold for a stated false-alarm rate, on generated samples (train or val split; never test, never the",
                    "dev sets): a FIT set for the logistic image rule, a disjoint HELD-OUT set for the threshold and the",
                    "reliability table. The same over the network's own features gives the verdict of --no-fusion",
                    "analyses. Keeps the pixel rule; writes the fusion rule with 'image', 'verdict' and 'network_verdict'",
                    "replaced (docs/verdict.md)."})
    static final class FitVerdict implements Callable<Integer> {
        @Option(names = "--model", paramLabel = "DIR", description = "model directory (default: $OMNIIML_MODEL or models/default)")
        Path modelDir;

        @Option(names = "--fusion", paramLabel = "FILE", description = "the fusion rule to calibrate (default: MODEL_DIR/fusion.json)")
        Path fusionFile;

        @Option(names = "--out", paramLabel = "FILE", description = "where to write the rule (default: the --fusion file or MODEL_DIR/fusion.json)")
        Path out;

        @Option(names = "--count", defaultValue = "400", description = "fit samples (default ${DEFAULT-VALUE})")
        int count;

        @Option(names = "--held-out", defaultValue = "300", description = "held-out samples (default ${DEFAULT-VALUE})")
        int heldOut;

        @Option(names = "--split", defaultValue = "val", description = "split of both sets: train or val (default ${DEFAULT-VALUE})")
        String split;

        @Option(names = "--seed", defaultValue = "2", description = "generator seed of the fit set (default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--held-out-seed", defaultValue = "3", description = "generator seed of the held-out set (default ${DEFAULT-VALUE})")
        long heldOutSeed;

        @Option(names = "--sizes", defaultValue = "256,512", split = ",",
                description = "crop sizes, taken in turn by sample index (default ${DEFAULT-VALUE})")
        List<Integer> sizes;

        @Option(names = "--ratios", defaultValue = "natural=20,document=5,face=2,scene_text=10",
                description = "task mix (default ${DEFAULT-VALUE}, as fusion fit)")
        String ratios;

        @Option(names = "--authentic-fraction", defaultValue = "0.5", description = "share of untouched samples (default ${DEFAULT-VALUE})")
        double authenticFraction;

        @Option(names = "--false-alarm-rate", defaultValue = "0.05",
                description = "share of held-out authentic images allowed above the threshold (default ${DEFAULT-VALUE})")
        double falseAlarmRate;

        @Option(names = "--odds-factor", defaultValue = "2",
                description = "uncertain band: odds within this factor of the threshold's odds (default ${DEFAULT-VALUE})")
        double oddsFactor;

        @Option(names = "--features", split = ",", paramLabel = "NAME",
                description = "image features (default: all of network_score_logit, fused_top_logit, clone_found, "
                        + "network_top_logit, fused_marked_share, clone_inliers_log, ela_top, noise_top)")
        List<String> features;

        @Option(names = "--l2", defaultValue = "0.01", description = "L2 penalty on the weights (default ${DEFAULT-VALUE})")
        double l2;

        @Option(names = "--features-csv", paramLabel = "FILE",
                description = "feature rows of both sets: read back for samples already in it (same ids), then rewritten")
        Path featuresCsv;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter stdout = spec.commandLine().getOut();
            Split s;
            try {
                s = Split.fromId(split.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                err.println("error: --split must be train or val, got '" + split + "'");
                return ExitCodes.USAGE;
            }
            List<String> names = features == null ? FusionFeatureOps.ALL_IMAGE_FEATURES : features;
            java.util.Map<Task, Double> taskRatios;
            try {
                taskRatios = parseRatios(ratios);
                if (s == Split.TEST) {
                    throw new IllegalArgumentException("--split test is refused: the test split is where the verdict is measured");
                }
                if (!FusionFeatureOps.ALL_IMAGE_FEATURES.containsAll(names)) {
                    throw new IllegalArgumentException("--features must be among " + FusionFeatureOps.ALL_IMAGE_FEATURES);
                }
                if (seed == heldOutSeed || count < 2 || heldOut < 2 || sizes.isEmpty() || !(falseAlarmRate >= 0 && falseAlarmRate < 1)) {
                    throw new IllegalArgumentException("--seed and --held-out-seed must differ, counts be >= 2, --sizes non-empty, "
                            + "--false-alarm-rate in [0, 1)");
                }
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            Path dir = ImagePipeline.resolveModelDirectory(modelDir);
            Path source = fusionFile != null ? fusionFile : dir != null ? dir.resolve(FusionRule.FILE) : null;
            if (source == null || !Files.isRegularFile(source)) {
                err.println("error: no fitted fusion rule to calibrate (" + source + "): run omniiml fusion fit first");
                return ExitCodes.USAGE;
            }
            Path target = out != null ? out : source;
            ImagePipeline analyzer;
            try {
                analyzer = ImagePipeline.load(modelDir, source);
            } catch (IOException e) {
                err.println("error: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            try (analyzer) {
                java.util.Map<String, VerdictFitter.Row> cache = featuresCsv != null && Files.isRegularFile(featuresCsv)
                        ? VerdictFitter.readCsv(featuresCsv) : java.util.Map.of();
                List<VerdictFitter.Row> all = new ArrayList<>();
                List<VerdictFitter.Row> fitRows = rows(analyzer, s, seed, count, taskRatios, cache, all, err);
                List<VerdictFitter.Row> heldRows = rows(analyzer, s, heldOutSeed, heldOut, taskRatios, cache, all, err);
                if (featuresCsv != null) {
                    VerdictFitter.writeCsv(featuresCsv, all);
                }
                com.fasterxml.jackson.databind.node.ObjectNode data = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
                data.put("generator", SampleGenerator.GENERATOR_VERSION);
                data.put("split", s.id());
                data.put("fit_seed", seed);
                data.put("fit_count", count);
                data.put("held_out_seed", heldOutSeed);
                data.put("held_out_count", heldOut);
                data.put("crop_sizes", sizes.toString());
                data.put("task_ratios", ratios);
                data.put("authentic_fraction", authenticFraction);
                data.put("model", analyzer.detector().model().origin());
                FusionRule rule = VerdictFitter.fit(analyzer.fusionRule(), fitRows, heldRows, names, falseAlarmRate, oddsFactor,
                        l2, data);
                rule.write(target);
                com.fasterxml.jackson.databind.JsonNode written = rule.toJson();
                stdout.println(written.path("image").toPrettyString());
                stdout.println(written.path("verdict").toPrettyString());
                stdout.println("network alone (--no-fusion): " + written.path("network_verdict").toPrettyString());
                stdout.println("wrote " + target);
                stdout.flush();
            }
            return ExitCodes.OK;
        }

        private List<VerdictFitter.Row> rows(ImagePipeline analyzer, Split s, long generatorSeed, int n,
                                             java.util.Map<Task, Double> taskRatios, java.util.Map<String, VerdictFitter.Row> cache,
                                             List<VerdictFitter.Row> all, PrintWriter err) throws IOException {
            List<SampleGenerator> generators = new ArrayList<>();
            for (int size : sizes) {
                generators.add(SampleGenerator.builder().setSplit(s).optSeed(generatorSeed).optCropSize(size)
                        .optAuthenticFraction(authenticFraction).optTaskRatios(taskRatios).optThreads(1).build());
            }
            List<VerdictFitter.Row> out = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                int size = sizes.get(i % sizes.size());
                SampleGenerator g = generators.get(i % sizes.size());
                String key = g.split().id() + "-s" + generatorSeed + "-" + i + "@" + size;
                VerdictFitter.Row row = cache.get(key);
                if (row == null) {
                    VerdictFitter.Row r = VerdictFitter.extract(analyzer, g.generate(i), size);
                    row = new VerdictFitter.Row(key, r.task(), r.crop(), r.tampered(), r.features());
                }
                out.add(row);
                all.add(row);
                err.printf(Locale.ROOT, "seed %d sample %d/%d (%s, %d px%s), %.1f s%n", generatorSeed, i + 1, n, row.task(), size,
                        row.tampered() ? "" : ", authentic", (System.nanoTime() - t0) / 1e9);
                err.flush();
            }
            return out;
        }
    }

    /** "natural=20,document=5" to a task map; tasks not named get 0. */
    static java.util.Map<Task, Double> parseRatios(String text) {
        java.util.Map<Task, Double> out = new java.util.EnumMap<>(Task.class);
        for (String part : text.split(",")) {
            String[] kv = part.split("=");
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected task=weight pairs, got '" + part + "'");
            }
            Task t = java.util.Arrays.stream(Task.values()).filter(x -> x.id().equals(kv[0].trim().toLowerCase(Locale.ROOT)))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown task '" + kv[0].trim() + "'"));
            double v = Double.parseDouble(kv[1].trim());
            if (!(v >= 0)) {
                throw new IllegalArgumentException("weight of " + t.id() + " must be >= 0");
            }
            out.put(t, v);
        }
        return out;
    }

    @Command(name = "measure", mixinStandardHelpOptions = true,
            description = {"Network alone, every evidence analyser alone and fused, on labelled datasets (IMDL-BenCo protocol,",
                    "core metrics as omniiml eval computes them). Writes OUT/SOURCE/DATASET/STEM_prob.png + STEM.json",
                    "(so 'omniiml eval --data DATASET --pred OUT/SOURCE/DATASET' reproduces each cell), OUT/results.json,",
                    "OUT/table.md, and prints the table. Default datasets: the labelled sets in $OMNIIML_SHARED/data/dev."})
    static final class Measure implements Callable<Integer> {
        @Option(names = "--model", paramLabel = "DIR", description = "model directory (default: $OMNIIML_MODEL or models/default)")
        Path modelDir;

        @Option(names = "--fusion", paramLabel = "FILE", description = "fusion rule (default: MODEL_DIR/fusion.json, else the max rule)")
        Path fusionFile;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
        Path out;

        @Parameters(arity = "0..*", paramLabel = "DATASET", description = "dataset folders or JSON lists (default: the dev sets)")
        List<Path> datasets;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter stdout = spec.commandLine().getOut();
            List<Path> sets = new ArrayList<>();
            if (datasets == null || datasets.isEmpty()) {
                for (String name : DEV_SETS) {
                    sets.add(SourceLibrary.defaultRoot().resolve("dev").resolve(name));
                }
            } else {
                sets.addAll(datasets);
            }
            for (Path p : sets) {
                if (!Files.exists(p)) {
                    err.println("error: " + p + ": dataset not found");
                    return ExitCodes.USAGE;
                }
            }
            ImagePipeline analyzer;
            try {
                analyzer = ImagePipeline.load(modelDir, fusionFile);
            } catch (IOException e) {
                err.println("error: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            try (analyzer) {
                List<FusionMeasurement.Row> rows = FusionMeasurement.run(analyzer, sets, out, err);
                stdout.println("model: " + analyzer.detector().model().origin() + "; fusion rule: "
                        + analyzer.fusionRule().kind() + " (" + analyzer.fusionRule().origin() + ")");
                stdout.println("pixel F1 at 0.5 / pixel AUC per tampered image, averaged (IMDL-BenCo protocol):");
                stdout.print(FusionMeasurement.table(rows));
                stdout.println("wrote " + out.resolve("results.json") + " and " + out.resolve("table.md"));
                stdout.flush();
            }
            return ExitCodes.OK;
        }
    }
}
