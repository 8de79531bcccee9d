package io.omniiml.explain;

import io.omniiml.core.mask.Box;

/**
 * What a caller knows about one region beforehand (e.g. from a generated sample): the region whose box overlaps
 * {@code box} most gets it. {@code originalText} is the text before tampering, when known (else null).
 */
public record RegionHint(Box box, String originalText) {
}
