package io.omniiml.synth;

import io.omniiml.synth.source.SourceLibrary;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared data the tests read (never copied into the repository). */
public final class TestData {
    private TestData() {
    }

    public static Path root() {
        Path root = SourceLibrary.defaultRoot();
        if (!Files.isDirectory(root.resolve("sources"))) {
            throw new IllegalStateException(root + ": shared data not found; set OMNIIML_SHARED");
        }
        return root;
    }

    public static SourceLibrary library() {
        return new SourceLibrary(root(), 32_000_000, false);
    }
}
