package io.omniiml.training;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything besides the weights and optimizer moments that a resumed run needs, stored as
 * {@code trainer-state.json} in the {@code last} checkpoint. The sampler and the engine's generator are pure
 * functions of (seed, step), so the step number is their whole state.
 *
 * @param step         steps completed
 * @param imagesSeen   training images consumed
 * @param wallSeconds  training wall time over all sittings
 * @param skippedSteps steps not applied (non-finite loss or gradient)
 * @param bestMeanIou  best validation mean IoU so far (NaN before the first validation)
 * @param bestStep     step of {@code best}
 * @param log          lengths of the log files at this checkpoint
 * @param sittings     one entry per sitting: start step, end step, wall seconds, start time, generator version
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record TrainerState(long step, long imagesSeen, double wallSeconds, long skippedSteps, double bestMeanIou,
                           long bestStep, TrainingLog.Offsets log, List<Sitting> sittings) {
    public static final String FILE = "trainer-state.json";
    public static final String OPTIMIZER_FILE = "optimizer.bin";
    public static final String CONFIG_FILE = "train-config.json";
    /** The generator of sittings recorded before the version was kept. */
    public static final String UNRECORDED_GENERATOR = "unrecorded";

    /**
     * One continuous run of the process. {@code generator} is the synthetic generator's version the sitting drew
     * from: validation figures of sittings on different generators
     * are not comparable for the tasks the generator changed ({@link #UNRECORDED_GENERATOR} in records written
     * before it was kept).
     */
    public record Sitting(long fromStep, long toStep, double wallSeconds, String started, String generator) {
    }

    public static TrainerState fresh() {
        return new TrainerState(0, 0, 0, 0, Double.NaN, -1, TrainingLog.Offsets.EMPTY, List.of());
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, TrainingConfig.JSON.writeValueAsString(this));
    }

    public static TrainerState read(Path file) throws IOException {
        try {
            JsonNode tree = TrainingConfig.JSON.readTree(Files.readAllBytes(file));
            for (JsonNode sitting : tree.path("sittings")) {
                if (sitting instanceof ObjectNode o && !o.has("generator")) {
                    o.put("generator", UNRECORDED_GENERATOR);
                }
            }
            return TrainingConfig.JSON.treeToValue(tree, TrainerState.class);
        } catch (IOException e) {
            throw new IOException(file + ": not a trainer state: " + e.getMessage(), e);
        }
    }
}
