package io.omniiml.synth.post;

import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.ImageReadException;
import io.omniiml.core.jpeg.JpegEncoding;
import io.omniiml.core.jpeg.JpegTables;
import io.omniiml.synth.image.RasterOps;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Encoding to the final file bytes (baseline JPEG through core's JpegEncoding, or PNG) and back. */
public final class EncodeOps {
    private EncodeOps() {
    }

    /** Baseline JPEG, IJG quality scaling of the Annex K tables, 4:2:0 (as cjpeg's defaults). */
    public static byte[] jpeg(BufferedImage image, int quality) {
        return JpegEncoding.encode(image, quality);
    }

    /** Baseline JPEG with a file's own quantization tables and sampling (a camera's, read from its headers). */
    public static byte[] jpeg(BufferedImage image, JpegTables tables) {
        return JpegEncoding.encode(image, tables);
    }

    public static byte[] png(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            // A fast deflate level: PNG size matters far less here than generation speed.
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.7f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        } finally {
            writer.dispose();
        }
    }

    public static BufferedImage decode(byte[] data, String name) {
        try {
            return ImageLoader.DEFAULT.load(data, name).image();
        } catch (ImageReadException e) {
            throw new IllegalStateException("cannot decode what was just encoded: " + e.getMessage(), e);
        }
    }

    /** Pixels after one JPEG compression at {@code quality}. */
    public static int[] jpegRoundTrip(int[] rgb, int width, int height, int quality) {
        BufferedImage img = RasterOps.image(width, height, rgb);
        return RasterOps.pixels(decode(jpeg(img, quality), "jpeg-round-trip"));
    }

    /** Pixels after one JPEG compression with the given tables. */
    public static int[] jpegRoundTrip(int[] rgb, int width, int height, JpegTables tables) {
        BufferedImage img = RasterOps.image(width, height, rgb);
        return RasterOps.pixels(decode(jpeg(img, tables), "jpeg-round-trip"));
    }
}
