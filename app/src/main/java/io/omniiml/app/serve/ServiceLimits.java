package io.omniiml.app.serve;

import java.util.Locale;

/**
 * How many analyses the service runs at once and how large an image it accepts, derived from the JVM's max heap
 * and the measured heap cost of one analysis per pixel, so that the accepted work always fits in memory:
 * <pre>
 * budget     = HEAP_SHARE x max heap
 * workers    = min(requested workers, max(1, budget / (BYTES_PER_PIXEL x MIN_PIXELS_PER_WORKER)))
 * max pixels = min(requested max pixels, budget / (workers x BYTES_PER_PIXEL))
 * </pre>
 * Larger uploads are refused with 413 from their header, before decoding. The rest of the heap holds the waiting
 * uploads (at most queue x upload limit, undecoded), Jetty and the garbage collector's headroom.
 *
 * @param workers       analyses that run at once
 * @param maxPixels     the largest image accepted (width x height)
 * @param maxHeapBytes  the heap the rule was derived from
 */
public record ServiceLimits(int workers, long maxPixels, long maxHeapBytes) {
    /** Share of the max heap that running analyses may use (the same share as {@code scan}). */
    public static final double HEAP_SHARE = 0.6;
    /**
     * Heap of one service analysis per image pixel (network + fusion + explanation + the answer's PNGs): the peak
     * heap after a collection during the request, 147 bytes/px at 4 MP and 135 at 12 MP (fixed costs weigh more on
     * small images), rounded up; {@code ServeMemoryBench}, synthetic PNGs, default model (docs/apps.md, "Memory").
     */
    public static final long BYTES_PER_PIXEL = 150;
    /** Workers are not added beyond the point where each could no longer take a 12 MP photo. */
    public static final long MIN_PIXELS_PER_WORKER = 12_000_000L;

    public static ServiceLimits derive(long maxHeapBytes, int requestedWorkers, long requestedMaxPixels) {
        if (requestedWorkers < 1 || requestedMaxPixels < 1) {
            throw new IllegalArgumentException("workers and max pixels must be positive, got " + requestedWorkers
                    + ", " + requestedMaxPixels);
        }
        long budget = (long) (HEAP_SHARE * maxHeapBytes);
        int workers = (int) Math.max(1, Math.min(requestedWorkers, budget / (BYTES_PER_PIXEL * MIN_PIXELS_PER_WORKER)));
        long pixels = Math.max(1, Math.min(requestedMaxPixels, budget / ((long) workers * BYTES_PER_PIXEL)));
        return new ServiceLimits(workers, pixels, maxHeapBytes);
    }

    /** The limits for this JVM ({@code Runtime.maxMemory()}). */
    public static ServiceLimits forThisJvm(int requestedWorkers, long requestedMaxPixels) {
        return derive(Runtime.getRuntime().maxMemory(), requestedWorkers, requestedMaxPixels);
    }

    /** One line for the start-up message and the 413 answer. */
    public String describe() {
        return String.format(Locale.ROOT, "%d worker%s, at most %.1f MP per image (%.0f%% of the %d MB heap at %d bytes per pixel)",
                workers, workers == 1 ? "" : "s", maxPixels / 1e6, HEAP_SHARE * 100, maxHeapBytes >> 20, BYTES_PER_PIXEL);
    }
}
