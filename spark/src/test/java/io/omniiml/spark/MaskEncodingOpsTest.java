package io.omniiml.spark;

import io.omniiml.core.mask.Mask;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Random;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MaskEncodingOpsTest {
    @Test
    void rleReadsColumnsFirstAndStartsWithBackground() {
        // 3 wide, 2 high:   row 0: 1 0 0     column-major order: (0,0)=1 (0,1)=1 (1,0)=0 (1,1)=1 (2,0)=0 (2,1)=0
        //                   row 1: 1 1 0     runs: zero run of 0, two 1s, one 0, one 1, two 0s
        Mask mask = new Mask(3, 2, new byte[]{1, 0, 0, 1, 1, 0});
        assertEquals("0 2 1 1 2", MaskEncodingOps.rle(mask));
    }

    @Test
    void rleOfEmptyAndFullMasks() {
        assertEquals("6", MaskEncodingOps.rle(Mask.empty(3, 2)));
        assertEquals("0 6", MaskEncodingOps.rle(new Mask(3, 2, new byte[]{1, 1, 1, 1, 1, 1})));
        assertEquals("", MaskEncodingOps.rle(Mask.empty(0, 0)));
    }

    @Test
    void rleRoundTripsRandomMasks() {
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int w = 1 + random.nextInt(40);
            int h = 1 + random.nextInt(40);
            byte[] data = new byte[w * h];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (random.nextInt(4) == 0 ? 1 : 0);
            }
            Mask mask = new Mask(w, h, data);
            assertArrayEquals(data, MaskEncodingOps.decodeRle(MaskEncodingOps.rle(mask), w, h).data());
        }
    }

    @Test
    void decodeRejectsCountsThatDoNotCoverTheMask() {
        assertThrows(IllegalArgumentException.class, () -> MaskEncodingOps.decodeRle("0 5", 3, 2));
        assertThrows(IllegalArgumentException.class, () -> MaskEncodingOps.decodeRle("4 4", 3, 2));
    }

    @Test
    void pngHolds255WhereTampered() throws Exception {
        Mask mask = new Mask(4, 2, new byte[]{0, 1, 1, 0, 0, 0, 1, 0});
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(MaskEncodingOps.png(mask)));
        assertEquals(4, img.getWidth());
        assertEquals(2, img.getHeight());
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(mask.get(x, y) ? 255 : 0, img.getRaster().getSample(x, y, 0), "pixel " + x + "," + y);
            }
        }
    }
}
