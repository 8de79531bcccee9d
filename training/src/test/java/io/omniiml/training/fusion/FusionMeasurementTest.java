package io.omniiml.training.fusion;

import io.omniiml.analysers.CopyMoveAnalyzer;
import io.omniiml.analysers.EvidenceAnalyzers;
import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;
import io.omniiml.core.metrics.Evaluator;
import io.omniiml.core.metrics.Protocols;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.config.OmniImlConfig;
import io.omniiml.model.infer.NetworkDetector;
import io.omniiml.pipeline.ImagePipeline;
import io.omniiml.pipeline.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FusionMeasurementTest {
    @Test
    void scoresEverySourceLikeTheEvaluatorDoes(@TempDir Path dir) throws Exception {
        // A one-image copy-move set in the IMDL-BenCo Tp/Gt layout: a 96x96 block of a real photo copied elsewhere.
        BufferedImage photo = ImageLoader.toRgb(ImageLoader.DEFAULT.load(TestImages.photo()).image());
        photo.setRGB(60, 300, 96, 96, photo.getRGB(330, 150, 96, 96, null, 0, 96), 0, 96);
        byte[] truth = new byte[640 * 480];
        for (int[] at : new int[][]{{330, 150}, {60, 300}}) {
            for (int y = at[1]; y < at[1] + 96; y++) {
                for (int x = at[0]; x < at[0] + 96; x++) {
                    truth[y * 640 + x] = 1;
                }
            }
        }
        Path set = dir.resolve("clones");
        Files.createDirectories(set.resolve("Tp"));
        Files.createDirectories(set.resolve("Gt"));
        ImageIO.write(photo, "png", set.resolve("Tp/c1.png").toFile());
        Mask gt = new Mask(640, 480, truth);
        MaskOps.write(gt, set.resolve("Gt/c1.png"));

        try (OmniImlModel model = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 1);
             ImagePipeline analyzer = ImagePipeline.builder()
                     .setDetector(NetworkDetector.builder().setModel(model).build()).optExplain(false).build()) {
            Path out = dir.resolve("out");
            List<FusionMeasurement.Row> rows = FusionMeasurement.run(analyzer, List.of(set), out, null);
            assertEquals(FusionMeasurement.SOURCES, rows.stream().map(FusionMeasurement.Row::source).toList());
            // independent reference: the copy-move map scored directly
            LoadedImage image = ImageLoader.DEFAULT.load(set.resolve("Tp/c1.png"));
            Evaluator ev = new Evaluator();
            ev.add("c1", gt, new CopyMoveAnalyzer().analyze(image).score(), null);
            double expected = Evaluator.find(ev.results(), Protocols.IMDLBENCO_PIXEL, "f1");
            FusionMeasurement.Row copy = rows.stream().filter(r -> r.source().equals("copymove")).findFirst().orElseThrow();
            assertEquals(expected, copy.pixelF1(), 1e-9);
            assertTrue(copy.pixelF1() > 0.5, "the copied block is found: F1 " + copy.pixelF1());
            // an analyser the fusion does not read is measured too, with its defaults
            Evaluator colourRef = new Evaluator();
            colourRef.add("c1", gt, EvidenceAnalyzers.byName("colour").analyze(image).score(), null);
            FusionMeasurement.Row colour = rows.stream().filter(r -> r.source().equals("colour")).findFirst().orElseThrow();
            assertEquals(Evaluator.find(colourRef.results(), Protocols.PIXEL_THRESHOLD_FREE, "auc"), colour.pixelAuc(), 1e-9);
            FusionMeasurement.Row fused = rows.stream().filter(r -> r.source().equals("fused")).findFirst().orElseThrow();
            assertEquals(1, fused.tampered());
            assertTrue(Files.isRegularFile(out.resolve("fused/clones/c1_prob.png")));
            assertTrue(Files.isRegularFile(out.resolve("network/clones/c1.json")));
            String table = Files.readString(out.resolve("table.md"));
            assertTrue(table.contains("| clones (1/1) |") && table.contains("mean over sets"), table);
        }
    }
}
