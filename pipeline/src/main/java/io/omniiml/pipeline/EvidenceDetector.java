package io.omniiml.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.analysers.Evidence;
import io.omniiml.analysers.EvidenceAnalyzer;
import io.omniiml.api.AnalysisOptions;
import io.omniiml.api.AnalysisResult;
import io.omniiml.api.EvidenceMap;
import io.omniiml.api.ImageAnalyzer;
import io.omniiml.core.concurrent.Cancellation;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.core.mask.Segmentation;
import io.omniiml.pipeline.fusion.FusionFeatureOps;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A classical detector without a network: one evidence analyser's per-pixel score is the probability map, and
 * the image score is the mean of its top 1 % (a robust "how strong is the strongest region"). Fast and
 * deterministic; useful where no trained model is available, and as a baseline next to the network.
 */
public final class EvidenceDetector implements ImageAnalyzer {
    private final EvidenceAnalyzer detector;
    private final List<EvidenceAnalyzer> evidence;

    public EvidenceDetector(EvidenceAnalyzer detector, List<EvidenceAnalyzer> evidence) {
        this.detector = detector;
        this.evidence = List.copyOf(evidence);
    }

    @Override
    public AnalysisResult analyze(LoadedImage image, AnalysisOptions options) {
        Map<String, Double> timings = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Evidence main = detector.analyze(image);
        ProbabilityMap probability = main.score();
        timings.put("detect", (System.nanoTime() - t0) / 1e6);
        Cancellation.checkpoint();
        Segmentation segmentation = options.segment(probability); // the one threshold and smallest region
        Mask mask = segmentation.mask();
        List<Box> boxes = segmentation.boxes();
        List<EvidenceMap> maps = List.of();
        if (options.evidence()) {
            long t1 = System.nanoTime();
            maps = EvidenceMaps.compute(image, evidence);
            timings.put("evidence", (System.nanoTime() - t1) / 1e6);
        }
        JsonNode explanation = null;
        if (options.explain()) {
            ObjectNode node = ResultJson.MAPPER.createObjectNode();
            node.putArray("sentences").addAll(main.findings().stream()
                    .map(s -> (JsonNode) ResultJson.MAPPER.getNodeFactory().textNode(s)).toList());
            explanation = node;
        }
        return new AnalysisResult(image.source(), image.format(), image.width(), image.height(), FusionFeatureOps.topMean(probability),
                boxes, "", 0, probability, mask, explanation, maps, timings);
    }

    @Override
    public JsonNode describe() {
        ObjectNode node = ResultJson.MAPPER.createObjectNode();
        node.put("kind", "evidence-detector");
        node.put("detector", detector.name());
        node.put("quantity", detector.quantity());
        node.put("trained", false);
        node.put("note", "classical detector (no network): the " + detector.quantity()
                + " score map is the probability; image score = mean of its top 1 %");
        node.putArray("evidence").addAll(evidence.stream()
                .map(a -> (JsonNode) ResultJson.MAPPER.getNodeFactory().textNode(a.name())).toList());
        return node;
    }
}
