package io.omniiml.pipeline.fusion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.api.Verdict;

import java.util.Arrays;

/**
 * The decision on an image's calibrated probability of having been edited: flagged when the probability is above
 * {@link #threshold()} (chosen for a stated false-alarm rate on generated authentic images), with an uncertain band
 * around it where the odds are within a factor {@link #oddsFactor()} of the threshold's odds. Stored in
 * {@code fusion.json} under {@code verdict}. Immutable.
 */
public final class VerdictRule {
    /** The band's half-width in odds: within 2x of the threshold's odds either way is "uncertain". */
    public static final double DEFAULT_ODDS_FACTOR = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final double threshold;
    private final double oddsFactor;
    private final double targetFalseAlarmRate;
    private final ObjectNode provenance;

    public VerdictRule(double threshold, double oddsFactor, double targetFalseAlarmRate, ObjectNode provenance) {
        if (!(threshold > 0 && threshold < 1) || !(oddsFactor >= 1) || !(targetFalseAlarmRate >= 0 && targetFalseAlarmRate <= 1)) {
            throw new IllegalArgumentException("verdict rule needs 0 < threshold < 1, odds factor >= 1 and a rate in [0, 1], got "
                    + threshold + ", " + oddsFactor + ", " + targetFalseAlarmRate);
        }
        this.threshold = threshold;
        this.oddsFactor = oddsFactor;
        this.targetFalseAlarmRate = targetFalseAlarmRate;
        this.provenance = provenance == null ? JSON.createObjectNode() : provenance.deepCopy();
    }

    public double threshold() {
        return threshold;
    }

    public double oddsFactor() {
        return oddsFactor;
    }

    public double targetFalseAlarmRate() {
        return targetFalseAlarmRate;
    }

    /** Lower edge of the uncertain band: the threshold's odds divided by the odds factor. */
    public double uncertainLow() {
        return withOdds(threshold, 1 / oddsFactor);
    }

    /** Upper edge of the uncertain band: the threshold's odds times the odds factor. */
    public double uncertainHigh() {
        return withOdds(threshold, oddsFactor);
    }

    private static double withOdds(double p, double factor) {
        double odds = p / (1 - p) * factor;
        return odds / (1 + odds);
    }

    /** "edited" above the band, "no evidence of editing" below it, "uncertain" inside [low, high]. */
    public Verdict decide(double probability) {
        if (!Double.isFinite(probability)) {
            throw new IllegalArgumentException("no verdict on a non-finite probability " + probability);
        }
        double low = uncertainLow();
        double high = uncertainHigh();
        String label = probability > high ? Verdict.EDITED : probability < low ? Verdict.NO_EVIDENCE : Verdict.UNCERTAIN;
        return new Verdict(label, probability, threshold, low, high);
    }

    /**
     * The least threshold t among the scores such that at most {@code falseAlarmRate} of the authentic scores lie
     * strictly above it (flagged = score > t): the (k+1)-th largest authentic score, k = floor(rate * n). Ties can
     * only lower the realised rate.
     */
    public static double thresholdForFalseAlarmRate(double[] authenticScores, double falseAlarmRate) {
        if (authenticScores.length == 0 || !(falseAlarmRate >= 0 && falseAlarmRate < 1)) {
            throw new IllegalArgumentException("need authentic scores and a rate in [0, 1), got " + authenticScores.length
                    + " scores and " + falseAlarmRate);
        }
        double[] sorted = authenticScores.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        int allowed = (int) Math.floor(falseAlarmRate * n + 1e-9);
        return sorted[n - 1 - allowed];
    }

    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("threshold", threshold);
        o.put("uncertain_low", uncertainLow());
        o.put("uncertain_high", uncertainHigh());
        o.put("odds_factor", oddsFactor);
        o.put("target_false_alarm_rate", targetFalseAlarmRate);
        o.put("rule", "flagged when edited_probability > threshold; '" + Verdict.EDITED + "' above uncertain_high, '" + Verdict.NO_EVIDENCE
                + "' below uncertain_low, '" + Verdict.UNCERTAIN + "' in between");
        o.set("provenance", provenance.deepCopy());
        return o;
    }

    /** From {@link #toJson()}; {@code where} names the file in messages. */
    public static VerdictRule fromJson(JsonNode o, String where) {
        if (!o.path("threshold").isNumber() || !o.path("odds_factor").isNumber() || !o.path("target_false_alarm_rate").isNumber()) {
            throw new IllegalArgumentException(where + ": verdict needs numbers threshold, odds_factor and target_false_alarm_rate");
        }
        try {
            return new VerdictRule(o.get("threshold").asDouble(), o.get("odds_factor").asDouble(),
                    o.get("target_false_alarm_rate").asDouble(),
                    o.path("provenance").isObject() ? (ObjectNode) o.get("provenance") : null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    public ObjectNode provenance() {
        return provenance.deepCopy();
    }
}
