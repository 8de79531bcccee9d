package io.omniiml.synth;

import io.omniiml.core.data.Dataset;
import io.omniiml.core.data.Datasets;
import io.omniiml.core.data.Sample;
import io.omniiml.core.data.Task;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetWriterTest {
    @Test
    void writesTpGtAndAManifestThatCoreReadsBack(@TempDir Path dir) throws Exception {
        SampleGenerator gen = SampleGenerator.builder().optTask(Task.SCENE_TEXT).optSeed(2).optCropSize(256)
                .optAuthenticFraction(0.5).optSources(TestData.root()).build();
        DatasetWriter w = new DatasetWriter(dir);
        SyntheticSample[] samples = new SyntheticSample[4];
        for (int i = 0; i < 4; i++) {
            samples[i] = gen.generate(i);
            w.add(samples[i]);
        }
        w.finish("t");
        Dataset ds = Datasets.open(dir);
        assertEquals(4, ds.samples().size());
        for (int i = 0; i < 4; i++) {
            Sample s = ds.samples().get(i);
            SyntheticSample g = samples[i];
            assertEquals(g.id(), s.id());
            assertEquals(Task.SCENE_TEXT, s.task());
            assertArrayEquals(g.encoded(), Files.readAllBytes(s.image()));
            Path gt = dir.resolve("Gt").resolve(g.id() + ".png");
            assertTrue(Files.exists(gt), "IMDL-BenCo needs a Gt file for every image");
            Mask m = MaskOps.read(gt);
            assertArrayEquals(g.authentic() ? new byte[m.data().length] : g.mask().data(), m.data());
            assertEquals(g.authentic(), s.isAuthentic());
            assertEquals(g.boxes(), s.boxes());
        }
        assertTrue(Files.readString(dir.resolve("benco.json")).contains("Tp/"));
    }
}
