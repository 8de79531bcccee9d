package io.omniiml.core.image;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;

import static org.junit.jupiter.api.Assertions.*;

class ImageLoaderTest {
    @TempDir
    Path dir;

    private static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, out), "writer for " + format);
        return out.toByteArray();
    }

    private static BufferedImage halves(int w, int h, Color left, Color right, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        Graphics2D g = img.createGraphics();
        g.setColor(left);
        g.fillRect(0, 0, w / 2, h);
        g.setColor(right);
        g.fillRect(w / 2, 0, w - w / 2, h);
        g.dispose();
        return img;
    }

    private static void assertColor(int expectedRgb, int actualRgb, int tolerance) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int e = (expectedRgb >> shift) & 0xFF;
            int a = (actualRgb >> shift) & 0xFF;
            assertTrue(Math.abs(e - a) <= tolerance, String.format("expected %06x got %06x", expectedRgb, actualRgb & 0xFFFFFF));
        }
    }

    @Test
    void png16BitGrayKeepsValuesWithoutGamma() throws IOException {
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setSample(0, 0, 0, 0);
        img.getRaster().setSample(1, 0, 0, 32896); // 128.5 * 257 -> rounds to 128
        img.getRaster().setSample(2, 0, 0, 65535);
        LoadedImage loaded = ImageLoader.DEFAULT.load(encode(img, "png"), "g16.png");
        assertEquals("png", loaded.format());
        assertEquals(0x000000, loaded.image().getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0x808080, loaded.image().getRGB(1, 0) & 0xFFFFFF);
        assertEquals(0xFFFFFF, loaded.image().getRGB(2, 0) & 0xFFFFFF);
        assertEquals(BufferedImage.TYPE_INT_RGB, loaded.image().getType());
    }

    @Test
    void png8BitGrayIsNotGammaShifted() throws IOException {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(0, 0, 0, 100);
        assertEquals(0x646464, ImageLoader.DEFAULT.load(encode(img, "png"), "g8.png").image().getRGB(0, 0) & 0xFFFFFF);
    }

    @Test
    void pngPaletteAndAlphaDropped() throws IOException {
        IndexColorModel palette = new IndexColorModel(8, 2, new byte[]{10, (byte) 200}, new byte[]{20, 0}, new byte[]{30, 50});
        BufferedImage pal = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
        pal.getRaster().setSample(1, 0, 0, 1);
        LoadedImage p = ImageLoader.DEFAULT.load(encode(pal, "png"), "pal.png");
        assertEquals(0x0A141E, p.image().getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0xC80032, p.image().getRGB(1, 0) & 0xFFFFFF);

        BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00336699); // fully transparent: alpha is dropped, colour kept (PIL convert("RGB"))
        assertEquals(0x336699, ImageLoader.DEFAULT.load(encode(argb, "png"), "a.png").image().getRGB(0, 0) & 0xFFFFFF);
    }

    @Test
    void gifBmpTiffDecode() throws IOException {
        BufferedImage img = halves(8, 4, Color.RED, Color.BLUE, BufferedImage.TYPE_INT_RGB);
        for (String format : new String[]{"gif", "bmp", "tiff"}) {
            LoadedImage loaded = ImageLoader.DEFAULT.load(encode(img, format), "x.bin");
            assertEquals(format, loaded.format());
            assertEquals(8, loaded.width());
            assertEquals(0xFF0000, loaded.image().getRGB(0, 0) & 0xFFFFFF, format);
            assertEquals(0x0000FF, loaded.image().getRGB(7, 3) & 0xFFFFFF, format);
        }
    }

    @Test
    void webpFromTheMachine() throws IOException {
        // TwelveMonkeys reads WebP but cannot write it; use a real file when this machine has one.
        Path webp = Path.of("/root/.pyenv/versions/3.12.1/lib/python3.12/test/imghdrdata/python.webp");
        Assumptions.assumeTrue(Files.isRegularFile(webp), "no sample .webp on this machine");
        LoadedImage loaded = ImageLoader.DEFAULT.load(webp);
        assertEquals("webp", loaded.format());
        assertTrue(loaded.width() > 0 && loaded.height() > 0);
    }

    @Test
    void cmykJpegIsConvertedToRgb() throws IOException {
        // A 4-band raster written by the JDK encoder is a CMYK JPEG (Adobe marker, no JFIF).
        WritableRaster cmyk = java.awt.image.Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                cmyk.setPixel(x, y, new int[]{0, 255, 255, 0});
            }
        }
        ImageWriter writer = null;
        for (var it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            ImageWriter w = it.next();
            if (w.getClass().getName().startsWith("com.sun")) {
                writer = w;
            }
        }
        Assumptions.assumeTrue(writer != null, "no JDK JPEG writer");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(cmyk, null, null), null);
        }
        LoadedImage loaded = ImageLoader.DEFAULT.load(out.toByteArray(), "cmyk.jpg");
        assertEquals(16, loaded.width());
        int rgb = loaded.image().getRGB(8, 8) & 0xFFFFFF;
        // C=0 M=Y=255 K=0 is red, or cyan if the decoder reads the data as Adobe-inverted: either way not grey.
        int r = rgb >> 16 & 0xFF;
        int g = rgb >> 8 & 0xFF;
        assertTrue(Math.abs(r - g) > 100, String.format("CMYK colour lost: %06x", rgb));
    }

    @Test
    void exifOrientation6RotatesPixelsClockwise() throws IOException {
        byte[] jpeg = encode(halves(32, 16, Color.RED, Color.BLUE, BufferedImage.TYPE_INT_RGB), "jpeg");
        byte[] withExif = withOrientation(jpeg, 6);
        LoadedImage loaded = ImageLoader.DEFAULT.load(withExif, "rot.jpg");
        assertEquals(6, loaded.exifOrientation());
        assertEquals(16, loaded.width());
        assertEquals(32, loaded.height());
        assertEquals(32, loaded.storedWidth());
        assertColor(0xFF0000, loaded.image().getRGB(8, 4), 40);  // stored left half is now on top
        assertColor(0x0000FF, loaded.image().getRGB(8, 28), 40);
        assertTrue(loaded.isJpeg());
        assertArrayEquals(withExif, loaded.bytes());
    }

    /** APP1 "Exif" with a big-endian TIFF header and one IFD0 entry: Orientation (0x0112, SHORT) = value. */
    /** The JPEG with an EXIF segment carrying {@code orientation} inserted after its start-of-image marker. */
    static byte[] withOrientation(byte[] jpeg, int orientation) throws IOException {
        byte[] exif = exifOrientationSegment(orientation);
        byte[] out = new byte[jpeg.length + exif.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(exif, 0, out, 2, exif.length);
        System.arraycopy(jpeg, 2, out, 2 + exif.length, jpeg.length - 2);
        return out;
    }

    static byte[] exifOrientationSegment(int value) throws IOException {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        DataOutputStream t = new DataOutputStream(tiff);
        t.writeBytes("MM");
        t.writeShort(42);
        t.writeInt(8);
        t.writeShort(1);
        t.writeShort(0x0112);
        t.writeShort(3);
        t.writeInt(1);
        t.writeShort(value);
        t.writeShort(0);
        t.writeInt(0);
        ByteArrayOutputStream seg = new ByteArrayOutputStream();
        DataOutputStream s = new DataOutputStream(seg);
        s.writeShort(0xFFE1);
        s.writeShort(2 + 6 + tiff.size());
        s.writeBytes("Exif");
        s.writeShort(0);
        s.write(tiff.toByteArray());
        return seg.toByteArray();
    }

    @Test
    void orientationTransformsMatchTheirDefinition() {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 6; i++) {
            img.setRGB(i % 3, i / 3, i + 1);
        }
        // Orientation 8 (rotate 90 counter-clockwise for display): the stored right column becomes the top row.
        BufferedImage o8 = ImageLoader.orient(img, 8);
        assertEquals(2, o8.getWidth());
        assertEquals(3, o8.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(6, o8.getRGB(1, 0) & 0xFFFFFF);
        BufferedImage o3 = ImageLoader.orient(img, 3);
        assertEquals(6, o3.getRGB(0, 0) & 0xFFFFFF);
        // 6 then 8 is the identity.
        BufferedImage back = ImageLoader.orient(ImageLoader.orient(img, 6), 8);
        for (int i = 0; i < 6; i++) {
            assertEquals(i + 1, back.getRGB(i % 3, i / 3) & 0xFFFFFF);
        }
    }

    @Test
    void decompressionBombIsRefusedFromTheHeader() throws IOException {
        byte[] bomb = pngClaiming(50000, 50000);
        assertTrue(bomb.length < 2000);
        long start = System.nanoTime();
        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageLoader.DEFAULT.load(bomb, "bomb.png"));
        assertTrue((System.nanoTime() - start) / 1e9 < 2, "refusal must not decode");
        assertEquals("bomb.png: 50000x50000 = 2500 MP exceeds the limit of 100 MP", e.getMessage());
        ImageLoader small = ImageLoader.builder().optMaxPixels(100).build();
        assertThrows(ImageReadException.class, () -> small.load(encode(new BufferedImage(11, 10, BufferedImage.TYPE_INT_RGB), "png"), "x"));
        assertEquals(100, small.load(encode(new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB), "png"), "x").width() * 10);
    }

    /** A valid PNG header claiming width x height, with a short deflate stream of zeros. */
    static byte[] pngClaiming(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[]{8, 0, 0, 0, 0});
        chunk(d, "IHDR", ihdr.toByteArray());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[100_000]);
        deflater.finish();
        byte[] buf = new byte[4096];
        int n = deflater.deflate(buf);
        chunk(d, "IDAT", Arrays.copyOf(buf, n));
        chunk(d, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream d, String type, byte[] data) throws IOException {
        d.writeInt(data.length);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    @Test
    void truncatedFilesAreRefusedWithTheirName() throws IOException {
        BufferedImage img = halves(64, 64, Color.RED, Color.GREEN, BufferedImage.TYPE_INT_RGB);
        byte[] jpeg = encode(img, "jpeg");
        ImageReadException j = assertThrows(ImageReadException.class,
                () -> ImageLoader.DEFAULT.load(Arrays.copyOf(jpeg, jpeg.length / 2), "cut.jpg"));
        assertTrue(j.getMessage().startsWith("cut.jpg: truncated JPEG"), j.getMessage());
        // An EXIF thumbnail ends with its own EOI inside APP1: that one must not make a cut file look complete.
        byte[] thumbnailEoi = {(byte) 0xFF, (byte) 0xE1, 0, 8, 'E', 'x', 'i', 'f', (byte) 0xFF, (byte) 0xD9};
        byte[] withThumb = new byte[jpeg.length / 2 + thumbnailEoi.length];
        System.arraycopy(jpeg, 0, withThumb, 0, 2);
        System.arraycopy(thumbnailEoi, 0, withThumb, 2, thumbnailEoi.length);
        System.arraycopy(jpeg, 2, withThumb, 2 + thumbnailEoi.length, jpeg.length / 2 - 2);
        assertThrows(ImageReadException.class, () -> ImageLoader.DEFAULT.load(withThumb, "thumb.jpg"));
        // A real-world PNG with random content so the IDAT is long enough to cut inside it.
        java.util.Random random = new java.util.Random(1);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, random.nextInt());
            }
        }
        byte[] png = encode(img, "png");
        ImageReadException p = assertThrows(ImageReadException.class,
                () -> ImageLoader.DEFAULT.load(Arrays.copyOf(png, png.length / 2), "cut.png"));
        assertTrue(p.getMessage().startsWith("cut.png: "), p.getMessage());
    }

    @Test
    void formatIsSniffedNotTakenFromTheName() throws IOException {
        Path misnamed = dir.resolve("photo.jpg");
        Files.write(misnamed, encode(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png"));
        assertEquals("png", ImageLoader.DEFAULT.load(misnamed).format());
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "hello");
        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageLoader.DEFAULT.load(text));
        assertTrue(e.getMessage().contains("not an image"), e.getMessage());
        ImageReadException missing = assertThrows(ImageReadException.class, () -> ImageLoader.DEFAULT.load(dir.resolve("none.png")));
        assertTrue(missing.getMessage().endsWith("none.png: file not found"));
    }

    @Test
    void jpegMissingOnlyItsEndMarkerIsReadWithAWarning() throws IOException {
        BufferedImage img = halves(40, 24, Color.RED, Color.BLUE, BufferedImage.TYPE_INT_RGB);
        byte[] jpeg = encode(img, "jpeg");
        assertEquals((byte) 0xD9, jpeg[jpeg.length - 1]);
        LoadedImage full = ImageLoader.DEFAULT.load(jpeg, "full.jpg");
        assertFalse(full.warnings().contains(ImageLoader.NO_END_OF_IMAGE_WARNING));
        byte[] noEoi = Arrays.copyOf(jpeg, jpeg.length - 2);
        assertFalse(ImageLoader.hasEndOfImage(noEoi));
        LoadedImage loaded = ImageLoader.DEFAULT.load(noEoi, "noeoi.jpg");
        assertTrue(loaded.warnings().contains(ImageLoader.NO_END_OF_IMAGE_WARNING), loaded.warnings().toString());
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 40; x++) {
                assertEquals(full.image().getRGB(x, y), loaded.image().getRGB(x, y), "same pixels at " + x + "," + y);
            }
        }
        // The coefficient reader (jpeg dump) reads it as well: one rule for both.
        assertArrayEquals(io.omniiml.core.jpeg.JpegCoefficientReader.read(jpeg, "full.jpg").components().get(0).coefficients(),
                io.omniiml.core.jpeg.JpegCoefficientReader.read(noEoi, "noeoi.jpg").components().get(0).coefficients());
    }

    @Test
    void jpegWithoutEndMarkerButWithTrailingBytesAfterEoiIsAccepted() throws IOException {
        byte[] jpeg = encode(halves(16, 16, Color.RED, Color.GREEN, BufferedImage.TYPE_INT_RGB), "jpeg");
        byte[] trailing = Arrays.copyOf(jpeg, jpeg.length + 5);
        assertEquals(16, ImageLoader.DEFAULT.load(trailing, "t.jpg").width());
    }
}
