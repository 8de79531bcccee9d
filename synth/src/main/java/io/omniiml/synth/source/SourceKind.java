package io.omniiml.synth.source;

import io.omniiml.core.data.Task;

/**
 * Where a source image comes from; decides the task and which manipulations apply. A host kind gives the
 * image a sample starts from; the others only lend content to edits (splice donors).
 */
public enum SourceKind {
    NATURAL_PHOTO(Task.NATURAL, true), RECEIPT_SCAN(Task.DOCUMENT, true), RENDERED_DOCUMENT(Task.DOCUMENT, true),
    SCENE_TEXT_PHOTO(Task.SCENE_TEXT, true), FACE_CROP(Task.FACE, true),
    /** Camera-original JPEGs at full resolution, with the camera's own quantization tables. */
    CAMERA_PHOTO(Task.NATURAL, true),
    /** ImageNet photos: an object near the centre, lent to splices only. */
    OBJECT_PHOTO(Task.NATURAL, false);

    private final Task task;
    private final boolean host;

    SourceKind(Task task, boolean host) {
        this.task = task;
        this.host = host;
    }

    public Task task() {
        return task;
    }

    /** Whether samples start from images of this kind (false: donors only). */
    public boolean host() {
        return host;
    }
}
