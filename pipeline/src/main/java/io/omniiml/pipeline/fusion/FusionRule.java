package io.omniiml.pipeline.fusion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.analysers.CopyMoveAnalyzer;
import io.omniiml.analysers.Evidence;
import io.omniiml.analysers.WorkingGrid;
import io.omniiml.core.mask.ProbabilityMap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the network's map and the evidence analysers' maps become the final map and score. Three kinds:
 * <ul>
 *   <li>{@code logistic} (fitted by {@link FusionFitter} on generated data, stored as {@code fusion.json} next to
 *   the model): p = sigmoid(bias + w . [logit(network), copymove, ela, noise]) per pixel, and image score =
 *   sigmoid(bias' + w' . image features) over the features the rule names (FusionFitter: logit(network score),
 *   logit(top 1 % of the fused map), clone found; a rule calibrated by {@link VerdictFitter} reads more of
 *   {@link FusionFeatureOps#ALL_IMAGE_FEATURES} and its image score is a calibrated probability of editing, read by
 *   its {@link #verdict()}).</li>
 *   <li>{@code union} (fitted the same way): p = max(sigmoid(bias + w . features), the "direct" sources' own maps)
 *   per pixel, e.g. direct = [network, copymove]: each direct source keeps every pixel it finds on its own and the
 *   logistic term can only add pixels where the combined cues are confident. Image score as for logistic.</li>
 *   <li>{@code max} (the default when no fitted rule exists): p = max(network, copymove) per pixel, image score =
 *   max(network score, top 1 % mean of the copy-move map).</li>
 * </ul>
 * In all, inside a verified clone (copy-move score > 0.5) the fused probability is never below the network's:
 * a dense-verified duplicate is positive evidence, never a reason to doubt the network. Immutable, thread-safe.
 */
public final class FusionRule {
    public static final String FILE = "fusion.json";
    public static final String SCHEMA = "omniiml.fusion/1";
    public static final String LOGISTIC = "logistic";
    public static final String MAX = "max";
    public static final String UNION = "union";
    /** Sources a union rule may take directly. */
    public static final List<String> DIRECT_SOURCES = List.of("network", "copymove");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String kind;
    private final double[] pixelWeights;
    private final double pixelBias;
    private final List<String> imageFeatures;
    private final double[] imageWeights;
    private final double imageBias;
    private final VerdictRule verdict;
    private final NetworkVerdictRule networkVerdict;
    private final ObjectNode provenance;
    private final String origin;
    private final boolean directNetwork;
    private final boolean directCopyMove;
    private final int copyMoveMinInliers;

    private FusionRule(String kind, List<String> direct, int copyMoveMinInliers, double[] pixelWeights, double pixelBias,
                       double[] imageWeights, double imageBias, ObjectNode provenance, String origin) {
        this(kind, direct, copyMoveMinInliers, pixelWeights, pixelBias, FusionFeatureOps.IMAGE_FEATURES, imageWeights, imageBias,
                null, null, provenance, origin);
    }

    private FusionRule(String kind, List<String> direct, int copyMoveMinInliers, double[] pixelWeights, double pixelBias,
                       List<String> imageFeatures, double[] imageWeights, double imageBias, VerdictRule verdict,
                       NetworkVerdictRule networkVerdict, ObjectNode provenance, String origin) {
        this.kind = kind;
        this.imageFeatures = List.copyOf(imageFeatures);
        this.verdict = verdict;
        this.networkVerdict = networkVerdict;
        this.copyMoveMinInliers = copyMoveMinInliers;
        this.directNetwork = direct.contains("network");
        this.directCopyMove = direct.contains("copymove");
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
        return new FusionRule(MAX, DIRECT_SOURCES, 0, new double[0], 0, new double[0], 0, p, "default");
    }

    /** A fitted logistic rule: weights in {@link FusionFeatureOps#PIXEL_FEATURES} / {@code IMAGE_FEATURES} order. */
    public static FusionRule logistic(double[] pixelWeights, double pixelBias, double[] imageWeights, double imageBias,
                                      ObjectNode provenance) {
        check(pixelWeights.length == FusionFeatureOps.PIXEL_FEATURES.size()
                && imageWeights.length == FusionFeatureOps.IMAGE_FEATURES.size(), "in memory", "wrong number of weights");
        return new FusionRule(LOGISTIC, List.of(), 0, pixelWeights, pixelBias, imageWeights, imageBias, provenance, "fitted");
    }

    /**
     * A fitted union rule: the logistic term as in {@link #logistic}, united with the {@code direct} sources' maps;
     * copy-move enters directly only inside clones with at least {@code copyMoveMinInliers} RANSAC inliers.
     */
    public static FusionRule union(List<String> direct, int copyMoveMinInliers, double[] pixelWeights, double pixelBias,
                                   double[] imageWeights, double imageBias, ObjectNode provenance) {
        check(pixelWeights.length == FusionFeatureOps.PIXEL_FEATURES.size()
                && imageWeights.length == FusionFeatureOps.IMAGE_FEATURES.size(), "in memory", "wrong number of weights");
        check(DIRECT_SOURCES.containsAll(direct), "in memory", "direct sources must be among " + DIRECT_SOURCES);
        check(copyMoveMinInliers >= 0, "in memory", "copyMoveMinInliers must be >= 0");
        return new FusionRule(UNION, direct, copyMoveMinInliers, pixelWeights, pixelBias, imageWeights, imageBias,
                provenance, "fitted");
    }

    /** The same kind, direct sources and weights with another pixel bias (the fitter's calibration). */
    public FusionRule withPixelBias(double bias) {
        return new FusionRule(kind, direct(), copyMoveMinInliers, pixelWeights, bias, imageFeatures, imageWeights, imageBias,
                verdict, networkVerdict, provenance, origin);
    }

    /** The same pixel rule with another image rule over {@link FusionFeatureOps#IMAGE_FEATURES} (and no verdicts). */
    public FusionRule withImageRule(double[] weights, double bias, ObjectNode newProvenance) {
        return new FusionRule(kind, direct(), copyMoveMinInliers, pixelWeights, pixelBias, FusionFeatureOps.IMAGE_FEATURES,
                weights, bias, null, null, newProvenance, origin);
    }

    /**
     * The same pixel rule with a calibrated image rule over the named features (each of
     * {@link FusionFeatureOps#ALL_IMAGE_FEATURES}) and the verdict read on its probability ({@link VerdictFitter}).
     */
    public FusionRule withVerdict(List<String> features, double[] weights, double bias, VerdictRule verdictRule) {
        check(features.size() == weights.length && FusionFeatureOps.ALL_IMAGE_FEATURES.containsAll(features), "in memory",
                "image features must be among " + FusionFeatureOps.ALL_IMAGE_FEATURES + ", one weight each");
        check(!MAX.equals(kind), "in memory", "the max rule has no image rule to calibrate");
        return new FusionRule(kind, direct(), copyMoveMinInliers, pixelWeights, pixelBias, features, weights, bias,
                verdictRule, networkVerdict, provenance, origin);
    }

    /** The same rule with the verdict of analyses without fusion (or none). */
    public FusionRule withNetworkVerdict(NetworkVerdictRule rule) {
        return new FusionRule(kind, direct(), copyMoveMinInliers, pixelWeights, pixelBias, imageFeatures, imageWeights,
                imageBias, verdict, rule, provenance, origin);
    }

    /** The verdict rule of analyses without fusion, on the network's features alone; null when none was fitted. */
    public NetworkVerdictRule networkVerdict() {
        return networkVerdict;
    }

    /** The image features the image rule reads, in weight order. */
    public List<String> imageFeatures() {
        return imageFeatures;
    }

    /** The decision rule on the image score, or null when the rule was not calibrated for one. */
    public VerdictRule verdict() {
        return verdict;
    }

    /** Least RANSAC inlier count of a clone whose copy-move map enters directly (0: every verified clone). */
    public int copyMoveMinInliers() {
        return copyMoveMinInliers;
    }

    /** The sources whose own maps enter the fused map directly (max rule: network and copy-move; logistic: none). */
    public List<String> direct() {
        List<String> d = new ArrayList<>();
        if (directNetwork) {
            d.add("network");
        }
        if (directCopyMove) {
            d.add("copymove");
        }
        return List.copyOf(d);
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

    /**
     * The final per-pixel map from the network's map and the evidence (keys: analyser names), a row at a time: the
     * features of {@link FusionFeatureOps#pixelColumns} are computed per pixel where they are needed, the evidence
     * maps read at their working grid ({@link WorkingGrid#index}), so besides the result nothing the size of the
     * image is allocated. Equal to {@link #fuse(ProbabilityMap, float[][])} over the columns (same float values,
     * same arithmetic).
     */
    public ProbabilityMap fuse(ProbabilityMap network, Map<String, Evidence> evidence) {
        int w = network.width();
        int h = network.height();
        float[] net = network.values();
        float[] out = new float[net.length];
        List<ProbabilityMap> maps = new ArrayList<>();
        for (String name : FusionFeatureOps.ANALYZERS) {
            Evidence e = evidence.get(name);
            maps.add(e == null ? null : e.score());
        }
        List<int[]> columns = new ArrayList<>();
        for (ProbabilityMap m : maps) {
            columns.add(m == null ? null : WorkingGrid.columns(w, m.width()));
        }
        Evidence copyMove = evidence.get("copymove");
        List<CopyMoveAnalyzer.Clone> clones = copyMove == null ? List.of() : CopyMoveAnalyzer.clones(copyMove);
        boolean needInliers = directCopyMove && copyMoveMinInliers > 0;
        int a = maps.size();
        float[] x = new float[a + 1];
        int[] rows = new int[a];
        for (int y = 0; y < h; y++) {
            if ((y & 63) == 0) {
                io.omniiml.core.concurrent.Cancellation.checkpoint();
            }
            for (int f = 0; f < a; f++) {
                rows[f] = maps.get(f) == null ? 0 : WorkingGrid.row(y, h, maps.get(f).height()) * maps.get(f).width();
            }
            for (int c = 0; c < w; c++) {
                int i = y * w + c;
                x[0] = (float) LogisticFitOps.logit(net[i]);
                for (int f = 0; f < a; f++) {
                    ProbabilityMap m = maps.get(f);
                    float v = m == null ? 0 : m.values()[rows[f] + columns.get(f)[c]];
                    x[f + 1] = Float.isNaN(v) ? 0 : v;
                }
                float copy = x[1];
                float inliers = needInliers ? cloneInliers(clones, copy, c, y) : 0;
                out[i] = pixel(net[i], x, copy, inliers, needInliers);
            }
        }
        return new ProbabilityMap(w, h, out);
    }

    /** Per pixel, as {@link FusionFeatureOps#cloneInliers}: the largest inlier count of a clone box holding it, if verified. */
    private static float cloneInliers(List<CopyMoveAnalyzer.Clone> clones, float copy, int x, int y) {
        float out = 0;
        if (!(copy > 0.5f)) {
            return out;
        }
        for (CopyMoveAnalyzer.Clone c : clones) {
            for (io.omniiml.core.mask.Box b : List.of(c.source(), c.destination())) {
                if (x >= b.x() && x < b.x() + b.width() && y >= b.y() && y < b.y() + b.height()) {
                    out = Math.max(out, c.inliers());
                }
            }
        }
        return out;
    }

    /** One fused pixel from the network's value, the pixel features, the copy-move score and the clone inliers. */
    private float pixel(float netValue, float[] features, float copy, float inliers, boolean useInliers) {
        float n = Float.isNaN(netValue) ? 0 : netValue;
        double p = 0;
        if (!MAX.equals(kind)) {
            double z = pixelBias;
            for (int f = 0; f < pixelWeights.length; f++) {
                z += pixelWeights[f] * features[f];
            }
            p = LogisticFitOps.sigmoid(z);
        }
        if (directNetwork) {
            p = Math.max(p, n);
        }
        if (directCopyMove && (!useInliers || inliers >= copyMoveMinInliers)) {
            p = Math.max(p, copy);
        }
        if (copy > 0.5) {
            p = Math.max(p, n);
        }
        return (float) p;
    }

    /**
     * As {@link #fuse(ProbabilityMap, Map)} from precomputed {@link FusionFeatureOps#pixelColumns} (the
     * {@link FusionFeatureOps#CLONE_INLIERS} column is read only when {@link #copyMoveMinInliers} is above 0).
     */
    public ProbabilityMap fuse(ProbabilityMap network, float[][] columns) {
        float[] net = network.values();
        float[] copy = columns[1];
        float[] inliers = directCopyMove && copyMoveMinInliers > 0 ? columns[FusionFeatureOps.CLONE_INLIERS] : null;
        float[] out = new float[net.length];
        int d = pixelWeights.length;
        for (int i = 0; i < out.length; i++) {
            float n = Float.isNaN(net[i]) ? 0 : net[i];
            double p = 0;
            if (!MAX.equals(kind)) {
                double z = pixelBias;
                for (int f = 0; f < d; f++) {
                    z += pixelWeights[f] * columns[f][i];
                }
                p = LogisticFitOps.sigmoid(z);
            }
            if (directNetwork) {
                p = Math.max(p, n);
            }
            if (directCopyMove && (inliers == null || inliers[i] >= copyMoveMinInliers)) {
                p = Math.max(p, copy[i]);
            }
            if (copy[i] > 0.5) {
                p = Math.max(p, n);
            }
            out[i] = (float) p;
        }
        return new ProbabilityMap(network.width(), network.height(), out);
    }

    /**
     * The final image-level score; with a {@link #verdict()} it is the calibrated probability that the image was
     * edited (docs/verdict.md).
     */
    public double score(double networkScore, ProbabilityMap network, ProbabilityMap fused, Map<String, Evidence> evidence) {
        if (MAX.equals(kind)) {
            Evidence cm = evidence.get("copymove");
            double copyTop = cm == null ? 0 : FusionFeatureOps.topMean(cm.score());
            return Math.max(networkScore, copyTop);
        }
        return imageProbability(FusionFeatureOps.imageFeatureValues(networkScore, network, fused, evidence));
    }

    /** The image rule on precomputed {@link FusionFeatureOps#imageFeatureValues} (all features, catalogue order). */
    public double imageProbability(double[] allImageFeatures) {
        return LogisticFitOps.probability(imageWeights, imageBias, FusionFeatureOps.select(allImageFeatures, imageFeatures));
    }

    /** The rule as JSON (schema {@value #SCHEMA}): kind, features, weights, provenance. */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("schema", SCHEMA);
        o.put("kind", kind);
        o.put("origin", origin);
        if (UNION.equals(kind)) {
            ArrayNode direct = o.putArray("direct");
            direct().forEach(direct::add);
            o.put("copymove_min_inliers", copyMoveMinInliers);
        }
        if (!MAX.equals(kind)) {
            ObjectNode px = o.putObject("pixel");
            weights(px, FusionFeatureOps.PIXEL_FEATURES, pixelWeights, pixelBias);
            ObjectNode im = o.putObject("image");
            weights(im, imageFeatures, imageWeights, imageBias);
        }
        if (verdict != null) {
            o.set("verdict", verdict.toJson());
        }
        if (networkVerdict != null) {
            o.set("network_verdict", networkVerdict.toJson());
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
            return new FusionRule(MAX, DIRECT_SOURCES, 0, new double[0], 0, FusionFeatureOps.IMAGE_FEATURES, new double[0], 0,
                    null, networkVerdict(o, where), provenance, where);
        }
        check(LOGISTIC.equals(kind) || UNION.equals(kind), where,
                "kind must be " + LOGISTIC + ", " + UNION + " or " + MAX + ", got '" + kind + "'");
        List<String> direct = new ArrayList<>();
        int minInliers = o.path("copymove_min_inliers").asInt(0);
        check(minInliers >= 0, where, "copymove_min_inliers must be >= 0");
        if (UNION.equals(kind)) {
            check(o.path("direct").isArray(), where, "a union rule needs \"direct\": a list of " + DIRECT_SOURCES);
            for (JsonNode d : o.get("direct")) {
                check(DIRECT_SOURCES.contains(d.asText()), where, "direct source '" + d.asText() + "' is not one of " + DIRECT_SOURCES);
                direct.add(d.asText());
            }
        }
        double[] pw = readWeights(o.path("pixel"), FusionFeatureOps.PIXEL_FEATURES, where + " pixel");
        List<String> imageFeatures = new ArrayList<>();
        o.path("image").path("features").forEach(f -> imageFeatures.add(f.asText()));
        check(FusionFeatureOps.ALL_IMAGE_FEATURES.containsAll(imageFeatures), where + " image",
                "features " + imageFeatures + " are not all among " + FusionFeatureOps.ALL_IMAGE_FEATURES);
        double[] iw = readWeights(o.path("image"), imageFeatures, where + " image");
        VerdictRule verdict = o.path("verdict").isObject() ? VerdictRule.fromJson(o.get("verdict"), where + " verdict") : null;
        return new FusionRule(kind, direct, minInliers, pw, o.path("pixel").path("bias").asDouble(), imageFeatures, iw,
                o.path("image").path("bias").asDouble(), verdict, networkVerdict(o, where), provenance, where);
    }

    private static NetworkVerdictRule networkVerdict(JsonNode o, String where) {
        return o.path("network_verdict").isObject() ? NetworkVerdictRule.fromJson(o.get("network_verdict"), where) : null;
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
