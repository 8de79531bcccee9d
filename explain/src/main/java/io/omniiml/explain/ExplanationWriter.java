package io.omniiml.explain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** JSON and plain-text forms of an {@link Explanation}; both byte-identical for identical input. */
public final class ExplanationWriter {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private ExplanationWriter() {
    }

    public static ObjectMapper mapper() {
        return JSON;
    }

    public static String json(Explanation e) {
        try {
            return JSON.writeValueAsString(e) + "\n";
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("explanation not serializable: " + ex.getMessage(), ex);
        }
    }

    public static String text(Explanation e) {
        return String.join("\n", e.sentences()) + "\n";
    }
}
