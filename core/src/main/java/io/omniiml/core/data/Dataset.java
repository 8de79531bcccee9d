package io.omniiml.core.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A dataset as {@link Datasets#open(Path)} found it.
 *
 * @param name     folder or file name, for reports
 * @param root     the path that was opened
 * @param layout   which layout was recognised: tp-gt, json-list, manifest, images-masks
 * @param samples  the samples, in a stable order
 * @param problems pairing problems found while opening (e.g. an image without a mask in Tp/)
 */
public record Dataset(String name, Path root, String layout, List<Sample> samples, List<DatasetProblem> problems) {
    public Dataset {
        samples = List.copyOf(samples);
        problems = List.copyOf(problems);
    }

    public long tamperedCount() {
        return samples.stream().filter(s -> !s.isAuthentic()).count();
    }
}
