package io.omniiml.app.serve;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceLimitsTest {
    private static final long GIB = 1L << 30;

    @Test
    void pixelsFollowTheHeapAndTheRequestCapsThem() {
        ServiceLimits small = ServiceLimits.derive(GIB, 1, 50_000_000L);
        assertEquals((long) (ServiceLimits.HEAP_SHARE * GIB) / ServiceLimits.BYTES_PER_PIXEL, small.maxPixels());
        ServiceLimits twice = ServiceLimits.derive(2 * GIB, 1, 50_000_000L);
        assertTrue(twice.maxPixels() >= 2 * small.maxPixels() - 1, "twice the heap, twice the pixels");
        assertEquals(1_000_000L, ServiceLimits.derive(64 * GIB, 1, 1_000_000L).maxPixels(), "never above the request");
    }

    @Test
    void workersAreLoweredUntilEachCanTakeA12MegapixelPhoto() {
        assertEquals(1, ServiceLimits.derive(GIB, 8, 50_000_000L).workers());
        ServiceLimits big = ServiceLimits.derive(64 * GIB, 8, 50_000_000L);
        long perWorker = (long) (ServiceLimits.HEAP_SHARE * 64 * GIB) / (big.workers() * ServiceLimits.BYTES_PER_PIXEL);
        assertTrue(big.workers() >= 1 && big.workers() <= 8);
        assertTrue(perWorker >= ServiceLimits.MIN_PIXELS_PER_WORKER, "each worker fits a 12 MP photo: " + perWorker);
        assertEquals(Math.min(50_000_000L, perWorker), big.maxPixels());
        assertThrows(IllegalArgumentException.class, () -> ServiceLimits.derive(GIB, 0, 1));
    }
}
