package io.omniiml.synth.manip;

import io.omniiml.core.data.Task;
import io.omniiml.synth.source.SourceImage;

/**
 * One kind of edit. Implementations write only through the context's {@link io.omniiml.synth.image.Canvas},
 * which is what makes the mask exact, and draw every random choice from the context's generator, which is
 * what makes a sample reproducible from (seed, index).
 */
public interface Manipulation {
    /** Stable name written to the manifest, e.g. "splice". */
    String type();

    Task task();

    /** Whether this edit can run on the source (e.g. text edits need legible text regions). */
    boolean appliesTo(SourceImage source);

    /** Performs the edit; returns null when no valid placement was found (the generator then tries another). */
    EditRecord apply(EditContext context);
}
