package io.omniiml.training;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.omniiml.core.data.Task;
import io.omniiml.model.config.OmniImlConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that defines a training run, read from a JSON file (see docs/training.md for every field).
 * Two runs with the same config (and the same code and data) produce the same model bit for bit.
 *
 * @param name         run name (written into the provenance)
 * @param network      a bundled network config name (tiny, small, base) or a path to a network config JSON,
 *                     relative to the training config's folder
 * @param seed         seed of everything: sampler, generator, augmentation, initialization, routing coins
 * @param steps        total optimizer steps (the cosine schedule ends here); {@code --steps} may override it
 * @param batchSize    images per step
 * @param cropSize     training crop side (multiple of 32; generated samples are made at this size)
 * @param taskRatios   relative sampling weights per task id (natural, document, face, scene_text)
 * @param realData     optional real datasets mixed in
 * @param augmentation flips and 8x8-aligned crops
 * @param optimizer    AdamW, schedule and gradient clipping
 * @param validation   the fixed synthetic validation split
 * @param checkpoint   how often {@code last} is written
 * @param prefetch     data loading threads and how many steps they may run ahead
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record TrainingConfig(String name, String network, long seed, int steps, int batchSize, int cropSize,
                             Map<String, Double> taskRatios, RealData realData, Augmentation augmentation,
                             Optimizer optimizer, Validation validation, Checkpoint checkpoint, Prefetch prefetch) {

    /**
     * @param datasets paths of datasets in any layout {@code io.omniiml.core.data.Datasets} opens (IMDL-BenCo
     *                 Tp/Gt folders, JSON lists, our manifest), relative to the config's folder
     * @param ratio    fraction of each batch's slots drawn from them (0 = generator only)
     */
    public record RealData(List<String> datasets, double ratio) {
    }

    /**
     * @param horizontalFlip probability of a horizontal flip (exact on the JPEG coefficients: block order mirrored,
     *                       odd horizontal frequencies negated)
     * @param verticalFlip   probability of a vertical flip (same, vertically)
     * @param randomCrop     crops of larger images at random 8-aligned offsets (else the top-left crop)
     */
    public record Augmentation(double horizontalFlip, double verticalFlip, boolean randomCrop) {
    }

    /**
     * @param learningRate  peak learning rate (after warm-up)
     * @param weightDecay   decoupled weight decay of AdamW (not applied to biases and norm parameters)
     * @param beta1         first-moment decay
     * @param beta2         second-moment decay
     * @param epsilon       AdamW epsilon
     * @param warmupSteps   linear warm-up from 0
     * @param minLearningRateFraction the cosine decays to this fraction of the peak at {@code steps}
     * @param gradientClip  maximum global L2 norm of the gradient (0 = off)
     */
    public record Optimizer(double learningRate, double weightDecay, double beta1, double beta2, double epsilon,
                            int warmupSteps, double minLearningRateFraction, double gradientClip) {
    }

    /**
     * @param everySteps validate every this many steps (0 = only at the end)
     * @param perTask    validation images per task (generator split VAL, indices 0..perTask-1)
     * @param seed       generator seed of the validation split (fixed, independent of the training seed)
     */
    public record Validation(int everySteps, int perTask, long seed) {
    }

    /**
     * @param everySteps   write {@code last} every this many steps (0 = off)
     * @param everyMinutes and at least every this many minutes of wall time (0 = off)
     */
    public record Checkpoint(int everySteps, double everyMinutes) {
    }

    /**
     * @param threads threads that generate and convert samples
     * @param depth   steps that may be prepared ahead of the trainer
     */
    public record Prefetch(int threads, int depth) {
    }

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public TrainingConfig {
        check(name != null && !name.isBlank(), "name missing");
        check(network != null && !network.isBlank(), "network missing (a config name like tiny, or a path)");
        check(steps > 0, "steps must be > 0");
        check(batchSize > 0, "batchSize must be > 0");
        check(cropSize > 0 && cropSize % OmniImlConfig.MAX_STRIDE == 0, "cropSize must be a positive multiple of 32");
        check(taskRatios != null && !taskRatios.isEmpty(), "taskRatios missing");
        for (Map.Entry<String, Double> e : taskRatios.entrySet()) {
            Task.fromId(e.getKey());
            check(e.getValue() != null && e.getValue() >= 0, "taskRatios." + e.getKey() + " must be >= 0");
        }
        check(taskRatios.values().stream().mapToDouble(Double::doubleValue).sum() > 0, "taskRatios sum to 0");
        check(realData != null && realData.datasets() != null, "realData missing (use {\"datasets\": [], \"ratio\": 0})");
        check(realData.ratio() >= 0 && realData.ratio() <= 1, "realData.ratio must be in [0, 1]");
        check(realData.ratio() == 0 || !realData.datasets().isEmpty(), "realData.ratio > 0 needs datasets");
        check(augmentation != null, "augmentation missing");
        check(inUnit(augmentation.horizontalFlip()) && inUnit(augmentation.verticalFlip()), "flip probabilities must be in [0, 1]");
        check(optimizer != null, "optimizer missing");
        check(optimizer.learningRate() > 0, "optimizer.learningRate must be > 0");
        check(optimizer.weightDecay() >= 0, "optimizer.weightDecay must be >= 0");
        check(optimizer.beta1() >= 0 && optimizer.beta1() < 1 && optimizer.beta2() >= 0 && optimizer.beta2() < 1,
                "optimizer betas must be in [0, 1)");
        check(optimizer.epsilon() > 0, "optimizer.epsilon must be > 0");
        check(optimizer.warmupSteps() >= 0, "optimizer.warmupSteps must be >= 0");
        check(inUnit(optimizer.minLearningRateFraction()), "optimizer.minLearningRateFraction must be in [0, 1]");
        check(optimizer.gradientClip() >= 0, "optimizer.gradientClip must be >= 0");
        check(validation != null && validation.everySteps() >= 0 && validation.perTask() >= 0, "validation invalid");
        check(checkpoint != null && checkpoint.everySteps() >= 0 && checkpoint.everyMinutes() >= 0, "checkpoint invalid");
        check(prefetch != null && prefetch.threads() >= 1 && prefetch.depth() >= 1, "prefetch needs threads >= 1 and depth >= 1");
    }

    private static boolean inUnit(double p) {
        return p >= 0 && p <= 1;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("invalid training config: " + message);
        }
    }

    /** Task ratios as an ordered map over {@link Task} (tasks absent from the file get 0). */
    public Map<Task, Double> tasks() {
        Map<Task, Double> out = new EnumMap<>(Task.class);
        for (Task t : Task.values()) {
            out.put(t, 0.0);
        }
        taskRatios.forEach((id, w) -> out.put(Task.fromId(id), w));
        return out;
    }

    /** The same config with another step count (the schedule stretches to it). */
    public TrainingConfig withSteps(int newSteps) {
        return new TrainingConfig(name, network, seed, newSteps, batchSize, cropSize, taskRatios, realData,
                augmentation, optimizer, validation, checkpoint, prefetch);
    }

    /** The network configuration: a bundled name or a file relative to {@code base} (the config's folder). */
    public OmniImlConfig networkConfig(Path base) throws IOException {
        if (network.endsWith(".json")) {
            Path p = base == null ? Path.of(network) : base.resolve(network);
            return OmniImlConfig.read(p);
        }
        return OmniImlConfig.named(network);
    }

    /** A bundled training config by name (tiny-cpu, mnv2-cpu, smoke, ablation-*). */
    public static TrainingConfig named(String name) {
        try (InputStream in = TrainingConfig.class.getResourceAsStream("/io/omniiml/training/configs/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no bundled training config '" + name + "' (have: tiny-cpu, mnv2-cpu, smoke, ablation-*)");
            }
            return JSON.readValue(in, TrainingConfig.class);
        } catch (IOException e) {
            throw new IllegalStateException("bundled training config " + name + " unreadable: " + e.getMessage(), e);
        }
    }

    /** A training config file; a bad file gives an IOException naming it and the problem. */
    public static TrainingConfig read(Path file) throws IOException {
        try {
            return JSON.readValue(Files.readAllBytes(file), TrainingConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(file + ": not a valid training config: " + e.getMessage(), e);
        }
    }

    /** A file path, or else the name of a bundled config. */
    public static TrainingConfig load(String pathOrName) throws IOException {
        Path p = Path.of(pathOrName);
        if (Files.isRegularFile(p)) {
            return read(p);
        }
        if (pathOrName.endsWith(".json")) {
            throw new java.nio.file.NoSuchFileException(pathOrName, null, "no such training config file");
        }
        return named(pathOrName);
    }

    public static TrainingConfig parse(String json) throws IOException {
        return JSON.readValue(json, TrainingConfig.class);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
