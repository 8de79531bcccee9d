package io.omniiml.core.image;

import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import io.omniiml.core.concurrent.Cancellation;
import io.omniiml.core.concurrent.CancelledException;
import io.omniiml.core.jpeg.JpegCoefficientReader;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads JPEG (baseline, progressive, grayscale, CMYK/YCCK), PNG (8/16-bit, alpha, palette), TIFF, BMP, WebP
 * and GIF (first frame) into 8-bit RGB with the EXIF orientation applied.
 *
 * <p>Decisions: the format is sniffed from the magic bytes, never from the file name. The pixel cap is
 * checked from the header before any pixel is decoded, so a decompression bomb costs nothing. Alpha is
 * dropped (as PIL's {@code convert("RGB")}, which the reference benchmarks use), 16-bit samples are rounded
 * to 8 bits. A JPEG whose data ends before its end-of-image marker is refused, not returned half grey: the
 * JDK decoder would silently fill the rest, and half an image gives wrong forensic evidence. A JPEG whose data is
 * complete but lacks only the marker is read with the warning {@link #NO_END_OF_IMAGE_WARNING}.
 *
 * <pre>{@code LoadedImage img = ImageLoader.builder().optMaxPixels(50_000_000).build().load(path);}</pre>
 */
public final class ImageLoader {
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    public static final ImageLoader DEFAULT = builder().build();
    /**
     * The warning for a JPEG whose data is complete but ends without its end-of-image marker (FFD9): it is read
     * (libjpeg does the same, with a warning), by {@link #load} as by the coefficient reader behind {@code jpeg dump}.
     */
    public static final String NO_END_OF_IMAGE_WARNING =
            "no end-of-image marker (FFD9) after complete image data; read as if it were there";

    static {
        // Plugins on the class path (TwelveMonkeys) register lazily otherwise; do it once here.
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);
    }

    private final long maxPixels;

    private ImageLoader(Builder builder) {
        this.maxPixels = builder.maxPixels;
    }

    public static Builder builder() {
        return new Builder();
    }

    public long maxPixels() {
        return maxPixels;
    }

    public LoadedImage load(Path file) throws ImageReadException {
        return load(readBytes(file), file.toString());
    }

    public LoadedImage load(byte[] data, String sourceName) throws ImageReadException {
        Decoded decoded = decode(data, sourceName);
        Cancellation.checkpoint();
        Optional<Metadata> metadata = LoadedImage.readMetadata(data);
        int orientation = exifOrientation(metadata);
        BufferedImage rgb = orient(toRgb(decoded.image()), orientation);
        return new LoadedImage(sourceName, decoded.format(), rgb, orientation, data, decoded.warnings(), metadata);
    }

    /** A decoded image as the plugin returned it (bit depth and bands kept), with its sniffed format. */
    public record Decoded(String format, BufferedImage image, List<String> warnings) {
    }

    /**
     * Decodes without converting to RGB or applying the orientation; for readers that need the raw samples
     * (16-bit probability maps). Same cap and error handling as {@link #load(Path)}.
     */
    public Decoded decodeRaw(Path file) throws ImageReadException {
        return decode(readBytes(file), file.toString());
    }

    static byte[] readBytes(Path file) throws ImageReadException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ImageReadException(file.toString(), "file not found");
        } catch (IOException e) {
            throw new ImageReadException(file.toString(), "cannot read file (" + e.getMessage() + ")");
        } catch (OutOfMemoryError e) {
            throw new ImageReadException(file.toString(), "out of memory while reading the file (try a larger -Xmx)");
        }
    }

    /** Width and height as the file's header states them (stored raster, before the EXIF orientation). */
    public record Size(int width, int height) {
        public long pixels() {
            return (long) width * height;
        }
    }

    /**
     * The image's size from its header alone, no pixel decoded: lets a caller refuse an image that is too large
     * for its memory before paying for it. Throws for data that is not a readable image header.
     */
    public static Size headerSize(byte[] data, String source) throws ImageReadException {
        String format = sniffFormat(data);
        if (format == null) {
            throw new ImageReadException(source, data.length == 0 ? "empty file"
                    : "not an image in a supported format (JPEG, PNG, GIF, BMP, TIFF, WebP)");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new ImageReadException(source, "no decoder for " + format + " on the class path");
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, true, true);
            return new Size(reader.getWidth(0), reader.getHeight(0));
        } catch (IOException | RuntimeException e) {
            throw new ImageReadException(source, "corrupt " + format.toUpperCase(Locale.ROOT) + " header ("
                    + describe(e) + ")", e);
        } finally {
            reader.dispose();
        }
    }

    /** The container format from the first bytes, or null if none we read. */
    public static String sniffFormat(byte[] d) {
        if (d.length >= 3 && (d[0] & 0xFF) == 0xFF && (d[1] & 0xFF) == 0xD8 && (d[2] & 0xFF) == 0xFF) {
            return "jpeg";
        }
        if (d.length >= 8 && (d[0] & 0xFF) == 0x89 && d[1] == 'P' && d[2] == 'N' && d[3] == 'G') {
            return "png";
        }
        if (d.length >= 6 && d[0] == 'G' && d[1] == 'I' && d[2] == 'F' && d[3] == '8') {
            return "gif";
        }
        if (d.length >= 2 && d[0] == 'B' && d[1] == 'M') {
            return "bmp";
        }
        if (d.length >= 4 && ((d[0] == 'I' && d[1] == 'I' && d[2] == 42 && d[3] == 0)
                || (d[0] == 'M' && d[1] == 'M' && d[2] == 0 && d[3] == 42))) {
            return "tiff";
        }
        if (d.length >= 12 && d[0] == 'R' && d[1] == 'I' && d[2] == 'F' && d[3] == 'F'
                && d[8] == 'W' && d[9] == 'E' && d[10] == 'B' && d[11] == 'P') {
            return "webp";
        }
        return null;
    }

    private Decoded decode(byte[] data, String source) throws ImageReadException {
        String format = sniffFormat(data);
        if (format == null) {
            throw new ImageReadException(source, data.length == 0 ? "empty file"
                    : "not an image in a supported format (JPEG, PNG, GIF, BMP, TIFF, WebP)");
        }
        List<String> warnings = new ArrayList<>();
        if (format.equals("jpeg") && !hasEndOfImage(data)) {
            // One rule with `jpeg dump`: data that is complete without its end marker is read, with a warning.
            // Complete means every component's coefficients decode to the end, checked by the coefficient reader
            // (which refuses entropy data that ends early); then the decoder gets the marker appended, so that it
            // does not fill the missing marker in with its own "premature end" guess.
            try {
                JpegCoefficientReader.builder().optMaxPixels(maxPixels).build().decode(data, source);
            } catch (ImageReadException e) {
                throw new ImageReadException(source, "truncated JPEG data (no end-of-image marker; " + e.problem() + ")");
            }
            data = Arrays.copyOf(data, data.length + 2);
            data[data.length - 2] = (byte) 0xFF;
            data[data.length - 1] = (byte) 0xD9;
            warnings.add(NO_END_OF_IMAGE_WARNING);
        }
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new ImageReadException(source, "no decoder for " + format + " on the class path");
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, true, true);
            reader.addIIOReadWarningListener(new IIOReadWarningListener() {
                @Override
                public void warningOccurred(ImageReader r, String warning) {
                    warnings.add(warning);
                }
            });
            long width = reader.getWidth(0);
            long height = reader.getHeight(0);
            checkPixels(source, width, height);
            reader.addIIOReadProgressListener(new AbortWhenCancelled());
            BufferedImage image = reader.read(0);
            Cancellation.checkpoint(); // an aborted read returns a partial image: never use it
            for (String w : warnings) {
                String lower = w.toLowerCase(Locale.ROOT);
                if (lower.contains("premature end") || lower.contains("truncat")) {
                    throw new ImageReadException(source, "truncated " + format.toUpperCase(Locale.ROOT) + " data (" + w + ")");
                }
            }
            return new Decoded(format, image, List.copyOf(warnings));
        } catch (ImageReadException | CancelledException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageReadException(source, "corrupt or truncated " + format.toUpperCase(Locale.ROOT) + " data ("
                    + describe(e) + ")", e);
        } catch (OutOfMemoryError e) {
            throw new ImageReadException(source, "out of memory while decoding the image (heap of at most "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB; try a larger -Xmx, e.g. OMNIIML_JAVA_OPTS=-Xmx8g,"
                    + " or a smaller image)");
        } finally {
            reader.dispose();
        }
    }

    /** Aborts a long decode (a 49 MP PNG takes seconds) as soon as the current work is cancelled. */
    private static final class AbortWhenCancelled implements IIOReadProgressListener {
        @Override
        public void imageProgress(ImageReader source, float percentageDone) {
            if (Cancellation.isCurrentCancelled()) {
                source.abort();
            }
        }

        @Override
        public void sequenceStarted(ImageReader source, int minIndex) {
        }

        @Override
        public void sequenceComplete(ImageReader source) {
        }

        @Override
        public void imageStarted(ImageReader source, int imageIndex) {
        }

        @Override
        public void imageComplete(ImageReader source) {
        }

        @Override
        public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {
        }

        @Override
        public void thumbnailProgress(ImageReader source, float percentageDone) {
        }

        @Override
        public void thumbnailComplete(ImageReader source) {
        }

        @Override
        public void readAborted(ImageReader source) {
        }
    }

    private void checkPixels(String source, long width, long height) throws ImageReadException {
        if (width <= 0 || height <= 0) {
            throw new ImageReadException(source, "invalid image size " + width + "x" + height);
        }
        long pixels = width * height;
        if (pixels > maxPixels) {
            throw new ImageReadException(source, String.format(Locale.ROOT, "%dx%d = %s exceeds the limit of %s",
                    width, height, megapixels(pixels), megapixels(maxPixels)));
        }
    }

    private static String megapixels(long pixels) {
        double mp = pixels / 1e6;
        return (mp == Math.rint(mp) ? String.valueOf((long) mp) : String.format(Locale.ROOT, "%.1f", mp)) + " MP";
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }

    /**
     * True if an EOI marker (FFD9) follows the first scan. The header segments are walked by their lengths so that
     * an EXIF thumbnail's own EOI (inside APP1) does not count; bytes after the EOI are allowed, as cameras add them.
     */
    public static boolean hasEndOfImage(byte[] d) {
        int pos = 2;
        while (pos + 4 <= d.length) {
            if ((d[pos] & 0xFF) != 0xFF) {
                return false; // not a marker where one must be: let the decoder describe the damage
            }
            int marker = d[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++; // fill byte
                continue;
            }
            if (marker == 0xDA) {
                break;
            }
            if (marker == 0xD9) {
                return true;
            }
            pos += 2 + (((d[pos + 2] & 0xFF) << 8) | (d[pos + 3] & 0xFF));
        }
        for (int i = d.length - 2; i >= pos; i--) {
            if ((d[i] & 0xFF) == 0xFF && (d[i + 1] & 0xFF) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    /** EXIF orientation 1..8, or 1 when the file has none or unreadable metadata (it never blocks loading). */
    static int exifOrientation(Optional<Metadata> metadata) {
        try {
            for (ExifIFD0Directory dir : metadata.map(m -> m.getDirectoriesOfType(ExifIFD0Directory.class))
                    .orElse(List.of())) {
                if (dir.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                    int o = dir.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                    return o >= 1 && o <= 8 ? o : 1;
                }
            }
        } catch (Exception e) {
            // Broken metadata is common and must not make a decodable image unusable.
        }
        return 1;
    }

    /**
     * Converts any decoded image to TYPE_INT_RGB. sRGB and gray samples are scaled from their bit depth
     * directly (Java2D would apply a gamma to CS_GRAY); other colour spaces (CMYK already converted by the
     * plugin, ICC profiles) go through the colour model. Alpha is dropped.
     */
    public static BufferedImage toRgb(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        ColorModel cm = src.getColorModel();
        ColorSpace cs = cm.getColorSpace();
        boolean direct = !(cm instanceof IndexColorModel) && !cm.isAlphaPremultiplied()
                && (cs.isCS_sRGB() || cs.getType() == ColorSpace.TYPE_GRAY);
        if (!direct) {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                src.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    dst[y * w + x] = row[x] & 0xFFFFFF;
                }
            }
            return out;
        }
        Raster raster = src.getRaster();
        int bands = raster.getNumBands();
        int colorBands = cm.getNumColorComponents();
        int[] max = new int[bands];
        for (int b = 0; b < bands; b++) {
            max[b] = (1 << cm.getComponentSize(b)) - 1;
        }
        int[] samples = new int[w * bands];
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, samples);
            for (int x = 0; x < w; x++) {
                int base = x * bands;
                int r = scale(samples[base], max[0]);
                int g = colorBands >= 3 ? scale(samples[base + 1], max[1]) : r;
                int b = colorBands >= 3 ? scale(samples[base + 2], max[2]) : r;
                dst[y * w + x] = (r << 16) | (g << 8) | b;
            }
        }
        return out;
    }

    private static int scale(int sample, int max) {
        return max == 255 ? sample & 0xFF : (int) ((sample * 255L * 2 + max) / (2L * max));
    }

    /**
     * For EXIF orientation 2..8: the index in the stored w x h raster of display pixel (x, y). One mapping serves
     * the pixels here and the network's maps (model's OrientationOps), so both turn alike.
     */
    public static int orientedSourceIndex(int x, int y, int w, int h, int orientation) {
        return switch (orientation) {
            case 2 -> y * w + (w - 1 - x);
            case 3 -> (h - 1 - y) * w + (w - 1 - x);
            case 4 -> (h - 1 - y) * w + x;
            case 5 -> x * w + y;
            case 6 -> (h - 1 - x) * w + y;
            case 7 -> (h - 1 - x) * w + (w - 1 - y);
            default -> x * w + (w - 1 - y); // 8: rotate 90 counter-clockwise
        };
    }

    /** Applies EXIF orientation 1..8 to TYPE_INT_RGB pixels (display = what a viewer shows). */
    public static BufferedImage orient(BufferedImage rgb, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return rgb;
        }
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int[] src = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                dst[y * ow + x] = src[orientedSourceIndex(x, y, w, h, orientation)];
            }
        }
        return out;
    }

    /** DJL-style builder. */
    public static final class Builder {
        private long maxPixels = DEFAULT_MAX_PIXELS;

        private Builder() {
        }

        /** Largest width*height accepted, checked from the header before decoding (default 100 MP). */
        public Builder optMaxPixels(long maxPixels) {
            if (maxPixels <= 0) {
                throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
            }
            this.maxPixels = maxPixels;
            return this;
        }

        public ImageLoader build() {
            return new ImageLoader(this);
        }
    }
}
