package io.omniiml.core.data;

import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.*;

class DemoDatasetTest {
    @TempDir
    Path dir;

    private Path noise(String name, int w, int h, long seed) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt());
            }
        }
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    @Test
    void writesAValidTpGtSetWithExactMasks() throws IOException {
        Path out = dir.resolve("demo");
        DemoDataset.write(out, noise("a.png", 300, 280, 1), noise("b.png", 260, 400, 2), noise("c.png", 256, 256, 3));
        Dataset d = Datasets.open(out);
        assertEquals("tp-gt", d.layout());
        assertEquals(3, d.samples().size());
        assertEquals(List.of(), DatasetCheck.check(d));
        Mask splice = MaskOps.read(out.resolve("Gt/splice1_mask.png"));
        assertEquals(96 * 80, splice.count());
        assertEquals(List.of(new io.omniiml.core.mask.Box(140, 150, 96, 80)), MaskOps.boxes(splice, 1));
        // Copy-move pasted near the border is clipped to the image: 256-170 = 86 > 64, so whole.
        assertEquals(64 * 64, MaskOps.read(out.resolve("Gt/copymove1_mask.png")).count());
    }
}
