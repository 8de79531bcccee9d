package io.omniiml.core.data;

import io.omniiml.core.image.ImageLoader;
import io.omniiml.core.image.ImageReadException;
import io.omniiml.core.image.LoadedImage;
import io.omniiml.core.mask.Mask;
import io.omniiml.core.mask.MaskOps;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates a dataset: missing files, unreadable (corrupt, truncated, too large) images and masks, image/mask
 * size mismatches, duplicate ids, plus the pairing problems found when opening. Never throws on bad data.
 */
public final class DatasetCheck {
    private DatasetCheck() {
    }

    public static List<DatasetProblem> check(Dataset dataset) {
        return check(dataset, ImageLoader.DEFAULT);
    }

    public static List<DatasetProblem> check(Dataset dataset, ImageLoader loader) {
        List<DatasetProblem> problems = new ArrayList<>(dataset.problems());
        Set<String> ids = new HashSet<>();
        for (Sample s : dataset.samples()) {
            if (!ids.add(s.id())) {
                problems.add(new DatasetProblem(s.id(), s.image(), "duplicate sample id '" + s.id() + "'"));
            }
            LoadedImage image = null;
            if (!Files.isRegularFile(s.image())) {
                problems.add(new DatasetProblem(s.id(), s.image(), "missing image file"));
            } else {
                try {
                    image = loader.load(s.image());
                } catch (ImageReadException e) {
                    problems.add(new DatasetProblem(s.id(), s.image(), "unreadable image: " + e.problem()));
                }
            }
            if (s.mask() == null) {
                continue;
            }
            if (!Files.isRegularFile(s.mask())) {
                problems.add(new DatasetProblem(s.id(), s.mask(), "missing mask file"));
                continue;
            }
            Mask mask;
            try {
                mask = MaskOps.read(s.mask());
            } catch (ImageReadException e) {
                problems.add(new DatasetProblem(s.id(), s.mask(), "unreadable mask: " + e.problem()));
                continue;
            }
            if (image != null && (image.width() != mask.width() || image.height() != mask.height())) {
                problems.add(new DatasetProblem(s.id(), s.mask(), "size mismatch: image " + image.width() + "x"
                        + image.height() + " but mask " + mask.width() + "x" + mask.height()));
            }
        }
        return problems;
    }
}
