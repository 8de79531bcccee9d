package io.omniiml.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.model.OmniImlModel;
import io.omniiml.synth.SampleGenerator;
import io.omniiml.synth.Split;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Fills a model's provenance (provenance.json) with what produced it. */
public final class ProvenanceOps {
    private ProvenanceOps() {
    }

    /**
     * @param sources    descriptions of the training data sources
     * @param validation the latest validation result as JSON, or null
     */
    public static void fill(ObjectNode provenance, TrainingConfig config, TrainerState state, List<String> sources,
                            JsonNode validation, String role) {
        provenance.put(OmniImlModel.STEPS_KEY, state.step());
        provenance.put("initialization", "trained");
        ObjectNode t = provenance.putObject("training");
        t.put("checkpoint", role);
        t.put("config_name", config.name());
        t.set("config", TrainingConfig.JSON.valueToTree(config));
        t.put("network", config.network());
        t.put("seed", config.seed());
        t.put("steps", state.step());
        t.put("planned_steps", config.steps());
        t.put("images_seen", state.imagesSeen());
        t.put("skipped_steps", state.skippedSteps());
        t.put("wall_seconds", Math.round(state.wallSeconds() * 10) / 10.0);
        t.put("sittings", state.sittings().size() + 1);
        ArrayNode data = t.putArray("data_sources");
        sources.forEach(data::add);
        t.put("generator_version", SampleGenerator.GENERATOR_VERSION);
        t.put("split_version", Split.VERSION);
        t.put("validation_split", "val, seed " + config.validation().seed() + ", " + config.validation().perTask()
                + " per task, crop " + config.cropSize());
        t.put("git_commit", git("rev-parse", "HEAD"));
        String dirty = git("status", "--porcelain", "--untracked-files=no");
        t.put("git_dirty", dirty == null ? null : !dirty.isBlank());
        t.put("written", Instant.now().toString());
        t.put("java", System.getProperty("java.version"));
        if (validation != null) {
            provenance.set("validation", validation);
        }
        if (state.bestStep() >= 0) {
            t.put("best_step", state.bestStep());
            t.put("best_mean_iou", state.bestMeanIou());
        }
    }

    /** Output of a git command in the working directory, or null when git or the repository is unavailable. */
    static String git(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).directory(Path.of("").toAbsolutePath().toFile())
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
