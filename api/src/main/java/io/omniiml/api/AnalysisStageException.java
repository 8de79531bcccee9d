package io.omniiml.api;

/**
 * One stage of an analysis (the network, an evidence analyser, fusion, the explanation) failed on this image; the
 * cause is what it threw (an exception, or an {@link OutOfMemoryError} or {@link StackOverflowError}). It fails
 * this input only: front ends report it on the input's error line ({@link InputFailure#problem}) and go on.
 */
public final class AnalysisStageException extends RuntimeException {
    private final String stage;

    public AnalysisStageException(String stage, Throwable cause) {
        super(stage + " failed: " + InputFailure.describe(cause), cause);
        this.stage = stage;
    }

    /** The stage in words: "network", "evidence analyser 'ela'", "fusion", "explanation". */
    public String stage() {
        return stage;
    }
}
