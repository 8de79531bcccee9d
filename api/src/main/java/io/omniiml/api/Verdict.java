package io.omniiml.api;

/**
 * One image's integrity verdict: the label, the calibrated probability that the image was edited and the decision
 * rule's numbers it was read against.
 *
 * @param label         {@link #EDITED}, {@link #NO_EVIDENCE} or {@link #UNCERTAIN}
 * @param probability   calibrated probability that the image was edited
 * @param threshold     the default threshold (chosen for a stated false-alarm rate on authentic images)
 * @param uncertainLow  lower edge of the uncertain band around the threshold
 * @param uncertainHigh upper edge of the uncertain band
 */
public record Verdict(String label, double probability, double threshold, double uncertainLow, double uncertainHigh) {
    public static final String EDITED = "edited";
    public static final String NO_EVIDENCE = "no evidence of editing";
    public static final String UNCERTAIN = "uncertain";

    /** Whether the probability is above the default threshold (what the false-alarm rate counts). */
    public boolean flagged() {
        return probability > threshold;
    }
}
