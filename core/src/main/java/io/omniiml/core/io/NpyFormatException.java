package io.omniiml.core.io;

import java.io.IOException;

/** A .npy file that cannot be read, with the file name and the problem: "pred.npy: unsupported dtype '&lt;c8'". */
public class NpyFormatException extends IOException {
    public NpyFormatException(String source, String problem) {
        super(source + ": " + problem);
    }
}
