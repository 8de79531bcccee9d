package io.omniiml.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.analysers.CopyMoveAnalyzer;
import io.omniiml.analysers.Evidence;
import io.omniiml.analysers.EvidenceAnalyzer;
import io.omniiml.api.AnalysisOptions;
import io.omniiml.api.AnalysisResult;
import io.omniiml.api.AnalysisStageException;
import io.omniiml.api.EvidenceMap;
import io.omniiml.api.ImageAnalyzer;
import io.omniiml.api.NonFiniteResultException;
import io.omniiml.api.Verdict;
import io.omniiml.core.concurrent.Cancellation;
import io.omniiml.core.concurrent.CancelledException;
import io.omniiml.core.image.ImageReadException;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.core.mask.Segmentation;
import io.omniiml.explain.Explainer;
import io.omniiml.explain.Explanation;
import io.omniiml.explain.ExplanationWriter;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.infer.Detection;
import io.omniiml.model.infer.NetworkDetector;
import io.omniiml.pipeline.fusion.FusionFeatureOps;
import io.omniiml.pipeline.fusion.FusionRegionOps;
import io.omniiml.pipeline.fusion.FusionRule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Omni-IML network, the evidence analysers, the fusion rule and the explainer, as one {@link ImageAnalyzer}:
 * what {@code detect}, {@code scan}, {@code serve} and the Spark job run. Per image: the network's map and score
 * ({@link NetworkDetector}); the evidence analysers that the fusion, the explanation and the evidence tabs need,
 * each run once; the fused map and score ({@link FusionRule}, from {@code fusion.json} next to the model, else the
 * default max rule); one {@link Segmentation} of the final map at the requested threshold and smallest region,
 * which gives the mask, the boxes, the fusion regions (per-region sources, the copy-move clones as the network sees
 * them) and the regions the explanation describes, so all four name the same regions in the same order. A stage
 * that fails throws {@link AnalysisStageException} naming it (the front ends report it for this image alone).
 *
 * <p>Thread safety: one shared instance serves all threads. {@link NetworkDetector} is documented immutable and
 * thread-safe (each call has its own DJL predictor), the explainer and the analysers keep no state between calls,
 * and the fusion rule is immutable; so no pool and no lock are needed. Parallel calls share the engine's threads.
 */
public final class ImagePipeline implements ImageAnalyzer {
    /**
     * Copy-move search settings: the matcher works on the image reduced (integer factor) to this longer side, with
     * at most this many keypoints, so its cost does not grow with the photo (a 12 MP photo costs what 1 MP does).
     */
    public static final int COPY_MOVE_MAX_SIDE = 1024;
    public static final int COPY_MOVE_MAX_KEYPOINTS = 2000;
    /** The analysers behind the evidence tabs (see {@link EvidenceMaps}). */
    static final List<String> TAB_ANALYZERS = List.of("ela", "noise", "jpeg-dq");

    private final NetworkDetector detector;
    private final FusionRule rule;
    private final Explainer explainer;
    private final List<String> explainerAnalyzers;
    private final Map<String, EvidenceAnalyzer> analyzers;
    private final Path modelDirectory;
    private final boolean closeModel;

    private ImagePipeline(Builder b) {
        detector = b.detector;
        rule = b.rule;
        Map<String, EvidenceAnalyzer> byName = new LinkedHashMap<>();
        byName.put("copymove", b.copyMove);
        byName.putAll(b.replaced);
        for (String name : Explainer.DEFAULT_ANALYZERS) {
            byName.putIfAbsent(name, io.omniiml.analysers.EvidenceAnalyzers.byName(name));
        }
        for (String name : TAB_ANALYZERS) {
            byName.putIfAbsent(name, io.omniiml.analysers.EvidenceAnalyzers.byName(name));
        }
        analyzers = Map.copyOf(byName);
        explainerAnalyzers = Explainer.DEFAULT_ANALYZERS;
        explainer = b.explain ? (b.explainer != null ? b.explainer : Explainer.builder()
                .optAnalyzers(explainerAnalyzers.stream().map(byName::get).toList()).build()) : null;
        modelDirectory = b.modelDirectory;
        closeModel = b.closeModel;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The analyzer for a model directory (null: $OMNIIML_MODEL or models/default when it holds a model, else the
     * untrained network with a loud warning), with {@code fusion.json} from the same directory when present.
     * Closing the analyzer closes the model.
     */
    public static ImagePipeline load(Path modelDir) throws IOException {
        return load(modelDir, null);
    }

    /** As {@link #load(Path)}, with the fusion rule read from {@code fusionFile} when it is not null. */
    public static ImagePipeline load(Path modelDir, Path fusionFile) throws IOException {
        Path dir = resolveModelDirectory(modelDir);
        FusionRule rule = fusionFile != null ? FusionRule.read(fusionFile) : FusionRule.forModel(dir);
        OmniImlModel model = OmniImlModel.loadOrDefault(modelDir);
        return builder().setDetector(NetworkDetector.builder().setModel(model).build()).optFusionRule(rule)
                .optModelDirectory(dir).optCloseModel(true).build();
    }

    /** The directory the model comes from, or null for the untrained fallback. */
    public static Path resolveModelDirectory(Path modelDir) {
        if (modelDir != null) {
            return modelDir;
        }
        Path def = OmniImlModel.defaultDirectory();
        return Files.isRegularFile(def.resolve(OmniImlModel.PARAMETERS_FILE)) ? def : null;
    }

    public NetworkDetector detector() {
        return detector;
    }

    public FusionRule fusionRule() {
        return rule;
    }

    /**
     * Runs the named analysers once each, timing each into {@code timings} as "evidence.NAME". An analyser that
     * fails throws {@link AnalysisStageException} naming it.
     */
    public Map<String, Evidence> evidence(LoadedImage image, Set<String> names, Map<String, Double> timings) {
        Map<String, Evidence> out = new LinkedHashMap<>();
        for (String name : names) {
            Cancellation.checkpoint();
            long t = System.nanoTime();
            EvidenceAnalyzer analyzer = analyzers.get(name);
            out.put(name, stage("evidence analyser '" + name + "'", () -> analyzer.analyze(image)));
            timings.put("evidence." + name, (System.nanoTime() - t) / 1e6);
        }
        return out;
    }

    /** A stage's work; what it throws (but cancellation and non-finite results) becomes {@link AnalysisStageException}. */
    private static <T> T stage(String name, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (CancelledException | NonFiniteResultException | AnalysisStageException e) {
            throw e;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            throw new AnalysisStageException(name, e);
        }
    }

    @Override
    public AnalysisResult analyze(LoadedImage image, AnalysisOptions options) throws ImageReadException {
        Map<String, Double> timings = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Detection d;
        try {
            d = detector.detect(image);
        } catch (ImageReadException | CancelledException e) {
            throw e;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            throw new AnalysisStageException("network", e);
        }
        timings.put("network", (System.nanoTime() - t0) / 1e6);
        Set<String> needed = new LinkedHashSet<>();
        if (options.fusion()) {
            needed.addAll(FusionFeatureOps.ANALYZERS);
        }
        if (options.explain() && explainer != null) {
            needed.addAll(explainerAnalyzers);
        }
        if (options.evidence()) {
            needed.addAll(TAB_ANALYZERS);
        }
        Map<String, Evidence> evidence = evidence(image, needed, timings);
        Cancellation.checkpoint();

        ProbabilityMap network = d.probability();
        Segmentation segmentation;
        Fused fused = null;
        if (options.fusion()) {
            long t1 = System.nanoTime();
            fused = stage("fusion", () -> fuse(d, evidence, options));
            segmentation = fused.segmentation();
            timings.put("fusion", (System.nanoTime() - t1) / 1e6);
        } else {
            segmentation = options.segment(network);
        }
        ProbabilityMap probability = fused != null ? fused.probability() : network;
        Cancellation.checkpoint();

        JsonNode explanation = null;
        if (options.explain() && explainer != null) {
            long t2 = System.nanoTime();
            Map<String, Evidence> forExplainer = new LinkedHashMap<>();
            for (String name : explainerAnalyzers) {
                forExplainer.put(name, evidence.get(name));
            }
            // the mask's own regions: the same segmentation as the boxes and the fusion regions
            Explanation e = stage("explanation", () -> explainer.explain(image, segmentation, null, List.of(), forExplainer));
            ObjectNode node = ExplanationWriter.mapper().valueToTree(e);
            if (fused != null && !fused.sentences().isEmpty()) {
                ArrayNode sentences = node.withArray("sentences");
                fused.sentences().forEach(sentences::add);
            }
            explanation = node;
            timings.put("explanation", (System.nanoTime() - t2) / 1e6);
        }
        Cancellation.checkpoint();
        List<EvidenceMap> maps = new ArrayList<>();
        if (options.evidence()) {
            for (String name : TAB_ANALYZERS) {
                maps.add(EvidenceMaps.toMap(evidence.get(name)));
            }
        }
        // without fusion, the verdict (when fitted) is read on the network's own features; its calibrated probability
        // is then the image score, as the fused rule's is with fusion
        Verdict verdict = fused != null ? fused.verdict()
                : rule.networkVerdict() != null ? rule.networkVerdict().decide(d.score(), network) : null;
        double score = fused != null ? fused.score() : verdict != null ? verdict.probability() : d.score();
        timings.put("total", (System.nanoTime() - t0) / 1e6);
        return new AnalysisResult(image.source(), image.format(), image.width(), image.height(), score,
                segmentation.boxes(), d.gate(), d.gateConfidence(), probability, segmentation.mask(), explanation, maps,
                timings, fused != null ? fused.json() : null, verdict);
    }

    /** The fused map and score, its segmentation, regions and sentences. */
    private record Fused(ProbabilityMap probability, double score, Verdict verdict,
                         Segmentation segmentation, JsonNode json, List<String> sentences) {
    }

    private Fused fuse(Detection d, Map<String, Evidence> evidence, AnalysisOptions options) {
        ProbabilityMap network = d.probability();
        // row by row, the evidence read at its working grid: no full-size feature columns (docs/fusion.md)
        ProbabilityMap probability = rule.fuse(network, evidence);
        double score = rule.score(d.score(), network, probability, evidence);
        Verdict verdict = rule.verdict() != null ? rule.verdict().decide(score) : null;
        Segmentation segmentation = options.segment(probability);
        Map<String, ProbabilityMap> maps = new LinkedHashMap<>();
        maps.put("network", network);
        for (String name : FusionFeatureOps.ANALYZERS) {
            Evidence e = evidence.get(name);
            maps.put(name, e != null ? e.score() : new ProbabilityMap(1, 1, new float[1]));
        }
        Evidence copyMove = evidence.get("copymove");
        List<FusionRegionOps.CloneView> clones = FusionRegionOps.clones(CopyMoveAnalyzer.clones(copyMove), network,
                copyMove.score());
        List<FusionRegionOps.Region> regions = FusionRegionOps.regions(segmentation, probability, maps, clones);
        List<String> sentences = FusionRegionOps.sentences(regions, clones);
        return new Fused(probability, score, verdict, segmentation, FusionRegionOps.json(rule, regions, clones, sentences),
                sentences);
    }

    @Override
    public JsonNode describe() {
        ObjectNode node = ResultJson.MAPPER.createObjectNode();
        OmniImlModel model = detector.model();
        node.put("kind", "omniiml-network");
        node.put("detector", "network");
        node.put("model", model.origin());
        if (modelDirectory != null) {
            node.put("model_directory", modelDirectory.toAbsolutePath().toString());
        }
        node.put("trained", model.isTrained());
        if (!model.isTrained()) {
            node.put("warning", "the network has RANDOM weights: its maps and scores are meaningless");
        }
        node.put("parameters", model.inferenceParameterCount());
        try {
            node.set("config", ResultJson.MAPPER.readTree(model.config().toJson()));
        } catch (IOException | RuntimeException e) {
            node.put("config", model.config().name());
        }
        node.set("provenance", model.provenance().deepCopy());
        node.set("fusion", rule.toJson());
        ObjectNode cm = node.putObject("copymove");
        cm.put("max_side", COPY_MOVE_MAX_SIDE);
        cm.put("max_keypoints", COPY_MOVE_MAX_KEYPOINTS);
        node.putArray("evidence").addAll(TAB_ANALYZERS.stream()
                .map(a -> (JsonNode) ResultJson.MAPPER.getNodeFactory().textNode(a)).toList());
        node.put("explainer", explainer != null ? "local" : "off");
        return node;
    }

    @Override
    public void close() {
        if (closeModel) {
            detector.model().close();
        }
    }

    /** Builder: set = required, opt = optional (DJL style). */
    public static final class Builder {
        private NetworkDetector detector;
        private FusionRule rule = FusionRule.maxRule();
        private Explainer explainer;
        private boolean explain = true;
        private CopyMoveAnalyzer copyMove = CopyMoveAnalyzer.builder().optMaxSide(COPY_MOVE_MAX_SIDE)
                .optMaxKeypoints(COPY_MOVE_MAX_KEYPOINTS).build();
        private Path modelDirectory;
        private boolean closeModel;
        private final Map<String, EvidenceAnalyzer> replaced = new LinkedHashMap<>();

        public Builder setDetector(NetworkDetector detector) {
            this.detector = detector;
            return this;
        }

        /** The fusion rule (default: {@link FusionRule#maxRule()}). */
        public Builder optFusionRule(FusionRule rule) {
            this.rule = rule;
            return this;
        }

        /** The explainer (default: the local explainer over the explain module's default analysers). */
        public Builder optExplainer(Explainer explainer) {
            this.explainer = explainer;
            return this;
        }

        /** Whether explanations can be made at all (false: {@code explain} in the options is ignored). */
        public Builder optExplain(boolean explain) {
            this.explain = explain;
            return this;
        }

        /** The copy-move matcher used by fusion and explanation (default: 1024 px, 2000 keypoints). */
        public Builder optCopyMove(CopyMoveAnalyzer copyMove) {
            this.copyMove = copyMove;
            return this;
        }

        /**
         * Replaces the evidence analyser of the same {@link EvidenceAnalyzer#name()} (fusion, explanation and the
         * evidence tabs all use it); e.g. a differently configured analyser, or one that fails in tests.
         */
        public Builder optAnalyzer(EvidenceAnalyzer analyzer) {
            replaced.put(analyzer.name(), analyzer);
            return this;
        }

        /** The model's directory, shown by {@link #describe()}. */
        public Builder optModelDirectory(Path dir) {
            this.modelDirectory = dir;
            return this;
        }

        /** Whether {@link #close()} closes the detector's model (default false: the caller owns it). */
        public Builder optCloseModel(boolean closeModel) {
            this.closeModel = closeModel;
            return this;
        }

        public ImagePipeline build() {
            if (detector == null) {
                throw new IllegalStateException("ImagePipeline needs setDetector(...)");
            }
            if (rule == null || copyMove == null) {
                throw new IllegalStateException("fusion rule and copy-move analyser must not be null");
            }
            return new ImagePipeline(this);
        }
    }
}
