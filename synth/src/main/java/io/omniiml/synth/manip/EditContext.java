package io.omniiml.synth.manip;

import io.omniiml.synth.image.Canvas;
import io.omniiml.synth.source.NaturalSources;
import io.omniiml.synth.source.SourceImage;

import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * What an edit works with: the canvas (the source crop, written through blend), the clean source crop
 * (read only), the random generator of this sample, and donors: other sources of the same task and split,
 * cropped to at most the requested size ({@code donors.apply(random, size)}). {@code natural} (null: none)
 * lends natural edits human segments, segmented photos, object photos and camera photos of the same split.
 */
public record EditContext(Canvas canvas, SourceImage source, SplittableRandom random,
                          BiFunction<SplittableRandom, Integer, SourceImage> donors, NaturalSources natural) {

    public EditContext(Canvas canvas, SourceImage source, SplittableRandom random,
                       BiFunction<SplittableRandom, Integer, SourceImage> donors) {
        this(canvas, source, random, donors, null);
    }

    public SourceImage donor(int maxSize) {
        return donors.apply(random, maxSize);
    }

    /** Whether human segments are available (natural sources given and the split has segmented photos). */
    public boolean hasSegments() {
        return natural != null && natural.hasSegments();
    }
}
