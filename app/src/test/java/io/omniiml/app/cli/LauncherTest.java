package io.omniiml.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniiml.api.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher {@code ./omniiml} run from another directory: it finds the installation's trained model (not random
 * weights), and standard error carries none of the engine's meaningless warnings (NNPACK on unsupported hardware,
 * DJL's CUDA probing). The class path of this test run stands in for the launcher's build (OMNIIML_CLASSPATH).
 */
class LauncherTest {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    record Run(int exit, String out, String err) {
    }

    static Run launch(Path cwd, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = Stream.concat(Stream.of(ROOT.resolve("omniiml").toString()), Stream.of(args)).toList();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().remove("OMNIIML_MODEL");
        pb.environment().remove("OMNIIML_ENGINE_WARNINGS");
        pb.environment().put("OMNIIML_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("OMNIIML_JAVA_OPTS", "-Xmx1g");
        pb.environment().putAll(env);
        Path out = Files.createTempFile(cwd, "stdout", ".txt");
        Path err = Files.createTempFile(cwd, "stderr", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "launcher finished");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    static Path sample() throws Exception {
        try (Stream<Path> files = Files.list(ROOT.resolve("samples/synth/Tp"))) {
            return files.filter(f -> f.toString().endsWith(".jpg")).sorted().findFirst().orElseThrow();
        }
    }

    @Test
    void detectFromAnotherDirectoryUsesTheShippedModelAndPrintsNoEngineNoise(@TempDir Path elsewhere) throws Exception {
        assertTrue(Files.isRegularFile(ROOT.resolve("models/default/parameters.params")), "the shipped model is there");
        Run r = launch(elsewhere, Map.of(), "detect", "--out", "out", "--no-explain", "--format", "json", sample().toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out().lines().findFirst().orElseThrow());
        assertEquals(ROOT.resolve("models/default").toString(), json.path("model").path("origin").asText(), r.out());
        assertTrue(json.path("model").path("trained").asBoolean(), r.out());
        assertTrue(Files.isRegularFile(elsewhere.resolve("out").resolve(json.path("stem").asText() + "_mask.png")));
        assertFalse(r.err().contains("NNPACK"), r.err());
        assertFalse(r.err().contains("Failed to detect GPU count"), r.err());
        assertFalse(r.err().contains("RANDOM weights"), r.err());
    }

    @Test
    void noModelIsAUsageErrorNotRandomWeights(@TempDir Path elsewhere) throws Exception {
        Run r = launch(elsewhere, Map.of("OMNIIML_MODEL", elsewhere.resolve("none").toString()),
                "detect", "--out", "out", sample().toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("no trained model found at " + elsewhere.resolve("none")), r.err());
        assertTrue(r.err().contains("--allow-untrained"), r.err());
        assertFalse(Files.exists(elsewhere.resolve("out")), "nothing written");
    }
}
