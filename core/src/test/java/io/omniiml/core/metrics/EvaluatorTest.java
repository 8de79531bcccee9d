package io.omniiml.core.metrics;

import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.ProbabilityMap;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluatorTest {
    private static ProbabilityMap map(float... v) {
        return new ProbabilityMap(2, 2, v);
    }

    @Test
    void authenticImagesGetFalseAlarmRateAndMarkedArea() {
        Evaluator e = new Evaluator();
        e.add("tampered", new Mask(2, 2, new byte[] {1, 0, 0, 0}), map(0.9f, 0.1f, 0.1f, 0.1f), 0.9);
        e.add("clean", null, map(0f, 0f, 0f, 0f), 0.2);
        e.add("flagged", null, map(0.8f, 0.6f, 0.1f, 0.1f), 0.7);     // half its area marked, score above 0.5
        e.add("edge", null, map(0.5f, 0.5f, 0.5f, 0.5f), 0.5);        // exactly 0.5: strict >, not marked
        List<MetricResult> r = e.results();
        assertEquals(1 / 3.0, Evaluator.find(r, Protocols.IMAGE_POOLED, "false_alarm_rate"), 1e-12);
        assertEquals((0 + 0.5 + 0) / 3, Evaluator.find(r, Protocols.AUTHENTIC_PIXEL, "marked_area"), 1e-12);
        assertEquals(1 / 3.0, Evaluator.find(r, Protocols.AUTHENTIC_PIXEL, "any_marked"), 1e-12);
        assertEquals(1.0, Evaluator.find(r, Protocols.IMAGE_POOLED_AUC, "auc"), 1e-12);
        assertEquals(1.0, Evaluator.find(r, Protocols.IMDLBENCO_PIXEL, "f1"), 1e-12);
    }

    @Test
    void withoutAuthenticImagesTheFalseAlarmRateIsUndefined() {
        Evaluator e = new Evaluator();
        e.add("tampered", new Mask(2, 2, new byte[] {1, 0, 0, 0}), map(0.9f, 0.1f, 0.1f, 0.1f), null);
        assertTrue(Double.isNaN(Evaluator.find(e.results(), Protocols.IMAGE_POOLED, "false_alarm_rate")));
        assertTrue(Double.isNaN(Evaluator.find(e.results(), Protocols.AUTHENTIC_PIXEL, "marked_area")));
    }
}
