package io.omniiml.pipeline.fusion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.api.Verdict;
import io.omniiml.core.mask.ProbabilityMap;

/**
 * The verdict of an analysis without fusion ({@code --no-fusion}): a calibrated probability of editing from the
 * network's own image features ({@link FusionFeatureOps#NETWORK_IMAGE_FEATURES}) and its own decision rule, fitted
 * beside the fused one by {@code omniiml fusion fit-verdict} on the same generated images (docs/verdict.md). Stored in
 * {@code fusion.json} under {@code network_verdict}. Immutable.
 */
public final class NetworkVerdictRule {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final double[] weights;
    private final double bias;
    private final VerdictRule verdict;

    /** Weights in {@link FusionFeatureOps#NETWORK_IMAGE_FEATURES} order. */
    public NetworkVerdictRule(double[] weights, double bias, VerdictRule verdict) {
        if (weights.length != FusionFeatureOps.NETWORK_IMAGE_FEATURES.size() || verdict == null || !Double.isFinite(bias)) {
            throw new IllegalArgumentException("network verdict needs one weight per feature of "
                    + FusionFeatureOps.NETWORK_IMAGE_FEATURES + ", a finite bias and a verdict rule");
        }
        this.weights = weights.clone();
        this.bias = bias;
        this.verdict = verdict;
    }

    public double[] weights() {
        return weights.clone();
    }

    public double bias() {
        return bias;
    }

    public VerdictRule verdict() {
        return verdict;
    }

    /** The calibrated probability from precomputed {@link FusionFeatureOps#imageFeatureValues} (catalogue order). */
    public double probability(double[] allImageFeatures) {
        return LogisticFitOps.probability(weights, bias,
                FusionFeatureOps.select(allImageFeatures, FusionFeatureOps.NETWORK_IMAGE_FEATURES));
    }

    /** The verdict on the network's image score and map alone. */
    public Verdict decide(double networkScore, ProbabilityMap network) {
        return verdict.decide(LogisticFitOps.probability(weights, bias,
                FusionFeatureOps.networkImageFeatureValues(networkScore, network)));
    }

    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode f = o.putArray("features");
        FusionFeatureOps.NETWORK_IMAGE_FEATURES.forEach(f::add);
        ArrayNode w = o.putArray("weights");
        for (double v : weights) {
            w.add(v);
        }
        o.put("bias", bias);
        o.set("verdict", verdict.toJson());
        return o;
    }

    /** From {@link #toJson()}; {@code where} names the file in messages (IllegalArgumentException when malformed). */
    public static NetworkVerdictRule fromJson(JsonNode o, String where) {
        JsonNode f = o.path("features");
        JsonNode w = o.path("weights");
        int n = FusionFeatureOps.NETWORK_IMAGE_FEATURES.size();
        if (!f.isArray() || !w.isArray() || f.size() != n || w.size() != n || !o.path("bias").isNumber()
                || !o.path("verdict").isObject()) {
            throw new IllegalArgumentException(where + ": network_verdict needs features "
                    + FusionFeatureOps.NETWORK_IMAGE_FEATURES + ", one weight each, a bias and a verdict");
        }
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            if (!FusionFeatureOps.NETWORK_IMAGE_FEATURES.get(i).equals(f.get(i).asText()) || !w.get(i).isNumber()) {
                throw new IllegalArgumentException(where + ": network_verdict feature " + i + " is '" + f.get(i).asText()
                        + "' with weight " + w.get(i) + ", expected '" + FusionFeatureOps.NETWORK_IMAGE_FEATURES.get(i)
                        + "' with a number");
            }
            weights[i] = w.get(i).asDouble();
        }
        return new NetworkVerdictRule(weights, o.get("bias").asDouble(), VerdictRule.fromJson(o.get("verdict"),
                where + " network_verdict"));
    }
}
