package io.omniiml.synth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omniiml.core.data.Task;
import io.omniiml.core.mask.Box;
import io.omniiml.core.mask.Mask;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One generated sample.
 *
 * @param id           stable name: task, split, seed and index ("natural-train-s42-000000017")
 * @param task         the task of its source
 * @param split        train, val or test (the split of its source images)
 * @param image        the final pixels, decoded from {@code encoded} (after post-processing)
 * @param encoded      the final file bytes (JPEG or PNG); the network reads JPEG coefficients from them
 * @param format       "jpeg" or "png"
 * @param mask         the exact tampering mask in the final geometry (empty for authentic samples)
 * @param boxes        bounding boxes of the mask's 8-connected components
 * @param description  the Omni-273k fields: content, absolute_position, relative_position, artifacts
 * @param manipulation type and parameters of the edit(s), the source and the post-processing
 */
public record SyntheticSample(String id, Task task, String split, BufferedImage image, byte[] encoded, String format,
                              Mask mask, List<Box> boxes, ObjectNode description, ObjectNode manipulation) {

    public boolean authentic() {
        return boxes.isEmpty() && mask.count() == 0;
    }

    /** File extension for {@link #encoded}: "jpg" or "png". */
    public String extension() {
        return "jpeg".equals(format) ? "jpg" : "png";
    }
}
