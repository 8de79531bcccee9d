package io.omniiml.core.mask;

import io.omniiml.core.image.ImageReadException;
import io.omniiml.core.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.*;

class ProbabilityMapOpsTest {
    @TempDir
    Path dir;

    @Test
    void eightAndSixteenBitPngScaleByBitDepth() throws IOException {
        BufferedImage g8 = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        g8.getRaster().setSample(1, 0, 0, 51);
        Path p8 = dir.resolve("a.png");
        ImageIO.write(g8, "png", p8.toFile());
        assertArrayEquals(new float[]{0f, 0.2f}, ProbabilityMapOps.read(p8).values(), 1e-7f);

        ProbabilityMap map = new ProbabilityMap(3, 1, new float[]{0f, 0.3f, 1f});
        Path p16 = dir.resolve("b.png");
        ProbabilityMapOps.write16(map, p16);
        assertArrayEquals(map.values(), ProbabilityMapOps.read(p16).values(), 1f / 65535);
    }

    @Test
    void npyFloatAndUint8() throws IOException {
        Path f = dir.resolve("m.npy");
        Npy.write(f, new float[]{0.25f, 0.75f, 1f, 0f, 0.5f, 0.1f}, 1, 2, 3);
        ProbabilityMap m = ProbabilityMapOps.read(f);
        assertEquals(3, m.width());
        assertEquals(2, m.height());
        assertEquals(0.1f, m.get(2, 1));
        Path u = dir.resolve("u.npy");
        Npy.write(u, new byte[]{0, (byte) 255, 51, 0}, 2, 2);
        assertArrayEquals(new float[]{0, 1, 0.2f, 0}, ProbabilityMapOps.read(u).values(), 1e-7f);
        Path bad = dir.resolve("bad.npy");
        Npy.write(bad, new float[8], 2, 2, 2);
        ImageReadException e = assertThrows(ImageReadException.class, () -> ProbabilityMapOps.read(bad));
        assertTrue(e.getMessage().contains("shape (H, W)"), e.getMessage());
    }

    @Test
    void bilinearMatchesHalfPixelConvention() {
        // OpenCV/PyTorch (align_corners=False) upscale of [0, 1] to 4 pixels: 0, 0.25, 0.75, 1.
        ProbabilityMap m = new ProbabilityMap(2, 1, new float[]{0, 1});
        assertArrayEquals(new float[]{0, 0.25f, 0.75f, 1}, ProbabilityMapOps.resizeBilinear(m, 4, 1).values(), 1e-6f);
        assertArrayEquals(new float[]{0, 0, 1, 1}, ProbabilityMapOps.resizeNearest(m, 4, 1).values());
        ProbabilityMap constant = new ProbabilityMap(3, 3, new float[]{.4f, .4f, .4f, .4f, .4f, .4f, .4f, .4f, .4f});
        for (float v : ProbabilityMapOps.resizeBilinear(constant, 7, 5).values()) {
            assertEquals(0.4f, v, 1e-6f);
        }
    }
}
