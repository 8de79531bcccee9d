package io.omniiml.app.cli;

import io.omniiml.core.data.Dataset;
import io.omniiml.core.data.Datasets;
import io.omniiml.core.data.Sample;
import io.omniiml.core.mask.MaskOps;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.omniiml.app.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.*;

/** {@code eval} and {@code dataset check} on the labelled sets in shared/data/dev. */
class EvalCommandTest {
    @TempDir
    Path dir;

    static Path dev() {
        Path dev = Path.of(System.getenv().getOrDefault("OMNIIML_SHARED", "/work/shared"), "data", "dev");
        return Files.isDirectory(dev) ? dev : Path.of("/work/shared/data/dev");
    }

    @Test
    void datasetCheckPassesOnEveryLabelledDevSet() {
        Assumptions.assumeTrue(Files.isDirectory(dev()), "shared dev data not present");
        String out = run(0, "dataset", "check", dev().resolve("nist16_sample").toString(),
                dev().resolve("casia_jpeg_samples").toString(), dev().resolve("cvip_copymove").toString(),
                dev().resolve("noso_copymove").toString())[0];
        assertTrue(out.contains("cvip_copymove (images-masks): 24 images, 12 tampered, 12 authentic, 0 problem(s)"), out);
    }

    @Test
    void datasetCheckReportsProblemsWithExit1() throws Exception {
        Files.createDirectories(dir.resolve("bad/Tp"));
        Files.createDirectories(dir.resolve("bad/Gt"));
        Files.writeString(dir.resolve("bad/Tp/a.png"), "garbage");
        Files.writeString(dir.resolve("bad/Gt/a.png"), "garbage");
        String out = run(1, "dataset", "check", dir.resolve("bad").toString())[0];
        assertTrue(out.contains("unreadable image: not an image"), out);
    }

    @Test
    void evalWithGroundTruthAsPredictionScoresOneAndWritesJson() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(dev()), "shared dev data not present");
        Path casia = dev().resolve("casia_jpeg_samples");
        Path noso = dev().resolve("noso_copymove");
        for (Path set : new Path[]{casia, noso}) {
            Dataset d = Datasets.open(set);
            for (Sample s : d.samples()) {
                MaskOps.write(MaskOps.read(s.mask()), dir.resolve("pred/" + d.name() + "/" + s.id() + ".png"));
            }
        }
        Files.delete(dir.resolve("pred/noso_copymove/01_mod.png"));
        Path json = dir.resolve("out/results.json");
        String out = run(1, "eval", "--data", casia.toString(), "--data", noso.toString(),
                "--pred", dir.resolve("pred").toString(), "--json", json.toString())[0];
        assertTrue(out.contains("missing predictions: 01_mod"), out);
        assertTrue(out.matches("(?s).*imdlbenco-pixel@0\\.5\\s+f1\\s+1\\.0000\\s+17.*"), out);
        String written = Files.readString(json);
        assertTrue(written.contains("\"protocol\" : \"trufor-pixel@0.5\""), written);
        assertTrue(written.contains("\"missing\" : [ \"01_mod\" ]"), written);
        String help = run(0, "eval", "--help")[0];
        assertTrue(help.contains("--pred"));
    }
}
