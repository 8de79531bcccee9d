package io.omniiml.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.api.AnalysisOptions;
import io.omniiml.api.AnalysisResult;
import io.omniiml.api.NonFiniteResultException;
import io.omniiml.api.Verdict;
import io.omniiml.core.mask.Box;

import java.util.Map;
import java.util.TreeMap;

/**
 * The result object of one analysis, the same for every front end: detect's {@code STEM.json}, scan's
 * {@code results.jsonl} lines and the HTTP answer (docs/json.md). Front ends add their own keys next to it.
 */
public final class ResultJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    /** The value of {@code schema}: raised when a key of the common object changes meaning or goes away. */
    public static final String SCHEMA = "omniiml.result/1";

    private ResultJson() {
    }

    /**
     * The common object: schema ({@link #SCHEMA}), source, format, width, height, score, the verdict fields (when the
     * analysis has a verdict: {@link #verdict}), threshold (the options' mask threshold), tampered_fraction,
     * tampered_pixels (pixels in the mask), boxes, gate, gate_confidence, fusion (when fused), explanation (when
     * explained), timings_ms. A non-finite score, gate confidence or probability gives a
     * {@link NonFiniteResultException}.
     */
    public static ObjectNode result(AnalysisResult r, AnalysisOptions options) {
        requireFinite(r);
        ObjectNode node = MAPPER.createObjectNode();
        node.put("schema", SCHEMA);
        node.put("source", r.source());
        node.put("format", r.format());
        node.put("width", r.width());
        node.put("height", r.height());
        node.put("score", round(r.score()));
        verdict(node, r);
        node.put("threshold", options.threshold());
        node.put("tampered_fraction", round(r.tamperedFraction()));
        node.put("tampered_pixels", r.mask().count());
        node.set("boxes", boxes(r));
        node.put("gate", r.gate());
        node.put("gate_confidence", round(r.gateConfidence()));
        if (r.fusion() != null) {
            node.set("fusion", r.fusion());
        }
        if (r.explanation() != null) {
            node.set("explanation", r.explanation());
        }
        ObjectNode timings = node.putObject("timings_ms");
        for (Map.Entry<String, Double> e : new TreeMap<>(r.timingsMs()).entrySet()) {
            timings.put(e.getKey(), Math.round(e.getValue() * 10) / 10.0);
        }
        return node;
    }

    /**
     * The integrity verdict, when the result has one: {@code verdict} ("edited", "no evidence of editing",
     * "uncertain"), {@code edited_probability} (the calibrated probability, equal to {@code score}),
     * {@code verdict_threshold}, {@code uncertain_band} [low, high], and the regions split by what they mean:
     * {@code findings} (the boxes of an image judged edited or uncertain) and {@code weak_candidates} (the boxes of
     * an image judged untouched: marked by the map, but not evidence of an edit). {@code boxes} keeps every region.
     */
    static void verdict(ObjectNode node, AnalysisResult r) {
        if (r.verdict() == null) {
            return;
        }
        node.put("verdict", r.verdict().label());
        node.put("edited_probability", round(r.verdict().probability()));
        node.put("verdict_threshold", round(r.verdict().threshold()));
        node.putArray("uncertain_band").add(round(r.verdict().uncertainLow())).add(round(r.verdict().uncertainHigh()));
        boolean weak = r.regionsAreWeakCandidates();
        node.set("findings", weak ? MAPPER.createArrayNode() : boxes(r));
        node.set("weak_candidates", weak ? boxes(r) : MAPPER.createArrayNode());
    }

    /** One line for people: "edited (probability 0.93; threshold 0.62)". */
    public static String verdictLine(AnalysisResult r) {
        Verdict v = r.verdict();
        return String.format(java.util.Locale.ROOT, "%s (probability of editing %.2f; threshold %.2f, uncertain %.2f-%.2f)",
                v.label(), v.probability(), v.threshold(), v.uncertainLow(), v.uncertainHigh());
    }

    public static ArrayNode boxes(AnalysisResult r) {
        ArrayNode arr = MAPPER.createArrayNode();
        for (Box b : r.boxes()) {
            ObjectNode o = arr.addObject();
            o.put("x", b.x());
            o.put("y", b.y());
            o.put("width", b.width());
            o.put("height", b.height());
        }
        return arr;
    }

    /**
     * Checks that the numbers a result is reported with are finite: score, gate confidence and every probability.
     * A NaN must never be shown as a number (nor hidden as 0): it would make a broken analysis look like an answer.
     */
    public static void requireFinite(AnalysisResult r) {
        String what = null;
        double value = 0;
        if (!Double.isFinite(r.score())) {
            what = "score";
            value = r.score();
        } else if (!Double.isFinite(r.gateConfidence())) {
            what = "gate confidence";
            value = r.gateConfidence();
        } else if (r.probability() != null) {
            for (float v : r.probability().values()) {
                if (!Float.isFinite(v)) {
                    what = "probability map";
                    value = v;
                    break;
                }
            }
        }
        if (what != null) {
            throw new NonFiniteResultException("the analysis gave a non-finite " + what + " (" + value
                    + "); no result is reported for this image (`omniiml doctor` checks the engine's numerics)");
        }
    }

    /** Six decimals: enough for scores, and the JSON stays readable. Non-finite values are refused, never rounded. */
    static double round(double v) {
        if (!Double.isFinite(v)) {
            throw new NonFiniteResultException("non-finite value " + v + " in a result");
        }
        return Math.round(v * 1e6) / 1e6;
    }
}
