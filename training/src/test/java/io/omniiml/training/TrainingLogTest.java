package io.omniiml.training;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.omniiml.training.step.LossParts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TrainingLogTest {
    private static StepRecord record(long step, double loss) {
        LossParts l = new LossParts(loss, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 1.5, false, 0.5, 0.25);
        return new StepRecord(step, l, 1e-3, 4.0, 1.0, 100.0, 90.0, 900.0, 1.0 * step, step * 2.0, 2, 1, 0, 5, 0, 42);
    }

    @Test
    void resumingCutsTheLogsBackToTheCheckpoint(@TempDir Path dir) throws IOException {
        TrainingLog.Offsets atCheckpoint;
        try (TrainingLog log = new TrainingLog(dir, TrainingLog.Offsets.EMPTY)) {
            log.step(record(1, 3.0));
            log.step(record(2, 2.5));
            log.validation(JsonNodeFactory.instance.objectNode().put("step", 2).put("mean_iou", 0.1));
            atCheckpoint = log.offsets();
            log.step(record(3, 2.0)); // done after the checkpoint: lost in a crash, redone on resume
        }
        try (TrainingLog log = new TrainingLog(dir, atCheckpoint)) {
            log.step(record(3, 2.1));
        }
        List<com.fasterxml.jackson.databind.JsonNode> steps = TrainingLog.read(dir.resolve(TrainingLog.JSONL));
        assertEquals(3, steps.size());
        assertEquals(2.1, steps.get(2).get("loss").asDouble());
        assertEquals(0.6, steps.get(0).get("parts").get("image").asDouble());
        List<String> csv = Files.readAllLines(dir.resolve(TrainingLog.CSV));
        assertEquals(4, csv.size());
        assertEquals(StepRecord.CSV_HEADER, csv.get(0));
        assertEquals(StepRecord.CSV_HEADER.split(",").length, csv.get(3).split(",").length);
        assertEquals(1, TrainingLog.read(dir.resolve(TrainingLog.VALIDATION)).size());
        // a log shorter than its checkpoint says belongs to another run
        assertThrows(IOException.class, () -> new TrainingLog(dir, new TrainingLog.Offsets(1 << 20, 0, 0)));
    }

    @Test
    void curveIsDrawnFromTheLogs(@TempDir Path dir) throws IOException {
        try (TrainingLog log = new TrainingLog(dir, TrainingLog.Offsets.EMPTY)) {
            for (int s = 1; s <= 50; s++) {
                log.step(record(s, 3.0 / s));
            }
            var v = JsonNodeFactory.instance.objectNode().put("step", 50).put("mean_iou", 0.5);
            v.putObject("tasks").putObject("natural").put("iou", 0.5);
            log.validation(v);
        }
        Path png = CurvePlot.write(dir);
        BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(900, img.getWidth());
        // something other than the white background was drawn in the loss panel's plot area
        int nonWhite = 0;
        for (int y = 40; y < 260; y++) {
            for (int x = 80; x < 740; x++) {
                nonWhite += (img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF ? 1 : 0;
            }
        }
        assertNotEquals(0, nonWhite);
        double[] avg = CurvePlot.movingAverage(new double[] {1, 3, Double.NaN, 5}, 2);
        assertEquals(2.0, avg[1]);
        assertEquals(2.0, avg[2]);
        assertEquals(4.0, avg[3]);
    }
}
