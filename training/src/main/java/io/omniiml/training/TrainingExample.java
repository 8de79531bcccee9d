package io.omniiml.training;

import io.omniiml.core.data.Task;
import io.omniiml.core.mask.Box;
import io.omniiml.training.step.TrainingBatch;

import java.util.List;

/**
 * One network input of side {@code size} with its targets, as plain arrays (row-major, channel-first). Pixels
 * outside the source image (when it was smaller than {@code size}) are zero padding.
 *
 * @param id          source sample id plus the crop offset and flips applied
 * @param task        task, or null if unknown
 * @param size        side in pixels (multiple of 32)
 * @param rgb         3 * size * size floats in [0, 1]
 * @param dct         size * size luminance DCT coefficients, jpegio layout, aligned with the pixels
 * @param qtable      the 64 luminance quantization table entries, natural order
 * @param mask        size * size values 0/1
 * @param boxes       the mask's 8-connected components
 * @param tampered    whether any pixel is tampered (the image-level label)
 * @param validWidth  width of the image part (the rest is padding; unflipped examples have it at the left)
 * @param validHeight height of the image part (at the top when not flipped)
 */
public record TrainingExample(String id, Task task, int size, float[] rgb, short[] dct, int[] qtable, byte[] mask,
                              List<Box> boxes, boolean tampered, int validWidth, int validHeight) {

    public void addTo(TrainingBatch.Builder batch) {
        batch.addSample(rgb, dct, qtable, mask, boxes, tampered);
    }
}
