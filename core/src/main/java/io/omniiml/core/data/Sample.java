package io.omniiml.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniiml.core.mask.Box;

import java.util.List;

/**
 * One labelled image of a dataset.
 *
 * @param image       the image file
 * @param mask        the ground-truth mask file, or null for an authentic image
 * @param task        natural, document, face or scene text; null when the layout does not say
 * @param boxes       tampered regions as boxes (empty when unknown; derive them from the mask with MaskOps.boxes)
 * @param description free-form explanation of the manipulation (manifest only), or null
 * @param id          unique name within the dataset (the image file stem unless the manifest gives one);
 *                    predictions are matched by it
 */
public record Sample(java.nio.file.Path image, java.nio.file.Path mask, Task task, List<Box> boxes,
                     JsonNode description, String id) {
    public Sample {
        boxes = boxes == null ? List.of() : List.copyOf(boxes);
    }

    public boolean isAuthentic() {
        return mask == null;
    }
}
