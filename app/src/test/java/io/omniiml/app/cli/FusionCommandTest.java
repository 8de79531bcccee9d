package io.omniiml.app.cli;

import io.omniiml.api.ExitCodes;
import io.omniiml.core.data.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FusionCommandTest {
    private static int run(StringWriter err, String... args) {
        CommandLine cl = OmniIml.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void parsesTaskRatios() {
        assertEquals(Map.of(Task.NATURAL, 20.0, Task.SCENE_TEXT, 10.0), FusionCommand.parseRatios("natural=20, scene_text=10"));
        assertThrows(IllegalArgumentException.class, () -> FusionCommand.parseRatios("natural"));
        assertThrows(IllegalArgumentException.class, () -> FusionCommand.parseRatios("photos=1"));
        assertThrows(IllegalArgumentException.class, () -> FusionCommand.parseRatios("natural=-1"));
    }

    @Test
    void refusesToFitOnTheTestSplit(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        assertEquals(ExitCodes.USAGE, run(err, "fusion", "fit", "--out", dir.resolve("f.json").toString(), "--split", "test"));
        assertTrue(err.toString().contains("test split"), err.toString());
        StringWriter err2 = new StringWriter();
        assertEquals(ExitCodes.USAGE, run(err2, "fusion", "fit", "--out", dir.resolve("f.json").toString(), "--split", "dev"));
        StringWriter err3 = new StringWriter();
        assertEquals(ExitCodes.USAGE, run(err3, "fusion", "fit", "--out", dir.resolve("f.json").toString(), "--ratios", "x=1"));
    }

    @Test
    void measureNamesAMissingDataset(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        Path missing = dir.resolve("no-such-set");
        assertEquals(ExitCodes.USAGE, run(err, "fusion", "measure", "--out", dir.resolve("o").toString(), missing.toString()));
        assertTrue(err.toString().contains(missing.toString()), err.toString());
    }
}
