package io.omniiml.app.fusion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.explain.evidence.CopyMoveAnalyzer;
import io.omniiml.explain.evidence.Evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * How the network's map and the evidence analysers' maps become the final map and score. Two kinds:
 * <ul>
 *   <li>{@code logistic} (fitted by {@link FusionFitter} on generated data, stored as {@code fusion.json} next to
 *   the model): p = sigmoid(bias + w . [logit(network), copymove, ela, noise]) per pixel, and image score =
 *   sigmoid(bias' + w' . [logit(network score), logit(top 1 % of the fused map), clone found]).</li>
 *   <li>{@code max} (the default when no fitted rule exists): p = max(network, copymove) per pixel, image score =
 *   max(network score, top 1 % mean of the copy-move map).</li>
 * </ul>
 * In both, inside a verified clone (copy-move score > 0.5) the fused probability is never below the network's:
 * a dense-verified duplicate is positive evidence, never a reason to doubt the network. Immutable, thread-safe.
 */
public final class FusionRule {
    public static final String FILE = "fusion.json";
    public static final String SCHEMA = "omniiml.fusion/1";
    public static final String LOGISTIC = "logistic";
    public static final String MAX = "max";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String kind;
    private final double[] pixelWeights;
    private final double pixelBias;
    private final double[] imageWeights;
    private final double imageBias;
    private final ObjectNode provenance;
    private final String origin;

    private FusionRule(String kind, double[] pixelWeights, double pixelBias, double[] imageWeights, double imageBias,
                       ObjectNode provenance, String origin) {
        this.kind = kind;
        this.pixelWeights = pixelWeights.clone();
        this.pixelBias = pixelBias;
        this.imageWeights = imageWeights.clone();
        this.imageBias = imageBias;
        this.provenance = provenance.deepCopy();
        this.origin = origin;
    }

    /** The documented default: max(network, verified copy-move) per pixel. */
    public static FusionRule maxRule() {
        ObjectNode p = JSON.createObjectNode();
        p.put("note", "default rule (no fitted " + FILE + "): max(network, copy-move) per pixel");
        return new FusionRule(MAX, new double[0], 0, new double[0], 0, p, "default");
    }

    /** A fitted logistic rule: weights in {@link FusionFeatureOps#PIXEL_FEATURES} / {@code IMAGE_FEATURES} order. */
    public static FusionRule logistic(double[] pixelWeights, double pixelBias, double[] imageWeights, double imageBias,
                                      ObjectNode provenance) {
        check(pixelWeights.length == FusionFeatureOps.PIXEL_FEATURES.size()
                && imageWeights.length == FusionFeatureOps.IMAGE_FEATURES.size(), "in memory", "wrong number of weights");
        return new FusionRule(LOGISTIC, pixelWeights, pixelBias, imageWeights, imageBias, provenance, "fitted");
    }

    public String kind() {
        return kind;
    }

    /** Where it came from: "default", "fitted" (in memory) or the file it was read from. */
    public String origin() {
        return origin;
    }

    public double[] pixelWeights() {
        return pixelWeights.clone();
    }

    public double pixelBias() {
        return pixelBias;
    }

    public double[] imageWeights() {
        return imageWeights.clone();
    }

    public double imageBias() {
        return imageBias;
    }

    /** The final per-pixel map from the network's map and the evidence (keys: analyser names). */
    public ProbabilityMap fuse(ProbabilityMap network, Map<String, Evidence> evidence) {
        return fuse(network, FusionFeatureOps.pixelColumns(network, evidence));
    }

    /** As {@link #fuse(ProbabilityMap, Map)} from precomputed feature columns. */
    public ProbabilityMap fuse(ProbabilityMap network, float[][] columns) {
        float[] net = network.values();
        float[] copy = columns[1];
        float[] out = new float[net.length];
        int d = pixelWeights.length;
        for (int i = 0; i < out.length; i++) {
            float n = Float.isNaN(net[i]) ? 0 : net[i];
            double p;
            if (MAX.equals(kind)) {
                p = Math.max(n, copy[i]);
            } else {
                double z = pixelBias;
                for (int f = 0; f < d; f++) {
                    z += pixelWeights[f] * columns[f][i];
                }
                p = LogisticFitOps.sigmoid(z);
            }
            if (copy[i] > 0.5) {
                p = Math.max(p, n);
            }
            out[i] = (float) p;
        }
        return new ProbabilityMap(network.width(), network.height(), out);
    }

    /** The final image-level score. */
    public double score(double networkScore, ProbabilityMap fused, Map<String, Evidence> evidence) {
        Evidence cm = evidence.get("copymove");
        List<CopyMoveAnalyzer.Clone> clones = cm == null ? List.of() : CopyMoveAnalyzer.clones(cm);
        if (MAX.equals(kind)) {
            double copyTop = cm == null ? 0 : FusionFeatureOps.topMean(cm.score());
            return Math.max(networkScore, copyTop);
        }
        double[] x = FusionFeatureOps.imageFeatures(networkScore, fused, clones);
        double z = imageBias;
        for (int f = 0; f < x.length; f++) {
            z += imageWeights[f] * x[f];
        }
        return LogisticFitOps.sigmoid(z);
    }

    /** The rule as JSON (schema {@value #SCHEMA}): kind, features, weights, provenance. */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("schema", SCHEMA);
        o.put("kind", kind);
        o.put("origin", origin);
        if (LOGISTIC.equals(kind)) {
            ObjectNode px = o.putObject("pixel");
            weights(px, FusionFeatureOps.PIXEL_FEATURES, pixelWeights, pixelBias);
            ObjectNode im = o.putObject("image");
            weights(im, FusionFeatureOps.IMAGE_FEATURES, imageWeights, imageBias);
        }
        o.put("clone_guard", "inside a verified clone the fused probability is at least the network's");
        o.set("provenance", provenance.deepCopy());
        return o;
    }

    private static void weights(ObjectNode node, List<String> names, double[] w, double bias) {
        ArrayNode f = node.putArray("features");
        names.forEach(f::add);
        ArrayNode a = node.putArray("weights");
        for (double v : w) {
            a.add(v);
        }
        node.put("bias", bias);
    }

    /** Writes the rule atomically (temporary file, then move). */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".fusion", ".json");
        try {
            JSON.writeValue(tmp.toFile(), toJson());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads a rule file; a malformed or foreign file gives an IOException naming it and the problem. */
    public static FusionRule read(Path file) throws IOException {
        JsonNode o;
        try {
            o = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not a fusion rule (" + e.getMessage() + ")", e);
        }
        try {
            return fromJson(o, file.toString());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** A rule from its JSON; {@code where} names it in messages. Throws IllegalArgumentException when malformed. */
    public static FusionRule fromJson(JsonNode o, String where) {
        check(o != null && o.isObject() && SCHEMA.equals(o.path("schema").asText()), where,
                "schema is not " + SCHEMA);
        String kind = o.path("kind").asText();
        ObjectNode provenance = o.path("provenance").isObject() ? (ObjectNode) o.get("provenance") : JSON.createObjectNode();
        if (MAX.equals(kind)) {
            return new FusionRule(MAX, new double[0], 0, new double[0], 0, provenance, where);
        }
        check(LOGISTIC.equals(kind), where, "kind must be " + LOGISTIC + " or " + MAX + ", got '" + kind + "'");
        double[] pw = readWeights(o.path("pixel"), FusionFeatureOps.PIXEL_FEATURES, where + " pixel");
        double[] iw = readWeights(o.path("image"), FusionFeatureOps.IMAGE_FEATURES, where + " image");
        return new FusionRule(LOGISTIC, pw, o.path("pixel").path("bias").asDouble(), iw,
                o.path("image").path("bias").asDouble(), provenance, where);
    }

    private static double[] readWeights(JsonNode node, List<String> names, String where) {
        JsonNode f = node.path("features");
        JsonNode w = node.path("weights");
        check(f.isArray() && w.isArray() && f.size() == names.size() && w.size() == names.size(), where,
                "expected features " + names + " with one weight each");
        double[] out = new double[names.size()];
        for (int i = 0; i < out.length; i++) {
            check(names.get(i).equals(f.get(i).asText()), where, "feature " + i + " is '" + f.get(i).asText()
                    + "', expected '" + names.get(i) + "'");
            check(w.get(i).isNumber() && Double.isFinite(w.get(i).asDouble()), where, "weight " + i + " is not a finite number");
            out[i] = w.get(i).asDouble();
        }
        check(node.path("bias").isNumber(), where, "bias missing");
        return out;
    }

    private static void check(boolean ok, String where, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(where + ": " + problem);
        }
    }

    /** The rule for a model: {@code DIR/fusion.json} when present, else {@link #maxRule()}. */
    public static FusionRule forModel(Path modelDir) throws IOException {
        if (modelDir != null && Files.isRegularFile(modelDir.resolve(FILE))) {
            return read(modelDir.resolve(FILE));
        }
        return maxRule();
    }
}
