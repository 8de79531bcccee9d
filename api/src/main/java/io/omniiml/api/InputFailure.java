package io.omniiml.api;

import io.omniiml.core.concurrent.CancelledException;
import io.omniiml.core.image.ImageReadException;

import java.util.Locale;

/**
 * What the front ends (detect, scan, serve, the Spark job) say when one input fails, so that one bad input, in any
 * way, fails alone: the file is reported with the problem in words and the batch goes on.
 *
 * <p>Per-input failures are every {@link Exception}, an {@link OutOfMemoryError} (the image or one stage needed
 * more heap than there is: the references die with the failed analysis, and the next image starts afresh), a
 * {@link StackOverflowError} and any other {@link Error} except the JVM's own breakdowns ({@link InternalError},
 * {@link UnknownError}), which end the run.
 */
public final class InputFailure {
    private InputFailure() {
    }

    /** Whether a front end reports {@code t} on the input's line and goes on (false: let it end the run). */
    public static boolean isPerInput(Throwable t) {
        if (t instanceof OutOfMemoryError || t instanceof StackOverflowError) {
            return true;
        }
        return t instanceof Exception || (t instanceof Error && !(t instanceof VirtualMachineError));
    }

    /** The out-of-memory error in {@code t} or its causes, or null. */
    public static OutOfMemoryError outOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof OutOfMemoryError oom) {
                return oom;
            }
        }
        return null;
    }

    /**
     * The problem in words for {@code error: FILE: problem} (without the file name).
     *
     * @param pixels the image's pixel count when known (decoded), else 0
     */
    public static String problem(Throwable t, long pixels) {
        if (t instanceof ImageReadException ire) {
            return ire.problem();
        }
        if (t instanceof NonFiniteResultException || t instanceof CancelledException) {
            return t.getMessage();
        }
        if (outOfMemory(t) != null) {
            String stage = t instanceof AnalysisStageException s ? " in " + s.stage() : "";
            return outOfMemory(stage, pixels);
        }
        if (t instanceof AnalysisStageException) {
            return t.getMessage();
        }
        return "analysis failed: " + describe(t);
    }

    /** "out of memory (...; try a larger -Xmx ...)" for an image of {@code pixels} pixels (0: unknown). */
    public static String outOfMemory(String stage, long pixels) {
        long heapMiB = Runtime.getRuntime().maxMemory() >> 20;
        String size = pixels > 0 ? String.format(Locale.ROOT, "a %.1f MP image", pixels / 1e6) : "this image";
        return String.format(Locale.ROOT, "out of memory%s (%s with a heap of at most %d MiB; try a larger -Xmx, e.g."
                + " OMNIIML_JAVA_OPTS=-Xmx%dg, or a smaller image; the other inputs go on)", stage, size, heapMiB,
                Math.max(2, 2 * Math.round(Math.ceil(heapMiB / 1024.0))));
    }

    /** A throwable in a few words: its class (simple name) and message. */
    public static String describe(Throwable t) {
        String m = t.getMessage();
        String name = t.getClass().getSimpleName();
        return m == null || m.isBlank() ? name : name + ": " + m;
    }
}
