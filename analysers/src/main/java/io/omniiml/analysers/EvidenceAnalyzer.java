package io.omniiml.analysers;

import io.omniiml.core.image.LoadedImage;

/**
 * One forensic cue computed from an image: a per-pixel score (usable as a classical detector), a raw
 * measurement map, a picture for people, and image-level statistics. Implementations are stateless after
 * construction, deterministic, and never throw on a decodable image (tiny, flat, grey, non-JPEG): they
 * report what they could not measure in {@link Evidence#findings()} instead.
 */
public interface EvidenceAnalyzer {
    /** Short stable name used on the command line and in file names: "ela", "noise", ... */
    String name();

    /** What the raw measurement means, in words (used in sentences): "noise level", "error level". */
    String quantity();

    Evidence analyze(LoadedImage image);
}
