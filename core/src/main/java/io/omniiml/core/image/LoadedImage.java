package io.omniiml.core.image;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import io.omniiml.core.jpeg.JpegCoefficientReader;
import io.omniiml.core.jpeg.JpegCoefficients;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.lang.ref.SoftReference;
import java.util.List;
import java.util.Optional;

/**
 * A decoded image ready for analysis, and the per-image context every stage shares: the file is read and decoded
 * once, and what several stages derive from it (JPEG coefficients, metadata, luma, the stored raster) is computed
 * once, on first use, and handed to every later caller. Safe to share between threads.
 *
 * <p>Memory: the coefficients and metadata are kept for the image's lifetime (the network and the JPEG analysers
 * both read them); the full-size derived planes (luma, the stored raster of a rotated image) are held softly, so
 * on a large image under memory pressure the collector may drop them and the next caller computes them again
 * rather than the analysis running out of memory.
 */
public final class LoadedImage {
    private final String source;
    private final String format;
    private final int width;
    private final int height;
    private final BufferedImage image;
    private final int exifOrientation;
    private final byte[] bytes;
    private final List<String> warnings;

    private Optional<Metadata> metadata; // guarded by this; null until read
    private JpegCoefficients coefficients; // guarded by this
    private ImageReadException coefficientsFailure; // guarded by this
    private SoftReference<float[]> luma = new SoftReference<>(null); // guarded by this
    private SoftReference<BufferedImage> storedImage = new SoftReference<>(null); // guarded by this

    /**
     * @param source          file or upload name (for messages)
     * @param format          container format sniffed from the magic bytes: jpeg, png, gif, bmp, tiff, webp
     * @param width           width of {@code image} (after the EXIF orientation was applied)
     * @param height          height of {@code image} (after the EXIF orientation was applied)
     * @param image           8-bit RGB pixels ({@link BufferedImage#TYPE_INT_RGB}), EXIF orientation applied,
     *                        16-bit samples rounded to 8 bits, alpha dropped
     * @param exifOrientation the EXIF orientation tag (1..8; 1 when absent). JPEG coefficients never get it applied.
     * @param bytes           the original file bytes (the JPEG coefficient reader and metadata need them)
     * @param warnings        decoder warnings that did not make the file unusable (e.g. bytes after the end marker)
     */
    public LoadedImage(String source, String format, int width, int height, BufferedImage image, int exifOrientation,
                       byte[] bytes, List<String> warnings) {
        this.source = source;
        this.format = format;
        this.width = width;
        this.height = height;
        this.image = image;
        this.exifOrientation = exifOrientation;
        this.bytes = bytes;
        this.warnings = List.copyOf(warnings);
    }

    /** The loader's constructor: the metadata it already parsed for the orientation is kept (empty: unreadable). */
    LoadedImage(String source, String format, BufferedImage image, int exifOrientation, byte[] bytes,
                List<String> warnings, Optional<Metadata> metadata) {
        this(source, format, image.getWidth(), image.getHeight(), image, exifOrientation, bytes, warnings);
        this.metadata = metadata;
    }

    public String source() {
        return source;
    }

    public String format() {
        return format;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public BufferedImage image() {
        return image;
    }

    public int exifOrientation() {
        return exifOrientation;
    }

    public byte[] bytes() {
        return bytes;
    }

    public List<String> warnings() {
        return warnings;
    }

    public boolean isJpeg() {
        return "jpeg".equals(format);
    }

    /** Width of the stored raster (before orientation): orientations 5..8 swap the axes. */
    public int storedWidth() {
        return exifOrientation >= 5 ? height : width;
    }

    /** Height of the stored raster (before orientation). */
    public int storedHeight() {
        return exifOrientation >= 5 ? width : height;
    }

    /** The file's metadata (EXIF, XMP, ...), parsed once; empty when it has none that can be read. */
    public synchronized Optional<Metadata> metadata() {
        if (metadata == null) {
            metadata = readMetadata(bytes);
        }
        return metadata;
    }

    /**
     * The JPEG's quantised DCT coefficients, decoded once (a failure is remembered and thrown again, not retried).
     *
     * @throws IllegalStateException when the image is not a JPEG
     */
    public synchronized JpegCoefficients jpegCoefficients() throws ImageReadException {
        if (!isJpeg()) {
            throw new IllegalStateException(source + " is " + format + ", not a JPEG: it has no DCT coefficients");
        }
        if (coefficients == null && coefficientsFailure == null) {
            try {
                coefficients = JpegCoefficientReader.read(bytes, source);
            } catch (ImageReadException e) {
                coefficientsFailure = e;
            }
        }
        if (coefficientsFailure != null) {
            throw coefficientsFailure;
        }
        return coefficients;
    }

    /**
     * Luma (BT.601, as JPEG's Y) of {@link #image()} in grey levels 0..255, row-major. Shared: callers must not
     * write into it.
     */
    public synchronized float[] luma() {
        float[] y = luma.get();
        if (y == null) {
            y = PixelPlaneOps.luma(image);
            luma = new SoftReference<>(y);
        }
        return y;
    }

    /** The pixels as stored in the file, before the EXIF orientation: where JPEG blocks and coefficients live. */
    public synchronized BufferedImage storedImage() {
        if (exifOrientation <= 1) {
            return image;
        }
        BufferedImage stored = storedImage.get();
        if (stored == null) {
            stored = ImageLoader.orient(image, OrientationOps.inverse(exifOrientation));
            storedImage = new SoftReference<>(stored);
        }
        return stored;
    }

    static Optional<Metadata> readMetadata(byte[] data) {
        try {
            return Optional.of(ImageMetadataReader.readMetadata(new ByteArrayInputStream(data), data.length));
        } catch (Exception | StackOverflowError e) {
            // Broken metadata is common and must not make a decodable image unusable.
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "LoadedImage[" + source + ", " + format + ", " + width + "x" + height + ", orientation "
                + exifOrientation + "]";
    }
}
