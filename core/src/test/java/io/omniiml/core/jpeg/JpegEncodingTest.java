package io.omniiml.core.jpeg;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JpegEncodingTest {
    static BufferedImage picture(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 4 & 255) << 16 | (y * 3 & 255) << 8 | random.nextInt(256));
            }
        }
        return img;
    }

    @Test
    void estimatedQualityOfEncodedFileIsTheRequestedQuality() throws Exception {
        BufferedImage img = picture(40, 24);
        for (int q = 1; q <= 100; q++) {
            JpegCoefficients c = JpegCoefficientReader.read(JpegEncoding.encode(img, q), "q" + q);
            JpegQuality.Estimate luma = JpegQuality.estimate(c.quantTableOf(0), true);
            JpegQuality.Estimate chroma = JpegQuality.estimate(c.quantTableOf(1), false);
            assertEquals(q, luma.quality(), "luminance quality");
            assertTrue(luma.standard());
            assertEquals(Math.max(q, 3), chroma.quality(), "chrominance quality (1..3 give identical tables)");
            assertArrayEquals(JpegQuality.scaledTable(JpegQuality.STD_LUMINANCE, q, true), c.quantTableOf(0));
        }
    }

    @Test
    void defaultIs420AndOptionGives444() throws Exception {
        BufferedImage img = picture(33, 17);
        JpegCoefficients sub = JpegCoefficientReader.read(JpegEncoding.encode(img, 90), "420");
        assertEquals(2, sub.components().get(0).hSampling());
        assertEquals(2, sub.components().get(0).vSampling());
        assertEquals(1, sub.components().get(1).hSampling());
        JpegCoefficients full = JpegCoefficientReader.read(
                JpegEncoding.encode(img, 90, JpegEncoding.Subsampling.YUV444), "444");
        for (JpegCoefficients.Component c : full.components()) {
            assertEquals(1, c.hSampling());
            assertEquals(1, c.vSampling());
        }
    }

    /** The JDK writer holds libjpeg 6b: the same luminance encoded by cjpeg must give identical coefficients. */
    @Test
    void luminanceCoefficientsEqualCjpegOnTheSameGrayImage() throws Exception {
        BufferedImage img = picture(41, 23);
        JpegCoefficients ours = JpegEncoding.luminanceCoefficients(img, 75);
        assertEquals(1, ours.components().size());
        BufferedImage gray = JpegEncoding.luminance(img);
        Path dir = LibjpegReference.workDir();
        Path pgm = dir.resolve("luma.pgm");
        byte[] pixels = ((java.awt.image.DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        byte[] header = ("P5\n41 23\n255\n").getBytes();
        byte[] all = java.util.Arrays.copyOf(header, header.length + pixels.length);
        System.arraycopy(pixels, 0, all, header.length, pixels.length);
        Files.write(pgm, all);
        Path jpg = LibjpegReference.make(java.util.List.of("cjpeg", "-quality", "75", "-dct", "int", "-outfile",
                dir.resolve("luma.jpg").toString(), pgm.toString()), dir.resolve("luma.jpg"));
        JpegCoefficients reference = JpegCoefficientReader.read(jpg);
        assertArrayEquals(reference.components().get(0).coefficients(), ours.components().get(0).coefficients());
        assertArrayEquals(reference.quantTableOf(0), ours.quantTableOf(0));
    }

    @Test
    void luminanceUsesLibjpegWeights() {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 200 << 16 | 100 << 8 | 50);
        // 0.299*200 + 0.587*100 + 0.114*50 = 124.2
        assertEquals(124, JpegEncoding.luminance(img).getRaster().getSample(0, 0, 0));
    }
}
