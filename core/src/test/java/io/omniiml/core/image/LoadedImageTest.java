package io.omniiml.core.image;

import io.omniiml.core.jpeg.JpegCoefficientReader;
import io.omniiml.core.jpeg.JpegCoefficients;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-image context: what several stages derive from one image is computed once and equals a fresh computation. */
class LoadedImageTest {

    private static BufferedImage noise(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random rnd = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rnd.nextInt(1 << 24));
            }
        }
        return img;
    }

    private static byte[] jpeg(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }

    @Test
    void coefficientsAreDecodedOnceAndEqualTheReaders() throws IOException {
        byte[] bytes = jpeg(noise(40, 24, 1));
        LoadedImage image = ImageLoader.DEFAULT.load(bytes, "a.jpg");
        JpegCoefficients first = image.jpegCoefficients();
        assertSame(first, image.jpegCoefficients(), "a second caller gets the same decoded coefficients");
        JpegCoefficients fresh = JpegCoefficientReader.read(bytes, "a.jpg");
        assertArrayEquals(fresh.quantTableOf(0), first.quantTableOf(0));
        assertArrayEquals(fresh.components().get(0).coefficients(), first.components().get(0).coefficients());
    }

    @Test
    void anUnreadableCoefficientStreamFailsTheSameWayEveryTime() throws IOException {
        byte[] bytes = jpeg(noise(64, 64, 2));
        // Decodable pixels (ImageIO stops early) are not needed here: the context is built directly.
        byte[] cut = Arrays.copyOf(bytes, bytes.length / 3);
        LoadedImage image = new LoadedImage("cut.jpg", "jpeg", 64, 64, noise(64, 64, 2), 1, cut, java.util.List.of());
        ImageReadException first = assertThrows(ImageReadException.class, image::jpegCoefficients);
        ImageReadException second = assertThrows(ImageReadException.class, image::jpegCoefficients);
        assertSame(first, second, "the failure is remembered, not decoded again");
        assertTrue(first.getMessage().contains("cut.jpg"), first.getMessage());
    }

    @Test
    void aPngHasNoCoefficients() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(noise(8, 8, 3), "png", out);
        LoadedImage image = ImageLoader.DEFAULT.load(out.toByteArray(), "a.png");
        IllegalStateException e = assertThrows(IllegalStateException.class, image::jpegCoefficients);
        assertTrue(e.getMessage().contains("a.png"), e.getMessage());
    }

    @Test
    void lumaIsComputedOnceWithTheBt601Weights() throws IOException {
        LoadedImage image = ImageLoader.DEFAULT.load(jpeg(noise(16, 8, 4)), "a.jpg");
        float[] y = image.luma();
        assertSame(y, image.luma());
        int c = image.image().getRGB(5, 3);
        double expected = 0.299 * (c >> 16 & 255) + 0.587 * (c >> 8 & 255) + 0.114 * (c & 255);
        assertEquals(expected, y[3 * 16 + 5], 1e-4);
    }

    @Test
    void theStoredRasterUndoesTheOrientation() throws IOException {
        BufferedImage stored = noise(32, 16, 5);
        byte[] bytes = jpeg(stored);
        LoadedImage upright = ImageLoader.DEFAULT.load(bytes, "a.jpg");
        assertSame(upright.image(), upright.storedImage(), "orientation 1: the image itself");
        for (int orientation = 2; orientation <= 8; orientation++) {
            LoadedImage turned = ImageLoader.DEFAULT.load(ImageLoaderTest.withOrientation(bytes, orientation), "o" + orientation + ".jpg");
            BufferedImage back = turned.storedImage();
            assertSame(back, turned.storedImage());
            assertEquals(32, back.getWidth(), "orientation " + orientation);
            assertArrayEquals(PixelPlaneOps.rgb(upright.image()), PixelPlaneOps.rgb(back), "orientation " + orientation);
        }
    }

    @Test
    void theLoadersMetadataIsKept() throws IOException {
        LoadedImage image = ImageLoader.DEFAULT.load(ImageLoaderTest.withOrientation(jpeg(noise(16, 16, 6)), 6), "a.jpg");
        assertTrue(image.metadata().isPresent());
        assertSame(image.metadata().get(), image.metadata().get());
        assertEquals(6, image.exifOrientation());
    }
}
