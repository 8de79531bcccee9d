package io.omniiml.core.metrics;

import io.omniiml.core.data.Dataset;
import io.omniiml.core.data.DatasetCheck;
import io.omniiml.core.data.Datasets;
import io.omniiml.core.data.Sample;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Opens, checks and evaluates every labelled set in shared/data/dev with predictions derived from the GT. */
class DevDataEvaluationTest {
    static final List<String> SETS = List.of("nist16_sample", "casia_jpeg_samples", "cvip_copymove", "noso_copymove");

    @TempDir
    Path dir;

    static Path dev() {
        String shared = System.getenv().getOrDefault("OMNIIML_SHARED", "/work/shared");
        Path dev = Path.of(shared, "data", "dev");
        return Files.isDirectory(dev) ? dev : Path.of("/work/shared/data/dev");
    }

    @Test
    void checkAndEvaluateEveryLabelledSet() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(dev()), "shared dev data not present");
        for (String name : SETS) {
            Dataset d = Datasets.open(dev().resolve(name));
            assertFalse(d.samples().isEmpty(), name);
            assertEquals(List.of(), DatasetCheck.check(d), name);
            Path exact = dir.resolve(name + "-gt");
            Path inverted = dir.resolve(name + "-inv");
            for (Sample s : d.samples()) {
                Mask gt;
                if (s.mask() != null) {
                    gt = MaskOps.read(s.mask());
                } else {
                    var image = ImageLoader.DEFAULT.load(s.image());
                    gt = Mask.empty(image.width(), image.height());
                }
                MaskOps.write(gt, exact.resolve(s.id() + ".png"));
                MaskOps.write(MaskOps.invert(gt), inverted.resolve(s.id() + "_mask.png"));
            }
            boolean dropOne = d.samples().size() > 2; // a missing prediction is reported, not fatal
            if (dropOne) {
                Files.delete(exact.resolve(d.samples().get(0).id() + ".png"));
            }
            DatasetEvaluation.Report r = DatasetEvaluation.evaluate(d, exact);
            assertEquals(dropOne ? List.of(d.samples().get(0).id()) : List.of(), r.missing(), name);
            assertEquals(d.samples().size() - (dropOne ? 1 : 0), r.predicted());
            assertEquals(List.of(), r.errors());
            List<MetricResult> m = r.metrics();
            if (r.predicted() > 0) {
                assertEquals(1.0, Evaluator.find(m, Protocols.IMDLBENCO_PIXEL, "f1"), 1e-12, name);
                assertEquals(1.0, Evaluator.find(m, Protocols.IMDLBENCO_PIXEL, "iou"), 1e-12, name);
                assertEquals(1.0, Evaluator.find(m, Protocols.PIXEL_THRESHOLD_FREE, "auc"), 1e-12, name);
                assertEquals(1.0, Evaluator.find(m, Protocols.TRUFOR_PIXEL, "f1"), 1e-12, name);
            }
            assertEquals(1.0, Evaluator.find(m, Protocols.IMAGE_POOLED, "accuracy"), 1e-12, name);

            DatasetEvaluation.Report inv = DatasetEvaluation.evaluate(d, inverted);
            assertEquals(List.of(), inv.missing());
            List<MetricResult> mi = inv.metrics();
            assertEquals(0.0, Evaluator.find(mi, Protocols.IMDLBENCO_PIXEL, "f1"), 1e-12, name);
            assertEquals(0.0, Evaluator.find(mi, Protocols.PIXEL_THRESHOLD_FREE, "auc"), 1e-12, name);
            assertEquals(1.0, Evaluator.find(mi, Protocols.TRUFOR_PIXEL, "f1"), 1e-12, name);
            assertEquals(1.0, Evaluator.find(mi, Protocols.TRUFOR_THRESHOLD_FREE, "auc"), 1e-12, name);
            assertEquals(r.tampered(), (int) mi.stream().filter(x -> x.protocol().equals(Protocols.IMDLBENCO_PIXEL))
                    .findFirst().orElseThrow().count());
        }
    }
}
