package io.omniiml.training;

import java.io.IOException;

/** Labelled images by index, deterministic and safe to call from several threads. */
public interface ExampleSource {
    /** The image at {@code index} (sources of finite size wrap around). */
    LabelledImage get(long index) throws IOException;

    /** What this source is, for logs and provenance. */
    String describe();
}
