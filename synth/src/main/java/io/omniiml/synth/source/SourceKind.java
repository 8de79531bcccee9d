package io.omniiml.synth.source;

import io.omniiml.core.data.Task;

/** Where a source image comes from; decides the task and which manipulations apply. */
public enum SourceKind {
    NATURAL_PHOTO(Task.NATURAL), RECEIPT_SCAN(Task.DOCUMENT), RENDERED_DOCUMENT(Task.DOCUMENT),
    SCENE_TEXT_PHOTO(Task.SCENE_TEXT), FACE_CROP(Task.FACE);

    private final Task task;

    SourceKind(Task task) {
        this.task = task;
    }

    public Task task() {
        return task;
    }
}
