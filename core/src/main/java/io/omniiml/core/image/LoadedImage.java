package io.omniiml.core.image;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A decoded image ready for analysis.
 *
 * @param source          file or upload name (for messages)
 * @param format          container format sniffed from the magic bytes: jpeg, png, gif, bmp, tiff, webp
 * @param width           width of {@code image} (after the EXIF orientation was applied)
 * @param height          height of {@code image} (after the EXIF orientation was applied)
 * @param image           8-bit RGB pixels ({@link BufferedImage#TYPE_INT_RGB}), EXIF orientation applied,
 *                        16-bit samples rounded to 8 bits, alpha dropped
 * @param exifOrientation the EXIF orientation tag (1..8; 1 when absent). JPEG coefficients never get it applied.
 * @param bytes           the original file bytes (the JPEG coefficient reader needs them)
 * @param warnings        decoder warnings that did not make the file unusable (e.g. bytes after the end marker)
 */
public record LoadedImage(String source, String format, int width, int height, BufferedImage image,
                          int exifOrientation, byte[] bytes, List<String> warnings) {

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
}
