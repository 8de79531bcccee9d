package io.omniiml.training;

import io.omniiml.core.data.Task;
import io.omniiml.core.jpeg.JpegCoefficientReader;
import io.omniiml.core.jpeg.JpegCoefficients;
import io.omniiml.core.jpeg.JpegEncoding;
import io.omniiml.core.mask.Mask;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExampleOpsTest {

    private static BufferedImage noise(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = (x * 3 + y * 2 + r.nextInt(40)) & 255;
                img.setRGB(x, y, v << 16 | (255 - v) << 8 | (v / 2));
            }
        }
        return img;
    }

    /** Reference 8x8 inverse DCT (JPEG's definition) of dequantized coefficients, level-shifted. */
    private static double[] idct(short[] dct, int stride, int bx, int by, int[] q) {
        double[] out = new double[64];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                double s = 0;
                for (int v = 0; v < 8; v++) {
                    for (int u = 0; u < 8; u++) {
                        double cu = u == 0 ? Math.sqrt(0.5) : 1;
                        double cv = v == 0 ? Math.sqrt(0.5) : 1;
                        double c = dct[(by * 8 + v) * stride + bx * 8 + u] * q[v * 8 + u];
                        s += cu * cv * c * Math.cos((2 * x + 1) * u * Math.PI / 16) * Math.cos((2 * y + 1) * v * Math.PI / 16);
                    }
                }
                out[y * 8 + x] = s / 4 + 128;
            }
        }
        return out;
    }

    @Test
    void flippedCoefficientsDecodeToTheFlippedBlocks() throws Exception {
        BufferedImage img = noise(64, 64, 1);
        byte[] jpeg = JpegEncoding.encode(img, 90);
        LabelledImage in = new LabelledImage("noise", Task.NATURAL, img, jpeg, Mask.empty(64, 64));
        TrainingExample plain = ExampleOps.toExample(in, 64, ExampleOps.Augment.NONE);
        TrainingExample both = ExampleOps.toExample(in, 64, new ExampleOps.Augment(0, 0, true, true));
        int[] q = plain.qtable();
        for (int by = 0; by < 8; by++) {
            for (int bx = 0; bx < 8; bx++) {
                double[] a = idct(plain.dct(), 64, bx, by, q);
                double[] b = idct(both.dct(), 64, 7 - bx, 7 - by, q);
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        assertEquals(a[y * 8 + x], b[(7 - y) * 8 + (7 - x)], 1e-9, "block " + bx + "," + by);
                    }
                }
            }
        }
        // pixels are flipped the same way
        assertEquals(plain.rgb()[0], both.rgb()[63 * 64 + 63], 0f);
    }

    @Test
    void cropsStayOnTheJpegGridAndKeepTheFilesCoefficients() throws Exception {
        BufferedImage img = noise(200, 120, 2);
        byte[] jpeg = JpegEncoding.encode(img, 85);
        JpegCoefficients c = JpegCoefficientReader.read(jpeg, "noise");
        byte[] mask = new byte[200 * 120];
        for (int y = 40; y < 60; y++) {
            for (int x = 100; x < 150; x++) {
                mask[y * 200 + x] = 1;
            }
        }
        LabelledImage in = new LabelledImage("noise", Task.NATURAL, img, jpeg, new Mask(200, 120, mask));
        TrainingExample e = ExampleOps.toExample(in, 64, new ExampleOps.Augment(0.999, 0.5, false, false));
        String[] offset = e.id().substring(e.id().indexOf('@') + 1).split(",");
        int x0 = Integer.parseInt(offset[0]);
        int y0 = Integer.parseInt(offset[1]);
        assertEquals(0, x0 % 8);
        assertEquals(0, y0 % 8);
        assertEquals(136, x0, "the last 8-aligned offset that fits");
        JpegCoefficients.Component lum = c.components().get(0);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                assertEquals(lum.coefficients()[(y0 + y) * lum.stride() + x0 + x], e.dct()[y * 64 + x]);
                assertEquals(mask[(y0 + y) * 200 + x0 + x], e.mask()[y * 64 + x]);
            }
        }
        assertArrayEquals(c.quantTableOf(0), e.qtable());
        assertTrue(e.tampered());
        assertEquals(64, e.validWidth());
    }

    @Test
    void smallImagesArePaddedAndPngsGetCoefficientsFromEncoding() throws Exception {
        BufferedImage img = noise(40, 56, 3);
        LabelledImage in = new LabelledImage("png", Task.DOCUMENT, img, null, Mask.empty(40, 56));
        TrainingExample e = ExampleOps.toExample(in, 64, ExampleOps.Augment.NONE);
        JpegCoefficients ref = JpegEncoding.luminanceCoefficients(img, ExampleOps.NON_JPEG_QUALITY);
        assertArrayEquals(ref.quantTableOf(0), e.qtable());
        JpegCoefficients.Component lum = ref.components().get(0);
        assertEquals(lum.coefficients()[0], e.dct()[0]);
        assertEquals(0, e.dct()[63], "zero coefficients outside the image");
        assertEquals(40, e.validWidth());
        assertEquals(56, e.validHeight());
        assertFalse(e.tampered());
        assertTrue(e.boxes().isEmpty());
    }
}
