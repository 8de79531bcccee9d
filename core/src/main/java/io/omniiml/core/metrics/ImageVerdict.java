package io.omniiml.core.metrics;

/**
 * An image's integrity verdict as a prediction file states it ({@code STEM.json}: {@code edited_probability},
 * {@code verdict_threshold}, {@code verdict}).
 *
 * @param probability the calibrated probability that the image was edited
 * @param threshold   the default decision threshold it was read against (flagged when probability > threshold)
 * @param label       "edited", "no evidence of editing" or "uncertain"
 */
public record ImageVerdict(double probability, double threshold, String label) {
    public boolean flagged() {
        return probability > threshold;
    }
}
