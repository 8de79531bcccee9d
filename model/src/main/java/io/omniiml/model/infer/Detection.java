package io.omniiml.model.infer;

import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.ProbabilityMap;

import java.util.List;
import java.util.Map;

/**
 * What the detector found in one image, in the DISPLAYED orientation (EXIF applied).
 *
 * @param probability    per-pixel tampering probability
 * @param mask           probability thresholded at the detector's threshold (strict >)
 * @param score          image-level probability that the image was tampered (max over tiles)
 * @param boxes          connected components of the mask (8-connected), as boxes
 * @param gate           "vision" or "fused": the path taken (for tiled images: the path of most of the area)
 * @param gateConfidence the gate's mean probability for that path over the tiles (1.0 when forced)
 * @param timingsMs      prepare (decode of coefficients, re-encoding), network, stitch, total, plus "tiles" (count)
 */
public record Detection(ProbabilityMap probability, Mask mask, double score, List<Box> boxes, String gate,
                        double gateConfidence, Map<String, Double> timingsMs) {
}
