package io.omniiml.model.infer;

import io.omniiml.core.jpeg.JpegCoefficientReader;
import io.omniiml.core.jpeg.JpegCoefficients;
import io.omniiml.model.testing.SpliceFixtures;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class InputOpsTest {
    @Test
    void rgbWindowIsChannelMajorWithEdgeRepeat() {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xff0000);
        img.setRGB(1, 0, 0x00ff00);
        img.setRGB(0, 1, 0x0000ff);
        img.setRGB(1, 1, 0x808080);
        float[] v = InputOps.rgbChw(img, 0, 0, 3, 2);
        // R plane: row 0 = 1, 0, 0 (x=2 repeats x=1); row 1 = 0, .502, .502
        assertArrayEquals(new float[] {1, 0, 0, 0, 128 / 255f, 128 / 255f}, java.util.Arrays.copyOfRange(v, 0, 6), 1e-6f);
        assertArrayEquals(new float[] {0, 1, 1, 0, 128 / 255f, 128 / 255f}, java.util.Arrays.copyOfRange(v, 6, 12), 1e-6f);
    }

    @Test
    void luminanceIsCroppedFromTheJpegioLayout() throws Exception {
        BufferedImage img = SpliceFixtures.texture(21, 13, new Random(1), 5);
        JpegCoefficients c = JpegCoefficientReader.read(SpliceFixtures.jpeg(img, 75), "t");
        short[] dct = InputOps.luminanceOnPixelGrid(c, 21, 13);
        JpegCoefficients.Component y = c.components().get(0);
        // pixel (x, y) holds coefficient k = (y%8)*8 + x%8 of block (y/8, x/8)
        for (int py = 0; py < 13; py++) {
            for (int px = 0; px < 21; px++) {
                assertEquals(y.coefficient(py / 8, px / 8, (py % 8) * 8 + px % 8), dct[py * 21 + px]);
            }
        }
        int[] window = InputOps.dctWindow(dct, 21, 13, 16, 8, 8, 8);
        assertEquals(dct[8 * 21 + 16], window[0]);
        assertEquals(0, window[7 * 8 + 7], "outside the image: zero");
        assertEquals(64, InputOps.quantTable(c).length);
    }
}
