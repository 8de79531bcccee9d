package io.omniiml.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.config.OmniImlConfig;
import io.omniiml.training.ProvenanceOps;
import io.omniiml.training.TrainerState;
import io.omniiml.training.TrainingConfig;
import io.omniiml.training.TrainingLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.omniiml.app.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code model info} and the usage errors of {@code train}. */
class ModelCommandTest {
    @TempDir
    Path dir;

    @Test
    void infoPrintsConfigParameterCountAndProvenance() throws Exception {
        Path modelDir = dir.resolve("m");
        long params;
        try (OmniImlModel m = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 3)) {
            TrainerState state = new TrainerState(1234, 9872, 3600.5, 0, 0.42, 1000, TrainingLog.Offsets.EMPTY,
                    List.of());
            ProvenanceOps.fill(m.provenance(), TrainingConfig.named("smoke"), state, List.of("synthetic natural"),
                    null, "last");
            m.save(modelDir);
            params = m.parameterCount();
        }
        String out = run(0, "model", "info", modelDir.toString())[0];
        assertTrue(out.contains("configuration:   tiny"), out);
        assertTrue(out.contains(String.format("%,d", params)), out);
        assertTrue(out.contains("yes, 1234 steps"), out);
        assertTrue(out.contains("\"images_seen\" : 9872"), out);
        assertTrue(out.contains("\"split_version\""), out);
        JsonNode json = new ObjectMapper().readTree(run(0, "model", "info", "--json", modelDir.toString())[0]);
        assertEquals(params, json.get("parameters").asLong());
        assertEquals("smoke", json.get("provenance").get("training").get("config_name").asText());
        assertTrue(json.get("inference_parameters").asLong() < params);
    }

    @Test
    void evalSynthPrintsOneTablePerGateAndWritesJson() throws Exception {
        Path modelDir = dir.resolve("m");
        try (OmniImlModel m = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 3)) {
            m.save(modelDir);
        }
        Path json = dir.resolve("eval.json");
        String out = run(0, "train", "eval-synth", "--model", modelDir.toString(), "--split", "test", "--per-task", "2",
                "--crop", "64", "--tasks", "document", "--gate", "ALL", "--json", json.toString())[0];
        assertTrue(out.contains("gate auto") && out.contains("gate vision") && out.contains("gate fused"), out);
        JsonNode results = new ObjectMapper().readTree(json.toFile());
        assertEquals(3, results.size());
        assertEquals("fused", results.get(2).get("gate").asText());
        assertEquals(1.0, results.get(2).get("tasks").get("document").get("fused_fraction").asDouble());
        assertEquals(0.0, results.get(1).get("tasks").get("document").get("fused_fraction").asDouble());
        assertEquals(2, results.get(0).get("tasks").get("document").get("images").asInt());
    }

    @Test
    void usageErrors() {
        assertTrue(run(2, "model", "info", dir.resolve("missing").toString())[1].contains("missing"));
        assertTrue(run(2, "train")[1].contains("--config"));
        assertTrue(run(2, "train", "--config", dir.resolve("nope.json").toString())[1].contains("nope.json"));
    }
}
