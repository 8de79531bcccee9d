package io.omniiml.model.infer;

import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.ImageReadException;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.image.OrientationOps;
import io.omniiml.model.OmniImlModel;
import io.omniiml.model.config.OmniImlConfig;
import io.omniiml.model.testing.SpliceFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkDetectorTest {
    private static OmniImlModel model;

    @BeforeAll
    static void build() {
        model = OmniImlModel.untrained(OmniImlConfig.named("tiny"), 11);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static void assertValid(io.omniiml.model.infer.Detection d, int w, int h) {
        assertEquals(w, d.probability().width());
        assertEquals(h, d.probability().height());
        for (float v : d.probability().values()) {
            assertTrue(v >= 0 && v <= 1, "probability " + v);
        }
        assertTrue(d.score() >= 0 && d.score() <= 1);
        assertTrue(d.gate().equals("vision") || d.gate().equals("fused"));
        assertTrue(d.gateConfidence() >= 0.5 && d.gateConfidence() <= 1, "hard choice has p >= 0.5: " + d.gateConfidence());
        assertArrayEquals(d.probability().threshold(0.5).data(), d.mask().data());
    }

    @Test
    void oddSizedImagesKeepTheirSize() {
        NetworkDetector detector = NetworkDetector.builder().setModel(model).build();
        for (int[] size : new int[][] {{77, 53}, {1, 1}, {33, 130}}) {
            BufferedImage img = SpliceFixtures.texture(size[0], size[1], new Random(size[0]), 3);
            Detection d = detector.detect(img);
            assertValid(d, size[0], size[1]);
            assertEquals(1.0, d.timingsMs().get("tiles"));
        }
    }

    @Test
    void tiledDetectionEqualsTheTileWherePixelsHaveOneTile() {
        BufferedImage img = SpliceFixtures.texture(200, 150, new Random(3), 3);
        Detection tiled = NetworkDetector.builder().setModel(model).optTileSize(96).optTileOverlap(32).build()
                .detect(img);
        assertValid(tiled, 200, 150);
        assertEquals(3.0 * 2, tiled.timingsMs().get("tiles")); // x: 0, 64, 128; y: 0, 64 (second reaches 150)
        // pixels x < 64 and y < 64 lie in the first tile only: the blend must give exactly that tile's output,
        // which is the detection of the 96x96 crop (same pixels; same luminance blocks, 96 is on the 8x8 grid)
        Detection crop = NetworkDetector.builder().setModel(model).build().detect(img.getSubimage(0, 0, 96, 96));
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                assertEquals(crop.probability().get(x, y), tiled.probability().get(x, y), 1e-5f, x + "," + y);
            }
        }
        // in the overlap the neighbouring tile contributes
        double diff = 0;
        for (int x = 64; x < 96; x++) {
            diff += Math.abs(crop.probability().get(x, 10) - tiled.probability().get(x, 10));
        }
        assertTrue(diff > 0, "the neighbour tile must contribute in the overlap");
    }

    @Test
    void exifOrientationRunsOnTheStoredRasterThenTurnsTheMaps() throws ImageReadException {
        BufferedImage stored = SpliceFixtures.texture(96, 64, new Random(8), 4);
        byte[] jpeg = SpliceFixtures.jpeg(stored, 85);
        BufferedImage decoded = SpliceFixtures.decode(jpeg);
        NetworkDetector detector = NetworkDetector.builder().setModel(model).build();
        Detection upright = detector.detect(new LoadedImage("a.jpg", "jpeg", 96, 64, decoded, 1, jpeg, List.of()));
        for (int orientation : new int[] {3, 6, 8}) {
            BufferedImage shown = ImageLoader.orient(decoded, orientation);
            Detection turned = detector.detect(new LoadedImage("b.jpg", "jpeg", shown.getWidth(), shown.getHeight(),
                    shown, orientation, jpeg, List.of()));
            assertEquals(shown.getWidth(), turned.probability().width());
            float[] expected = OrientationOps.orient(upright.probability().values(), 96, 64, orientation);
            assertArrayEquals(expected, turned.probability().values(), 1e-6f, "orientation " + orientation);
        }
    }

    @Test
    void jpegFilesUseTheirOwnCoefficientsAndOtherFormatsAreReencoded(@TempDir Path dir) throws IOException {
        BufferedImage img = SpliceFixtures.texture(64, 64, new Random(4), 3);
        Path jpg = dir.resolve("x.jpg");
        Files.write(jpg, SpliceFixtures.jpeg(img, 50));
        NetworkDetector detector = NetworkDetector.builder().setModel(model).optGate(Gate.FUSED).build();
        Detection fromFile = detector.detect(jpg);
        Detection fromPixels = detector.detect(ImageLoader.DEFAULT.load(jpg).image());
        assertValid(fromFile, 64, 64);
        // same pixels, different coefficients (quality 50 vs the re-encoding at 90): the fused path must see it
        double diff = 0;
        for (int i = 0; i < 64 * 64; i++) {
            diff += Math.abs(fromFile.probability().values()[i] - fromPixels.probability().values()[i]);
        }
        assertTrue(diff > 1e-3, "coefficients had no effect: " + diff);
        Path bad = dir.resolve("bad.jpg");
        Files.write(bad, new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> detector.detect(bad));
        assertTrue(e.getMessage().contains("bad.jpg"), e.getMessage());
    }

    @Test
    void forcedGateIsReportedWithFullConfidence() {
        BufferedImage img = SpliceFixtures.texture(64, 64, new Random(5), 3);
        Detection v = NetworkDetector.builder().setModel(model).optGate(Gate.VISION).build().detect(img);
        Detection f = NetworkDetector.builder().setModel(model).optGate(Gate.FUSED).build().detect(img);
        assertEquals("vision", v.gate());
        assertEquals("fused", f.gate());
        assertEquals(1.0, v.gateConfidence());
    }

    @Test
    void builderRejectsMisalignedTiles() {
        assertThrows(IllegalArgumentException.class,
                () -> NetworkDetector.builder().setModel(model).optTileSize(100).build());
        assertThrows(IllegalStateException.class, () -> NetworkDetector.builder().build());
    }
}
