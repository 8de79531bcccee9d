package io.omniiml.app.pipeline;

/**
 * What one analysis should compute. {@code threshold} turns the probability map into the mask (strict {@code >},
 * as IMDL-BenCo); {@code explain} asks for the structured explanation; {@code evidence} for the forensic evidence
 * maps (ELA, noise, JPEG, ...), which cost extra time; {@code fusion} combines the network with the evidence
 * analysers (false: the network alone, for the paper's protocol and ablations; detectors without a network
 * ignore it).
 */
public record AnalysisOptions(double threshold, boolean explain, boolean evidence, boolean fusion) {
    public static final AnalysisOptions DEFAULT = new AnalysisOptions(0.5, true, false, true);

    public AnalysisOptions {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must lie in [0, 1], got " + threshold);
        }
    }

    /** With fusion on (the default). */
    public AnalysisOptions(double threshold, boolean explain, boolean evidence) {
        this(threshold, explain, evidence, true);
    }

    public AnalysisOptions withThreshold(double t) {
        return new AnalysisOptions(t, explain, evidence, fusion);
    }

    public AnalysisOptions withEvidence(boolean e) {
        return new AnalysisOptions(threshold, explain, e, fusion);
    }

    public AnalysisOptions withExplain(boolean e) {
        return new AnalysisOptions(threshold, e, evidence, fusion);
    }

    public AnalysisOptions withFusion(boolean f) {
        return new AnalysisOptions(threshold, explain, evidence, f);
    }
}
