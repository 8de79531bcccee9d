package io.omniiml.core.data;

import java.nio.file.Path;

/**
 * Something wrong with a dataset: a missing or unreadable file, an image/mask size mismatch, an unpaired image.
 *
 * @param sampleId the sample concerned, or null for the dataset as a whole
 * @param file     the file concerned, or null
 * @param problem  what is wrong, in words
 */
public record DatasetProblem(String sampleId, Path file, String problem) {
    @Override
    public String toString() {
        return (file != null ? file + ": " : sampleId != null ? sampleId + ": " : "") + problem;
    }
}
