package io.omniiml.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Locates benchmark inputs in the shared data folder (OMNIIML_SHARED, else ../shared, else /work/shared). */
public final class BenchFiles {
    private BenchFiles() {
    }

    public static Path shared() {
        String env = System.getenv("OMNIIML_SHARED");
        for (Path p : new Path[]{env == null ? null : Path.of(env), Path.of("../shared"), Path.of("/work/shared")}) {
            if (p != null && Files.isDirectory(p.resolve("data"))) {
                return p;
            }
        }
        throw new IllegalStateException("shared data folder not found: set OMNIIML_SHARED");
    }

    /** Up to {@code limit} files with the extension under a folder of the shared data, sorted by path. */
    public static List<Path> files(String relativeFolder, String extension, int limit) {
        Path dir = shared().resolve("data").resolve(relativeFolder);
        try (Stream<Path> s = Files.walk(dir)) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().toLowerCase().endsWith(extension))
                    .sorted().limit(limit).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
