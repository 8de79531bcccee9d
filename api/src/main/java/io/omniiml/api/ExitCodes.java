package io.omniiml.api;

/** The exit status of every command and of the spark-submit job: scripts rely on these numbers. */
public final class ExitCodes {
    public static final int OK = 0;
    /** Some inputs failed (each on its {@code error: FILE: problem} line); the others were processed. */
    public static final int SOME_FAILED = 1;
    /** The command line or a setting was wrong; nothing was processed. */
    public static final int USAGE = 2;
    /** A fault of the program itself. */
    public static final int INTERNAL = 3;

    private ExitCodes() {
    }
}
