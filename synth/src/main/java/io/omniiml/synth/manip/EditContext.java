package io.omniiml.synth.manip;

import io.omniiml.synth.image.Canvas;
import io.omniiml.synth.source.SourceImage;

import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * What an edit works with: the canvas (the source crop, written through blend), the clean source crop
 * (read only), the random generator of this sample, and donors: other sources of the same task and split,
 * cropped to at most the requested size ({@code donors.apply(random, size)}).
 */
public record EditContext(Canvas canvas, SourceImage source, SplittableRandom random,
                          BiFunction<SplittableRandom, Integer, SourceImage> donors) {

    public SourceImage donor(int maxSize) {
        return donors.apply(random, maxSize);
    }
}
