package io.omniiml.training;

import io.omniiml.core.data.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingConfigTest {
    @Test
    void bundledConfigsParseAndRoundTrip() throws IOException {
        for (String name : new String[] {"tiny-cpu", "smoke"}) {
            TrainingConfig c = TrainingConfig.named(name);
            assertEquals(name, c.name());
            assertEquals(c, TrainingConfig.parse(c.toJson()));
            assertEquals("tiny", c.networkConfig(null).name());
        }
        TrainingConfig tiny = TrainingConfig.named("tiny-cpu");
        assertEquals(10.0, tiny.tasks().get(Task.NATURAL));
        assertEquals(5.0, tiny.tasks().get(Task.DOCUMENT));
        assertEquals(2.0, tiny.tasks().get(Task.FACE));
        assertEquals(20.0, tiny.tasks().get(Task.SCENE_TEXT));
    }

    @Test
    void badFilesNameTheFileAndTheProblem(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, TrainingConfig.named("smoke").toJson().replace("\"cropSize\" : 64", "\"cropSize\" : 60"));
        IOException e = assertThrows(IOException.class, () -> TrainingConfig.read(f));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("cropSize"), e.getMessage());
        Files.writeString(f, TrainingConfig.named("smoke").toJson().replace("\"face\"", "\"faces\""));
        e = assertThrows(IOException.class, () -> TrainingConfig.read(f));
        assertTrue(e.getMessage().contains("faces"), e.getMessage());
        Files.writeString(f, "{\"name\": \"x\"}");
        assertThrows(IOException.class, () -> TrainingConfig.read(f));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.named("nope"));
    }
}
