package io.omniiml.core.jpeg;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JpegTablesTest {
    static BufferedImage noise(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        SplittableRandom rnd = new SplittableRandom(4);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 3 + rnd.nextInt(40)) << 16 | (y * 2 + rnd.nextInt(40)) << 8 | rnd.nextInt(256));
            }
        }
        return img;
    }

    @Test
    void headerTablesOfAnIjgFileAreTheScaledStandardTables() {
        byte[] jpeg = JpegEncoding.encode(noise(48, 40), 83);
        JpegTables t = JpegTables.read(jpeg);
        assertArrayEquals(JpegQuality.scaledTable(JpegQuality.STD_LUMINANCE, 83, true), t.luminance());
        assertArrayEquals(JpegQuality.scaledTable(JpegQuality.STD_CHROMINANCE, 83, true), t.chrominance());
        assertEquals(2, t.hSampling());
        assertEquals(2, t.vSampling());
        assertEquals(16, t.mcuWidth());
    }

    @Test
    void encodingWithGivenTablesWritesExactlyThoseTablesAndSampling() {
        // A non-IJG table (as cameras have) with a 4:2:2 layout: the full coefficient reader must read them back.
        int[] lum = new int[64];
        int[] chroma = new int[64];
        for (int i = 0; i < 64; i++) {
            lum[i] = 2 + (i % 8) + 3 * (i / 8);
            chroma[i] = 4 + 2 * (i % 8) + (i / 8);
        }
        lum[63] = 300; // clamped to the baseline maximum
        JpegTables camera = new JpegTables(lum, chroma, 2, 1);
        byte[] jpeg = JpegEncoding.encode(noise(64, 48), camera);
        JpegCoefficients read = readCoefficients(jpeg);
        int[] expectedLum = lum.clone();
        expectedLum[63] = 255;
        assertArrayEquals(expectedLum, read.quantTableOf(0));
        assertArrayEquals(chroma, read.quantTableOf(1));
        assertArrayEquals(chroma, read.quantTableOf(2));
        assertEquals(2, read.components().get(0).hSampling());
        assertEquals(1, read.components().get(0).vSampling());
        assertEquals(new JpegTables(expectedLum, chroma, 2, 1), JpegTables.read(jpeg));
    }

    @Test
    void tablesDefinedAfterTheFrameHeaderAreFound() {
        byte[] jpeg = JpegEncoding.encode(noise(16, 16), 70);
        // Move the frame header (SOF0) in front of the DQT segments: still a valid stream order.
        int dqt = indexOf(jpeg, 0xDB);
        int sof = indexOf(jpeg, 0xC0);
        int sofLength = ((jpeg[sof + 2] & 0xFF) << 8 | (jpeg[sof + 3] & 0xFF)) + 2;
        byte[] moved = new byte[jpeg.length];
        System.arraycopy(jpeg, 0, moved, 0, dqt);
        System.arraycopy(jpeg, sof, moved, dqt, sofLength);
        System.arraycopy(jpeg, dqt, moved, dqt + sofLength, sof - dqt);
        System.arraycopy(jpeg, sof + sofLength, moved, sof + sofLength, jpeg.length - sof - sofLength);
        assertEquals(JpegTables.read(jpeg), JpegTables.read(moved));
        assertThrows(IllegalArgumentException.class, () -> JpegTables.read(Arrays.copyOf(jpeg, dqt)));
    }

    private static int indexOf(byte[] d, int marker) {
        for (int i = 2; i + 1 < d.length; i++) {
            if ((d[i] & 0xFF) == 0xFF && (d[i + 1] & 0xFF) == marker) {
                return i;
            }
        }
        throw new AssertionError("marker " + Integer.toHexString(marker) + " not found");
    }

    private static JpegCoefficients readCoefficients(byte[] jpeg) {
        try {
            return JpegCoefficientReader.read(jpeg, "test");
        } catch (io.omniiml.core.image.ImageReadException e) {
            throw new AssertionError(e);
        }
    }
}
