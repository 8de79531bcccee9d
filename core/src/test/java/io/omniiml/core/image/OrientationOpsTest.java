package io.omniiml.core.image;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class OrientationOpsTest {
    /** The map version must turn exactly like core's image version, for all 8 orientations. */
    @Test
    void matchesTheImageOrientationOfCore() {
        int w = 5;
        int h = 3;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        float[] map = new float[w * h];
        for (int i = 0; i < w * h; i++) {
            img.setRGB(i % w, i / w, i + 1);
            map[i] = i + 1;
        }
        for (int o = 1; o <= 8; o++) {
            BufferedImage turned = ImageLoader.orient(img, o);
            float[] t = OrientationOps.orient(map, w, h, o);
            float[] expected = new float[w * h];
            for (int y = 0; y < turned.getHeight(); y++) {
                for (int x = 0; x < turned.getWidth(); x++) {
                    expected[y * turned.getWidth() + x] = turned.getRGB(x, y) & 0xffffff;
                }
            }
            assertArrayEquals(expected, t, "orientation " + o);
            // inverse undoes it
            BufferedImage back = ImageLoader.orient(turned, OrientationOps.inverse(o));
            assertEquals(img.getRGB(4, 2), back.getRGB(4, 2), "inverse of " + o);
            assertEquals(img.getRGB(1, 0), back.getRGB(1, 0), "inverse of " + o);
        }
    }
}
