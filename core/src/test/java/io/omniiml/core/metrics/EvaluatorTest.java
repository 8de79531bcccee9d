package io.omniiml.core.metrics;

import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.ProbabilityMap;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    /**
     * Verdicts stated by the predictions: 2 tampered (p 0.9 and 0.4), 3 authentic (0.8, 0.3, 0.6) against a threshold
     * of 0.55 (flagged: 0.9, 0.8, 0.6). By hand: detection 1/2, false alarms 2/3, balanced accuracy (1/2 + 1/3) / 2,
     * accuracy 2/5; the pooled @0.5 metrics use the scores and are unaffected.
     */
    @Test
    void verdictMetricsAtTheStatedThreshold() {
        Evaluator e = new Evaluator();
        Mask gt = new Mask(2, 2, new byte[] {1, 0, 0, 0});
        e.add("t1", gt, null, 0.9, new ImageVerdict(0.9, 0.55, "edited"));
        e.add("t2", gt, null, 0.4, new ImageVerdict(0.4, 0.55, "uncertain"));
        e.add("a1", null, null, 0.8, new ImageVerdict(0.8, 0.55, "edited"));
        e.add("a2", null, null, 0.3, new ImageVerdict(0.3, 0.55, "no evidence of editing"));
        e.add("a3", null, null, 0.6, new ImageVerdict(0.6, 0.55, "uncertain"));
        e.add("noVerdict", null, null, 0.1);
        List<MetricResult> r = e.results();
        assertEquals(0.5, Evaluator.find(r, Protocols.IMAGE_VERDICT, "detection_rate"), 1e-12);
        assertEquals(2 / 3.0, Evaluator.find(r, Protocols.IMAGE_VERDICT, "false_alarm_rate"), 1e-12);
        assertEquals((0.5 + 1 / 3.0) / 2, Evaluator.find(r, Protocols.IMAGE_VERDICT, "balanced_accuracy"), 1e-12);
        assertEquals(2 / 5.0, Evaluator.find(r, Protocols.IMAGE_VERDICT, "accuracy"), 1e-12);
        assertEquals(3, r.stream().filter(m -> m.protocol().equals(Protocols.IMAGE_VERDICT) && m.metric().equals("false_alarm_rate"))
                .findFirst().orElseThrow().count());
        // at 0.5 over all six images: false alarms a1, a3 of 4 authentic
        assertEquals(0.5, Evaluator.find(r, Protocols.IMAGE_POOLED, "false_alarm_rate"), 1e-12);
        var counts = e.verdictCounts();
        assertEquals(List.of("edited", "uncertain", "no evidence of editing"), List.copyOf(counts.keySet()));
        assertArrayEquals(new int[] {1, 1}, counts.get("edited"));
        assertArrayEquals(new int[] {1, 1}, counts.get("uncertain"));
        assertArrayEquals(new int[] {1, 0}, counts.get("no evidence of editing"));
    }

    @Test
    void withoutVerdictsThereIsNoVerdictProtocol() {
        Evaluator e = new Evaluator();
        e.add("a", null, null, 0.8);
        assertTrue(e.results().stream().noneMatch(m -> m.protocol().equals(Protocols.IMAGE_VERDICT)));
        assertTrue(e.verdictCounts().isEmpty());
    }
}
