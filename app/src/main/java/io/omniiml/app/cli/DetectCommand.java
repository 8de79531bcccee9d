package io.omniiml.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.api.AnalysisOptions;
import io.omniiml.api.AnalysisResult;
import io.omniiml.api.ExitCodes;
import io.omniiml.api.InputFailure;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.ImageReadException;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.infer.Gate;
import io.omniiml.model.infer.NetworkDetector;
import io.omniiml.pipeline.ArtifactWriter;
import io.omniiml.pipeline.ImagePipeline;
import io.omniiml.pipeline.OutputNames;
import io.omniiml.pipeline.ResultJson;
import io.omniiml.pipeline.fusion.FusionRule;
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
import java.util.function.UnaryOperator;

/**
 * {@code omniiml detect}: the network fused with the evidence analysers (the same {@link ImagePipeline} as
 * scan, serve and the Spark job), on image files.
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Localizes manipulations: the Omni-IML network fused with the evidence analysers (docs/fusion.md).",
                "Per image writes into DIR (STEM: the file name without extension; when two inputs share it, with the",
                "extension: img.png -> img_png; equal names beyond that get _2, _3; the JSON's \"stem\" field says which):",
                "  STEM_mask.png     binary mask (255 = tampered) at the threshold",
                "  STEM_prob.png     16-bit probability map (value / 65535)",
                "  STEM_overlay.png  heatmap blended over the image, boxes drawn",
                "  STEM.json         the result object (schema omniiml.result/1, docs/json.md: score, verdict, boxes,",
                "                    gate, fusion, explanation, timings) plus image, stem, fused, files, model, warnings",
                "Standard output: one summary line per image (--format text, with the explanation's sentences unless",
                "--no-explain) or one JSON object per line (--format json, the STEM.json content).",
                "An input file is never written; an existing output file is refused (that image fails) unless --overwrite.",
                "Without --model: $OMNIIML_MODEL (the launcher sets it to its own models/default), else models/default;",
                "an untrained network is refused (exit 2) unless --allow-untrained.",
                "An input that fails in any way (unreadable, corrupt, truncated, over --max-pixels, out of memory, a failing",
                "analyser or a non-finite result) is reported on one line, \"error: FILE: problem\", and the others go on.",
                "Exit codes: 0 all images analysed, 1 some failed (each reported on one line, the others go on), 2 usage."})
public final class DetectCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Test seam: changes the analyser's set-up (e.g. an analyser that fails); identity in production. */
    static UnaryOperator<ImagePipeline.Builder> analyzerSetup = UnaryOperator.identity();

    /** Output formats on standard output. */
    public enum Format { text, json }

    @Option(names = "--model", paramLabel = "DIR", description = "model directory (config.json, parameters.params; fusion.json is used when present)")
    Path modelDir;

    @Option(names = "--fusion", paramLabel = "FILE", description = "fusion rule file (default: MODEL_DIR/fusion.json, else the default max rule)")
    Path fusionFile;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (created if missing)")
    Path out;

    @Option(names = "--threshold", defaultValue = "0.5", paramLabel = "T",
            description = "mask threshold on the probability, strict > (default: ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--min-region", defaultValue = "0", paramLabel = "PX",
            description = "smallest connected region that gets a box, a fusion region and a description, in pixels "
                    + "(default 0: 16 pixels or 1/4000 of the image, whichever is larger)")
    int minRegion;

    @Option(names = "--max-pixels", paramLabel = "N", description = "larger images fail on their error line before "
            + "decoding (default " + ImageLoader.DEFAULT_MAX_PIXELS + ")")
    Long maxPixels;

    @Option(names = "--gate", defaultValue = "AUTO", paramLabel = "MODE",
            description = "AUTO (the Modal Gate chooses), VISION or FUSED (default: ${DEFAULT-VALUE})")
    Gate gate;

    @Option(names = "--tile", paramLabel = "PX", description = "tile side, multiple of 32 (default: the model's)")
    Integer tile;

    @Option(names = "--no-fusion", description = "the network alone, without the evidence analysers (paper protocol, ablations)")
    boolean noFusion;

    @Option(names = "--no-explain", description = "skip the explanation (faster)")
    boolean noExplain;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FMT", description = "standard output: text or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--opacity", defaultValue = "0.6", paramLabel = "A", description = "heatmap opacity in the overlay, 0..1 (default: ${DEFAULT-VALUE})")
    double opacity;

    @Option(names = "--overwrite", description = "replace output files that exist already (inputs are never replaced)")
    boolean overwrite;

    @Option(names = "--allow-untrained", description = "run the network even without a trained model (random weights: "
            + "meaningless maps and scores; for tests)")
    boolean allowUntrained;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "image files")
    List<Path> images;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        if (!(threshold >= 0 && threshold <= 1) || !(opacity >= 0 && opacity <= 1)) {
            err.println("error: --threshold and --opacity must lie in [0, 1]");
            return ExitCodes.USAGE;
        }
        if (minRegion < 0 || (maxPixels != null && maxPixels < 1)) {
            err.println("error: --min-region must be 0 or more and --max-pixels at least 1");
            return ExitCodes.USAGE;
        }
        ImageLoader loader = maxPixels == null ? ImageLoader.DEFAULT : ImageLoader.builder().optMaxPixels(maxPixels).build();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            err.println("error: --out " + out + " exists and is not a folder");
            return ExitCodes.USAGE;
        }
        String missing = AnalyzerOptions.missingModel(modelDir, allowUntrained);
        if (missing != null) {
            err.println("error: " + missing);
            return ExitCodes.USAGE;
        }
        Path dir = ImagePipeline.resolveModelDirectory(modelDir);
        OmniImlModel model;
        FusionRule rule;
        try {
            rule = fusionFile != null ? FusionRule.read(fusionFile) : FusionRule.forModel(dir);
            model = OmniImlModel.loadOrDefault(modelDir);
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        String untrained = AnalyzerOptions.untrainedModel(model, allowUntrained);
        if (untrained != null) {
            model.close();
            err.println("error: " + untrained);
            return ExitCodes.USAGE;
        }
        try (model) {
            NetworkDetector.Builder builder = NetworkDetector.builder().setModel(model).optThreshold(threshold).optGate(gate);
            if (tile != null) {
                builder.optTileSize(tile).optTileOverlap(Math.min(model.config().tileOverlap(), tile / 2 / 32 * 32));
            }
            NetworkDetector detector;
            try {
                detector = builder.build();
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            ImagePipeline analyzer = analyzerSetup.apply(ImagePipeline.builder().setDetector(detector).optFusionRule(rule)
                    .optModelDirectory(dir)).build();
            AnalysisOptions options = new AnalysisOptions(threshold, !noExplain, false, !noFusion, minRegion);
            Files.createDirectories(out);
            OutputNames names = OutputNames.of(images);
            ArtifactWriter artifacts = new ArtifactWriter(out, ArtifactWriter.Layout.FLAT, opacity, overwrite);
            int failed = 0;
            for (int i = 0; i < images.size(); i++) {
                Path image = images.get(i);
                long[] pixels = {0};
                List<Path> written = new ArrayList<>();
                try {
                    analyzeOne(image, names, i, artifacts, loader, analyzer, options, model, rule, pixels, written,
                            stdout, err);
                } catch (Exception | Error e) {
                    if (!InputFailure.isPerInput(e)) {
                        throw e;
                    }
                    // This image alone failed; everything it held is unreachable now, the next one starts afresh.
                    failed++;
                    ArtifactWriter.delete(written); // no half set of outputs: a rerun finds none of this image's files
                    String message = e instanceof IOException && !(e instanceof ImageReadException)
                            ? (e.getMessage() != null ? e.getMessage() : e.toString())
                            : InputFailure.problem(e, pixels[0]);
                    stdout.flush();
                    err.println("error: " + image + ": " + message);
                    err.flush();
                    if (System.getenv("OMNIIML_DEBUG") != null) {
                        e.printStackTrace(err);
                    }
                }
            }
            stdout.flush();
            return failed == 0 ? ExitCodes.OK : ExitCodes.SOME_FAILED;
        }
    }

    /**
     * One image: load, analyse, write the four files, print; {@code pixels[0]} gets its size once decoded, and
     * {@code written} the files written so far (for the caller to delete if a later step fails).
     */
    private void analyzeOne(Path image, OutputNames names, int index, ArtifactWriter artifacts, ImageLoader loader,
                            ImagePipeline analyzer, AnalysisOptions options, OmniImlModel model, FusionRule rule,
                            long[] pixels, List<Path> written, PrintWriter stdout, PrintWriter err)
            throws IOException {
        String stem = names.stem(index);
        Path jsonFile = out.resolve(stem + ".json");
        List<Path> targets = new ArrayList<>(artifacts.targets(stem));
        targets.add(jsonFile);
        names.check(targets, overwrite); // before decoding: a refused image costs nothing
        LoadedImage loaded = loader.load(image);
        pixels[0] = (long) loaded.width() * loaded.height();
        for (String w : loaded.warnings()) {
            if (w.equals(ImageLoader.NO_END_OF_IMAGE_WARNING)) {
                err.println("warning: " + image + ": " + w);
                err.flush();
            }
        }
        AnalysisResult r = analyzer.analyze(loaded, options);
        // refuses non-finite numbers before anything is written
        ObjectNode json = record(image, stem, artifacts.files(stem), r, model, rule, options);
        if (!loaded.warnings().isEmpty()) {
            loaded.warnings().forEach(json.putArray("warnings")::add);
        }
        artifacts.write(stem, loaded.image(), r); // all pictures or none
        written.addAll(targets);
        JSON.writeValue(jsonFile.toFile(), json);
        if (format == Format.json) {
            stdout.println(ResultJson.MAPPER.writeValueAsString(json));
        } else {
            printText(stdout, image, r);
        }
        stdout.flush();
    }

    static void printText(PrintWriter out, Path image, AnalysisResult r) {
        ResultJson.requireFinite(r); // a NaN is never printed as a number
        out.printf(Locale.ROOT, "%s: score %.3f, %d region(s), gate %s (%.2f), %s, %.0f ms%n", image, r.score(),
                r.boxes().size(), r.gate(), r.gateConfidence(), r.fusion() == null ? "network alone" : "fused",
                r.timingsMs().getOrDefault("total", 0.0));
        if (r.verdict() != null) {
            out.println("  verdict: " + ResultJson.verdictLine(r));
        } else {
            out.println("  verdict: none (" + (r.fusion() == null
                    ? "--no-fusion and the fusion rule has no verdict of the network alone: omniiml fusion fit-verdict"
                    : "the fusion rule has no calibrated verdict: omniiml fusion fit-verdict") + ")");
        }
        boolean weak = r.regionsAreWeakCandidates() && !r.boxes().isEmpty();
        if (weak) {
            out.println("  " + r.boxes().size() + " weak candidate region(s), not findings: the image as a whole shows no"
                    + " evidence of editing; the sentences below describe what the map marks");
        }
        if (r.explanation() != null) {
            for (var sentence : r.explanation().path("sentences")) {
                out.println("  " + (weak ? "(weak candidate) " : "") + sentence.asText());
            }
        }
    }

    /** STEM.json: the common result object plus detect's own keys (docs/json.md). */
    private static ObjectNode record(Path image, String stem, ObjectNode files, AnalysisResult r, OmniImlModel model,
                                     FusionRule rule, AnalysisOptions options) {
        ObjectNode json = ResultJson.result(r, options);
        json.put("image", image.toString());
        json.put("stem", stem);
        json.put("fused", options.fusion());
        json.set("files", files);
        ObjectNode m = json.putObject("model");
        m.put("origin", model.origin());
        m.put("config", model.config().name());
        m.put("trained", model.isTrained());
        if (options.fusion()) {
            m.put("fusion_rule", rule.kind());
            m.put("fusion_origin", rule.origin());
        }
        return json;
    }
}
