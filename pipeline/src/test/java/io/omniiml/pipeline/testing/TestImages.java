package io.omniiml.pipeline.testing;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Real photos from the shared data (never copied into the repository) and awkward files made on the fly. */
public final class TestImages {
    private TestImages() {
    }

    public static Path shared() {
        String env = System.getenv("OMNIIML_SHARED");
        Path p = env != null ? Path.of(env) : Path.of("/work/shared");
        return (Files.isDirectory(p.resolve("data")) ? p : Path.of("/work/shared")).toAbsolutePath().normalize();
    }

    /** A 640x480 JPEG photo (OpenCV's aero1.jpg). */
    public static Path photo() {
        return shared().resolve("data/clean/opencv-doc/aero1.jpg");
    }

    public static Path photo2() {
        return shared().resolve("data/clean/opencv-doc/fruits.jpg");
    }

    public static Path pngPhoto() {
        return shared().resolve("data/clean/python3-skimage/coins.png");
    }

    /** A valid PNG header claiming width x height RGB pixels, with a tiny (wrong) data chunk: a decompression bomb shape. */
    public static byte[] pngHeaderClaiming(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        Deflater d = new Deflater();
        d.setInput(new byte[1000]);
        d.finish();
        byte[] buf = new byte[200];
        int n = d.deflate(buf);
        chunk(out, "IDAT", java.util.Arrays.copyOf(buf, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A 16-bit grey PNG (a ramp). */
    public static void write16BitPng(Path file, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.setSample(x, y, 0, (x * 65535 / Math.max(1, w - 1) + y * 97) & 0xFFFF);
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    /** A four-component (CMYK) JPEG from the photo's pixels, written as a raster (no colour conversion). */
    public static void writeCmykJpeg(Path source, Path file) throws IOException {
        BufferedImage rgb = ImageIO.read(source.toFile());
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        WritableRaster cmyk = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = rgb.getRGB(x, y);
                int c = 255 - (p >> 16 & 255);
                int m = 255 - (p >> 8 & 255);
                int ye = 255 - (p & 255);
                int k = Math.min(c, Math.min(m, ye));
                cmyk.setPixel(x, y, new int[]{c - k, m - k, ye - k, k});
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(cmyk, null, null), null);
        } finally {
            writer.dispose();
        }
    }

    public static void writeGif(Path source, Path file) throws IOException {
        ImageIO.write(ImageIO.read(source.toFile()), "gif", file.toFile());
    }
}
