package io.omniiml.pipeline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniiml.pipeline.ResultJson;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The common result object (docs/json.md) as every front end must write it: one list of keys for all their tests. */
public final class ResultJsonChecks {
    /** The keys of every result object; the verdict keys, fusion and explanation come only with the analysis. */
    public static final List<String> ALWAYS = List.of("schema", "source", "format", "width", "height", "score",
            "threshold", "tampered_fraction", "tampered_pixels", "boxes", "gate", "gate_confidence", "timings_ms");

    private ResultJsonChecks() {
    }

    /** {@code json} has every key of {@link #ALWAYS}, and {@code schema} is {@link ResultJson#SCHEMA}. */
    public static void assertCommonKeys(JsonNode json) {
        assertEquals(ResultJson.SCHEMA, json.path("schema").asText(), json.toString());
        for (String key : ALWAYS) {
            assertTrue(json.has(key), key + " in " + json);
        }
    }

    /**
     * {@code json} carries {@code expected} (a {@link ResultJson#result} object): every key with the value it has once
     * written and read back, but for {@code timings_ms} (measured anew on each run) and the keys in {@code except}.
     */
    public static void assertCarries(JsonNode expected, JsonNode json, String... except) throws IOException {
        assertCommonKeys(json);
        // as a reader sees it: a long 7 reads back as an int 7
        JsonNode written = ResultJson.MAPPER.readTree(ResultJson.MAPPER.writeValueAsString(expected));
        List<String> skipped = List.of(except);
        written.fieldNames().forEachRemaining(key -> {
            assertTrue(json.has(key), key + " in " + json);
            if (!key.equals("timings_ms") && !skipped.contains(key)) {
                assertEquals(written.get(key), json.get(key), key);
            }
        });
    }
}
