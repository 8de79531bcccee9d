package io.omniiml.core.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniiml.core.data.Dataset;
import io.omniiml.core.data.Sample;
import io.omniiml.core.image.ImageReadException;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;
import io.omniiml.core.mask.ProbabilityMap;
import io.omniiml.core.mask.ProbabilityMapOps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a folder of predictions against a dataset. Predictions are matched by sample id (the image stem):
 * the first of {@code ID.png, ID_prob.png, ID_mask.png, ID.npy, ID.tif} that exists is the map, and an
 * optional {@code ID.json} with {@code {"score": s}} gives the image-level score. Samples without any
 * prediction are listed in {@link Report#missing()} and left out of every metric; unreadable files are
 * listed in {@link Report#errors()}.
 */
public final class DatasetEvaluation {
    public static final List<String> MAP_SUFFIXES = List.of(".png", "_prob.png", "_mask.png", ".npy", ".tif");
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetEvaluation() {
    }

    /**
     * The outcome for one dataset.
     *
     * @param predicted images with a map or a score
     * @param missing   ids of samples without any prediction
     * @param errors    unreadable masks, predictions or score files ("file: problem")
     * @param warnings  e.g. predictions resized to the mask size
     * @param verdicts  per verdict label, images {authentic, tampered} ({@link Evaluator#verdictCounts()})
     */
    public record Report(String dataset, Path root, String layout, int images, int tampered, int predicted,
                         List<String> missing, List<String> errors, List<String> warnings, List<MetricResult> metrics,
                         Map<String, int[]> verdicts) {
    }

    public static Report evaluate(Dataset dataset, Path predictions) {
        Evaluator evaluator = new Evaluator();
        List<String> missing = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int tampered = 0;
        for (Sample s : dataset.samples()) {
            Mask gt = null;
            if (s.mask() != null) {
                try {
                    gt = MaskOps.read(s.mask());
                } catch (ImageReadException e) {
                    errors.add(e.getMessage());
                    continue;
                }
            }
            if (gt != null && gt.count() > 0) {
                tampered++;
            }
            Path mapFile = findMap(predictions, s.id());
            Path scoreFile = predictions.resolve(s.id() + ".json");
            if (mapFile == null && !Files.isRegularFile(scoreFile)) {
                missing.add(s.id());
                continue;
            }
            try {
                ProbabilityMap map = mapFile == null ? null : ProbabilityMapOps.read(mapFile);
                JsonNode json = Files.isRegularFile(scoreFile) ? readJson(scoreFile) : null;
                Double score = json == null ? null : readScore(scoreFile, json);
                if (map == null && score == null) {
                    errors.add(scoreFile + ": no \"score\" and no map");
                    continue;
                }
                evaluator.add(s.id(), gt, map, score, json == null ? null : readVerdict(scoreFile, json));
            } catch (IOException e) {
                errors.add(e.getMessage());
            }
        }
        return new Report(dataset.name(), dataset.root(), dataset.layout(), dataset.samples().size(), tampered,
                evaluator.imageCount(), missing, errors, evaluator.warnings(), evaluator.results(),
                evaluator.verdictCounts());
    }

    static Path findMap(Path dir, String id) {
        for (String suffix : MAP_SUFFIXES) {
            Path p = dir.resolve(id + suffix);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    static JsonNode readJson(Path file) throws IOException {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON", e);
        }
    }

    /**
     * The verdict a prediction states ({@code edited_probability}, {@code verdict_threshold}, {@code verdict}), or
     * null when it states none; a partial or non-numeric one is an error.
     */
    static ImageVerdict readVerdict(Path file, JsonNode node) throws IOException {
        if (node == null || !node.hasNonNull("verdict")) {
            return null;
        }
        JsonNode p = node.get("edited_probability");
        JsonNode t = node.get("verdict_threshold");
        if (p == null || t == null || !p.isNumber() || !t.isNumber() || !node.get("verdict").isTextual()) {
            throw new IOException(file + ": \"verdict\" needs a text label and numbers \"edited_probability\" and \"verdict_threshold\"");
        }
        return new ImageVerdict(p.asDouble(), t.asDouble(), node.get("verdict").asText());
    }

    private static Double readScore(Path file, JsonNode node) throws IOException {
        JsonNode score = node == null ? null : node.get("score");
        if (score == null || score.isNull()) {
            return null;
        }
        if (!score.isNumber()) {
            throw new IOException(file + ": \"score\" is not a number");
        }
        return score.asDouble();
    }
}
