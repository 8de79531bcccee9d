package io.omniiml.api;

import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.core.mask.Segmentation;

/**
 * What one analysis should compute. {@code threshold} turns the probability map into the mask (strict {@code >},
 * as IMDL-BenCo); {@code explain} asks for the structured explanation; {@code evidence} for the forensic evidence
 * maps (ELA, noise, JPEG, ...), which cost extra time; {@code fusion} combines the network with the evidence
 * analysers (false: the network alone, for the paper's protocol and ablations; detectors without a network
 * ignore it); {@code minRegionPixels} is the smallest connected region that gets a box, a fusion region and a
 * description (0: the one default rule, {@link Segmentation#minRegionPixels(int, int)}: 16 pixels or 1/4000 of
 * the image, whichever is larger). The mask, the boxes, the fusion regions and the explanation all come from one
 * {@link Segmentation} at {@code threshold} with this smallest region.
 */
public record AnalysisOptions(double threshold, boolean explain, boolean evidence, boolean fusion, int minRegionPixels) {
    public static final AnalysisOptions DEFAULT = new AnalysisOptions(0.5, true, false, true);

    public AnalysisOptions {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must lie in [0, 1], got " + threshold);
        }
        if (minRegionPixels < 0) {
            throw new IllegalArgumentException("the smallest region must be 0 (default) or more pixels, got " + minRegionPixels);
        }
    }

    /** With the default smallest region. */
    public AnalysisOptions(double threshold, boolean explain, boolean evidence, boolean fusion) {
        this(threshold, explain, evidence, fusion, 0);
    }

    /** With fusion on (the default). */
    public AnalysisOptions(double threshold, boolean explain, boolean evidence) {
        this(threshold, explain, evidence, true);
    }

    public AnalysisOptions withThreshold(double t) {
        return new AnalysisOptions(t, explain, evidence, fusion, minRegionPixels);
    }

    public AnalysisOptions withEvidence(boolean e) {
        return new AnalysisOptions(threshold, explain, e, fusion, minRegionPixels);
    }

    public AnalysisOptions withExplain(boolean e) {
        return new AnalysisOptions(threshold, e, evidence, fusion, minRegionPixels);
    }

    public AnalysisOptions withFusion(boolean f) {
        return new AnalysisOptions(threshold, explain, evidence, f, minRegionPixels);
    }

    /** With another smallest region (0: the default rule). */
    public AnalysisOptions withMinRegionPixels(int pixels) {
        return new AnalysisOptions(threshold, explain, evidence, fusion, pixels);
    }

    /** The segmentation of {@code map} under these options: one threshold, one smallest region. */
    public Segmentation segment(ProbabilityMap map) {
        return Segmentation.of(map, threshold, minRegionPixels);
    }
}
