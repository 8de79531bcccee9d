package io.omniiml.core.data;

import java.util.Locale;

/** The four kinds of image that one model serves (the paper's four tasks). */
public enum Task {
    NATURAL, DOCUMENT, FACE, SCENE_TEXT;

    /** The name used in files and on the command line: natural, document, face, scene_text. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Task fromId(String id) {
        for (Task t : values()) {
            if (t.id().equals(id.trim().toLowerCase(Locale.ROOT).replace('-', '_'))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown task '" + id + "' (expected natural, document, face or scene_text)");
    }
}
