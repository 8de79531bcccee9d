package io.omniiml.app.pipeline;

/**
 * What one analysis should compute. {@code threshold} turns the probability map into the mask (strict {@code >},
 * as IMDL-BenCo); {@code explain} asks for the structured explanation; {@code evidence} for the forensic evidence
 * maps (ELA, noise, JPEG, ...), which cost extra time.
 */
public record AnalysisOptions(double threshold, boolean explain, boolean evidence) {
    public static final AnalysisOptions DEFAULT = new AnalysisOptions(0.5, true, false);

    public AnalysisOptions {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must lie in [0, 1], got " + threshold);
        }
    }

    public AnalysisOptions withThreshold(double t) {
        return new AnalysisOptions(t, explain, evidence);
    }

    public AnalysisOptions withEvidence(boolean e) {
        return new AnalysisOptions(threshold, explain, e);
    }

    public AnalysisOptions withExplain(boolean e) {
        return new AnalysisOptions(threshold, e, evidence);
    }
}
