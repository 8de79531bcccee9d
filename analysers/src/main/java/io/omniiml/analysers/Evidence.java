package io.omniiml.analysers;

import io.omniiml.core.mask.ProbabilityMap;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * What one analyser found in one image.
 *
 * @param analyzer      the analyser's name
 * @param quantity      what {@code measure} holds, in words ("noise level")
 * @param score         per-pixel tampering score in [0, 1], at the image's {@link WorkingGrid} (the image size up to
 *                      about 2 MP, reduced by an integer factor above: read with {@link WorkingGrid#index})
 * @param measure       the raw per-pixel measurement at the same size, in the quantity's own unit
 * @param visualization a picture of the evidence for people (same size)
 * @param stats         image-level numbers and facts, sorted by key (deterministic JSON)
 * @param findings      image-level statements in words, including what could not be measured and why
 */
public record Evidence(String analyzer, String quantity, ProbabilityMap score, Field measure,
                       BufferedImage visualization, Map<String, Object> stats, List<String> findings) {

    /** Evidence that could not be measured: a zero score, NaN measure, and the reason as the only finding. */
    public static Evidence unavailable(String analyzer, String quantity, int width, int height, String reason) {
        WorkingGrid grid = WorkingGrid.of(width, height);
        ProbabilityMap zero = grid.zeros();
        return new Evidence(analyzer, quantity, zero, Field.filled(grid.width(), grid.height(), Float.NaN),
                PixelOps.heatmap(zero), new java.util.TreeMap<>(Map.of("available", false, "reason", reason)),
                List.of(reason));
    }

    public boolean available() {
        return !Boolean.FALSE.equals(stats.get("available"));
    }
}
