package io.omniiml.training;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import io.omniiml.model.OmniImlModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingRunTest {
    private static final ProgressListener QUIET = (r, total) -> { };
    private static final java.util.function.Function<io.omniiml.core.data.Task, ExampleSource> FAST =
            t -> new SpliceSource(t, 96);

    @Test
    void smokeRunWritesLogsCurveAndLoadableCheckpoints(@TempDir Path out) throws Exception {
        TrainingConfig cfg = TrainingConfig.named("smoke");
        TrainerState state = TrainingRun.builder().setConfig(cfg).setOutput(out).optListener(QUIET).build().run();
        assertEquals(cfg.steps(), state.step());
        assertEquals((long) cfg.steps() * cfg.batchSize(), state.imagesSeen());

        List<JsonNode> steps = TrainingLog.read(out.resolve(TrainingLog.JSONL));
        assertEquals(cfg.steps(), steps.size());
        for (int i = 0; i < steps.size(); i++) {
            JsonNode s = steps.get(i);
            assertEquals(i + 1, s.get("step").asInt());
            assertTrue(Double.isFinite(s.get("loss").asDouble()) && s.get("loss").asDouble() > 0, s.toString());
            assertTrue(s.get("lr").asDouble() > 0);
            assertEquals(cfg.batchSize(), s.get("tasks").get("natural").asInt() + s.get("tasks").get("document").asInt()
                    + s.get("tasks").get("face").asInt() + s.get("tasks").get("scene_text").asInt());
        }
        assertEquals(cfg.steps() + 1, Files.readAllLines(out.resolve(TrainingLog.CSV)).size());
        List<JsonNode> vals = TrainingLog.read(out.resolve(TrainingLog.VALIDATION));
        assertEquals(cfg.steps() / cfg.validation().everySteps(), vals.size());
        assertEquals(4, vals.get(0).get("tasks").size());
        BufferedImage curve = ImageIO.read(out.resolve(CurvePlot.FILE).toFile());
        assertNotNull(curve);

        Path last = out.resolve("checkpoints/last");
        Path best = out.resolve("checkpoints/best");
        for (Path dir : new Path[] {last, best}) {
            try (OmniImlModel m = OmniImlModel.load(dir)) {
                assertTrue(m.isTrained());
                assertEquals("smoke", m.provenance().get("training").get("config_name").asText());
            }
        }
        try (OmniImlModel m = OmniImlModel.load(last)) {
            assertEquals(cfg.steps(), m.provenance().get("steps").asLong());
        }
        assertTrue(Files.isRegularFile(last.resolve(TrainerState.OPTIMIZER_FILE)));
        // a second start into the same folder must not overwrite the run
        assertThrows(java.io.IOException.class, () -> TrainingRun.builder().setConfig(cfg).setOutput(out)
                .optListener(QUIET).build().run());
    }

    @Test
    void resumeContinuesBitForBit(@TempDir Path tmp) throws Exception {
        TrainingConfig base = TrainingConfig.named("smoke");
        TrainingConfig cfg = new TrainingConfig(base.name(), base.network(), base.seed(), 4, base.batchSize(),
                base.cropSize(), base.taskRatios(), base.realData(), base.augmentation(), base.optimizer(),
                new TrainingConfig.Validation(0, 0, 1), new TrainingConfig.Checkpoint(0, 0), base.prefetch());
        Path straight = tmp.resolve("straight");
        Path split = tmp.resolve("split");
        TrainingRun.builder().setConfig(cfg).setOutput(straight).optListener(QUIET).optTrainingSources(FAST).build()
                .run();
        TrainerState half = TrainingRun.builder().setConfig(cfg).setOutput(split).optListener(QUIET)
                .optTrainingSources(FAST).optStopAfter(2L).build().run();
        assertEquals(2, half.step());
        TrainerState rest = TrainingRun.builder().setOutput(split).optResume(true).optListener(QUIET)
                .optTrainingSources(FAST).build().run();
        assertEquals(4, rest.step());
        assertEquals(2, rest.sittings().size());

        // the logs of the two runs agree step by step (the resumed one has no duplicated lines)
        List<JsonNode> la = TrainingLog.read(straight.resolve(TrainingLog.JSONL));
        List<JsonNode> lb = TrainingLog.read(split.resolve(TrainingLog.JSONL));
        assertEquals(la.size(), lb.size());
        for (int i = 0; i < la.size(); i++) {
            assertEquals(la.get(i).get("loss").asDouble(), lb.get(i).get("loss").asDouble(), 0.0, "loss of step " + (i + 1));
        }
        Map<String, float[]> a = parameters(straight.resolve("checkpoints/last"));
        Map<String, float[]> b = parameters(split.resolve("checkpoints/last"));
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), 0f, k); // bitwise: delta 0
        }
        assertFalse(Files.exists(split.resolve("checkpoints/.last.tmp")));
    }

    static Map<String, float[]> parameters(Path dir) throws Exception {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (OmniImlModel m = OmniImlModel.load(dir)) {
            for (Pair<String, Parameter> p : m.network().getParameters()) {
                out.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
        }
        return out;
    }
}
