package io.omniiml.core.image;

import java.io.IOException;

/**
 * An image (or JPEG stream) that cannot be used, with the file it came from and the problem in words.
 * Its message is meant for the user as it is: "photo.jpg: truncated JPEG data (stream ends inside scan 1)".
 */
public class ImageReadException extends IOException {
    private final String source;
    private final String problem;

    public ImageReadException(String source, String problem) {
        this(source, problem, null);
    }

    public ImageReadException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.problem = problem;
    }

    /** The file name (or upload name) the data came from. */
    public String source() {
        return source;
    }

    /** What is wrong, without the file name. */
    public String problem() {
        return problem;
    }
}
