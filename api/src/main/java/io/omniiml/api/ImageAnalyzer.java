package io.omniiml.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniiml.core.image.LoadedImage;

/**
 * Turns a decoded image into a full analysis (network output plus explanation). The applications (scan, serve,
 * the web page) depend only on this interface. Implementations must be safe to call from several threads.
 */
public interface ImageAnalyzer extends AutoCloseable {
    AnalysisResult analyze(LoadedImage image, AnalysisOptions options) throws Exception;

    /** What answers: model name, configuration, provenance; shown by {@code GET /api/v1/model}. */
    JsonNode describe();

    @Override
    default void close() {
    }
}
