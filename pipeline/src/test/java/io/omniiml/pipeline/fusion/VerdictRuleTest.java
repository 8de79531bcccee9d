package io.omniiml.pipeline.fusion;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniiml.api.Verdict;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerdictRuleTest {
    @Test
    void thresholdKeepsTheStatedFalseAlarmRateOnAKnownList() {
        double[] authentic = new double[20];
        for (int i = 0; i < 20; i++) {
            authentic[i] = (20 - i) / 100.0; // 0.20, 0.19, ..., 0.01 (unsorted order on purpose)
        }
        // 5 % of 20 = 1 image may lie above: the threshold is the second largest score
        assertEquals(0.19, VerdictRule.thresholdForFalseAlarmRate(authentic, 0.05), 1e-12);
        // 10 %: two above
        assertEquals(0.18, VerdictRule.thresholdForFalseAlarmRate(authentic, 0.10), 1e-12);
        // 0 %: none above, the largest score itself (flagged is strictly above)
        assertEquals(0.20, VerdictRule.thresholdForFalseAlarmRate(authentic, 0.0), 1e-12);
        // 4.9 % of 20 < 1: none may lie above
        assertEquals(0.20, VerdictRule.thresholdForFalseAlarmRate(authentic, 0.049), 1e-12);
        // ties at the top can only lower the realised rate
        double t = VerdictRule.thresholdForFalseAlarmRate(new double[] {0.9, 0.9, 0.9, 0.1}, 0.25);
        assertEquals(0.9, t, 1e-12);
        assertThrows(IllegalArgumentException.class, () -> VerdictRule.thresholdForFalseAlarmRate(new double[0], 0.05));
    }

    @Test
    void bandAroundTheThreshold() {
        VerdictRule rule = new VerdictRule(0.5, 2, 0.05, null);
        assertEquals(1 / 3.0, rule.uncertainLow(), 1e-12);   // odds 1/2
        assertEquals(2 / 3.0, rule.uncertainHigh(), 1e-12);  // odds 2
        assertEquals(Verdict.EDITED, rule.decide(0.7).label());
        assertEquals(Verdict.NO_EVIDENCE, rule.decide(0.2).label());
        assertEquals(Verdict.UNCERTAIN, rule.decide(0.5).label());
        assertEquals(Verdict.UNCERTAIN, rule.decide(0.34).label());
        assertEquals(Verdict.UNCERTAIN, rule.decide(0.6).label());
        assertTrue(rule.decide(0.6).flagged());
        assertFalse(rule.decide(0.5).flagged()); // strictly above the threshold
        assertThrows(IllegalArgumentException.class, () -> rule.decide(Double.NaN));
        // an odds factor of 1 leaves no band: every probability is edited or not
        VerdictRule sharp = new VerdictRule(0.8, 1, 0.05, null);
        assertEquals(Verdict.EDITED, sharp.decide(0.81).label());
        assertEquals(Verdict.NO_EVIDENCE, sharp.decide(0.79).label());
        assertThrows(IllegalArgumentException.class, () -> new VerdictRule(1.0, 2, 0.05, null));
        assertThrows(IllegalArgumentException.class, () -> new VerdictRule(0.5, 0.5, 0.05, null));
    }

    @Test
    void jsonRoundTrip() {
        VerdictRule rule = new VerdictRule(0.62, 2, 0.05, new ObjectMapper().createObjectNode().put("note", "x"));
        VerdictRule back = VerdictRule.fromJson(rule.toJson(), "test");
        assertEquals(0.62, back.threshold(), 0);
        assertEquals(2, back.oddsFactor(), 0);
        assertEquals(0.05, back.targetFalseAlarmRate(), 0);
        assertEquals("x", back.provenance().path("note").asText());
        assertThrows(IllegalArgumentException.class, () -> VerdictRule.fromJson(new ObjectMapper().createObjectNode(), "bad"));
    }
}
