package io.omniiml.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.ProbabilityMap;

import java.util.List;
import java.util.Map;

/**
 * Everything one image's analysis produced, in image coordinates.
 *
 * @param source         the file or upload name
 * @param score          image-level probability that the image was manipulated, in [0, 1]
 * @param boxes          boxes around the connected tampered regions of {@code mask}
 * @param gate           which branch the modal gate chose (e.g. "rgb" or "rgb+dct"), or "" when unknown
 * @param probability    per-pixel tampering probability at image size
 * @param mask           {@code probability} thresholded at the requested threshold
 * @param explanation    the structured explanation (per region: content, positions, artifacts; sentences), or null
 * @param evidence       evidence maps (empty unless asked for and available)
 * @param timingsMs      stage name to milliseconds
 * @param fusion         how the final map was made (rule, per-region sources, clones), or null without fusion
 * @param verdict        the integrity verdict on {@code score} (a calibrated probability), or null when the analysis
 *                       has no calibrated decision rule (no fusion, or a fusion rule without a verdict)
 */
public record AnalysisResult(String source, String format, int width, int height, double score, List<Box> boxes,
                             String gate, double gateConfidence, ProbabilityMap probability, Mask mask,
                             JsonNode explanation, List<EvidenceMap> evidence, Map<String, Double> timingsMs,
                             JsonNode fusion, Verdict verdict) {
    public AnalysisResult {
        boxes = List.copyOf(boxes);
        evidence = List.copyOf(evidence);
        timingsMs = Map.copyOf(timingsMs);
    }

    /** Without a verdict. */
    public AnalysisResult(String source, String format, int width, int height, double score, List<Box> boxes,
                          String gate, double gateConfidence, ProbabilityMap probability, Mask mask,
                          JsonNode explanation, List<EvidenceMap> evidence, Map<String, Double> timingsMs,
                          JsonNode fusion) {
        this(source, format, width, height, score, boxes, gate, gateConfidence, probability, mask, explanation,
                evidence, timingsMs, fusion, null);
    }

    /** Without fusion information (detectors that do not fuse). */
    public AnalysisResult(String source, String format, int width, int height, double score, List<Box> boxes,
                          String gate, double gateConfidence, ProbabilityMap probability, Mask mask,
                          JsonNode explanation, List<EvidenceMap> evidence, Map<String, Double> timingsMs) {
        this(source, format, width, height, score, boxes, gate, gateConfidence, probability, mask, explanation,
                evidence, timingsMs, null, null);
    }

    /**
     * Whether the regions are weak candidates rather than findings: the verdict says the image shows no evidence of
     * editing, so whatever the map marks did not add up to an edit.
     */
    public boolean regionsAreWeakCandidates() {
        return verdict != null && Verdict.NO_EVIDENCE.equals(verdict.label());
    }

    /** Fraction of pixels in the mask. */
    public double tamperedFraction() {
        return mask.data().length == 0 ? 0 : (double) mask.count() / mask.data().length;
    }
}
