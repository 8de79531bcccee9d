package io.omniiml.training;

import io.omniiml.core.data.Task;
import io.omniiml.core.mask.Mask;

import java.awt.image.BufferedImage;

/**
 * One image with its ground truth, as the pipeline receives it from the generator or a real dataset.
 *
 * @param id        stable name (for messages and logs)
 * @param task      its task, or null when a real dataset does not say
 * @param image     8-bit RGB pixels as stored (no EXIF orientation applied when {@code jpeg} holds coefficients)
 * @param jpeg      the JPEG file bytes whose luminance coefficients belong to {@code image}, or null for a non-JPEG
 *                  input (its coefficients come from encoding the pixels, see {@link ExampleOps#NON_JPEG_QUALITY})
 * @param mask      ground truth with the size of {@code image} (all zero for an authentic image)
 */
public record LabelledImage(String id, Task task, BufferedImage image, byte[] jpeg, Mask mask) {
    public LabelledImage {
        if (mask.width() != image.getWidth() || mask.height() != image.getHeight()) {
            throw new IllegalArgumentException(id + ": mask " + mask.width() + "x" + mask.height()
                    + " does not match the image " + image.getWidth() + "x" + image.getHeight());
        }
    }
}
